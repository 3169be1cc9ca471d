/**
 * The pages the app may open in the user's browser (`shell.openExternal`). Exact URLs, not patterns:
 * a renderer that is compromised, or a link in a design's name, must not open whatever it likes (an
 * http URL with credentials, a `file:` or custom-scheme handler). The app links to no outside page
 * today, so the list is empty; a future link (e.g. the project's home page) is added here by name.
 */
export const EXTERNAL_LINKS: readonly string[] = [];

/** Whether `url` is on the allow-list, compared in its parsed, normalised form (so `HTTPS://X/` is `https://x/`). */
export function mayOpenExternally(url: string, allowed: readonly string[] = EXTERNAL_LINKS): boolean {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return false;
  }
  return allowed.some((link) => new URL(link).href === href);
}
