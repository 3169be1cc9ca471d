/** The picture's two themes: the app's light and dark colours (app.css), fixed so a file looks the same anywhere. */
export interface Theme {
  background: string;
  nodeBg: string;
  text: string;
  muted: string;
  edge: string;
  error: string;
  /** How much of the family colour a box's fill takes. */
  tint: number;
}

export type ThemeName = 'light' | 'dark';

export const THEMES: Readonly<Record<ThemeName, Theme>> = {
  light: { background: '#ffffff', nodeBg: '#ffffff', text: '#1d2330', muted: '#667085', edge: '#5d6675', error: '#c62828', tint: 0.12 },
  dark: { background: '#15181e', nodeBg: '#252a34', text: '#e4e7ee', muted: '#98a2b3', edge: '#a3acbb', error: '#ff6b6b', tint: 0.2 },
};
