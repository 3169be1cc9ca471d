/** The editor's keyboard shortcuts, as data: the key handler and the shortcut sheet (`?`) both read this. */
export type Command =
  | 'undo' | 'redo' | 'delete' | 'duplicate' | 'copy' | 'paste' | 'selectAll' | 'save'
  | 'find' | 'fit' | 'zoomIn' | 'zoomOut' | 'layout' | 'snap' | 'convention' | 'search' | 'help' | 'escape'
  | 'library' | 'history' | 'newDesign' | 'gallery' | 'makeBlock' | 'openBlock' | 'collapseRepeats';

export interface Shortcut {
  /** e.g. `Mod+Shift+Z`; Mod is Ctrl, or ⌘ on a Mac. */
  keys: string[];
  command: Command;
  label: string;
  /** Also while typing in a text field (app-level undo stays consistent with live field edits). */
  inFields?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Mod+Z'], command: 'undo', label: 'Undo', inFields: true },
  { keys: ['Mod+Shift+Z', 'Mod+Y'], command: 'redo', label: 'Redo', inFields: true },
  { keys: ['Delete', 'Backspace'], command: 'delete', label: 'Delete the selection' },
  { keys: ['Mod+D'], command: 'duplicate', label: 'Duplicate the selection' },
  { keys: ['Mod+C'], command: 'copy', label: 'Copy the selection (with the edges between)' },
  { keys: ['Mod+V'], command: 'paste', label: 'Paste' },
  { keys: ['Mod+A'], command: 'selectAll', label: 'Select all' },
  { keys: ['Mod+G'], command: 'makeBlock', label: 'Make a block of the selected layers' },
  { keys: ['Mod+Shift+G'], command: 'collapseRepeats', label: 'Collapse repeated structure: runs of identical layers become blocks ×N' },
  { keys: ['Enter'], command: 'openBlock', label: 'Open the selected block (or double-click it); Esc goes back' },
  { keys: ['Mod+S'], command: 'save', label: 'Save a snapshot (every change is saved anyway)', inFields: true },
  { keys: ['Mod+O'], command: 'library', label: 'Library: open, compare, rename, delete', inFields: true },
  { keys: ['H'], command: 'history', label: 'History of this design' },
  { keys: ['N'], command: 'newDesign', label: 'New design' },
  { keys: ['T'], command: 'gallery', label: 'Start from a template (gallery)' },
  { keys: ['F'], command: 'fit', label: 'Fit the whole design in view' },
  { keys: ['+', '='], command: 'zoomIn', label: 'Zoom in' },
  { keys: ['-'], command: 'zoomOut', label: 'Zoom out' },
  { keys: ['L'], command: 'layout', label: 'Auto-layout, then fit the whole design in view' },
  { keys: ['G'], command: 'snap', label: 'Snap to grid on / off' },
  { keys: ['K'], command: 'convention', label: 'Switch Keras ⇄ PyTorch' },
  { keys: ['/'], command: 'search', label: 'Search the palette' },
  { keys: ['Mod+F'], command: 'find', label: 'Find a layer by name or type', inFields: true },
  { keys: ['?'], command: 'help', label: 'This sheet' },
  { keys: ['Escape'], command: 'escape', label: 'Close / clear the selection', inFields: true },
];

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** How a key combination is shown on this platform. */
export const showKeys = (keys: string): string => keys.replace('Mod', isMac ? '⌘' : 'Ctrl');

function matches(keys: string, event: KeyboardEvent): boolean {
  const parts = keys.split('+').filter(Boolean);
  const key = keys.endsWith('++') || keys === '+' ? '+' : parts.pop()!;
  const mod = parts.includes('Mod');
  const shift = parts.includes('Shift');
  if (mod !== (event.ctrlKey || event.metaKey) || event.altKey) return false;
  // Printable symbols (?, +) already carry Shift in the key itself; letters need it said.
  if (key.length === 1 && !/[a-z]/i.test(key)) return event.key === key;
  return shift === event.shiftKey && event.key.toLowerCase() === key.toLowerCase();
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** The command a key press means here, if any. */
export function commandFor(event: KeyboardEvent): Command | undefined {
  const inField = typing(event.target);
  return SHORTCUTS.find((s) => (s.inFields || !inField) && s.keys.some((k) => matches(k, event)))?.command;
}
