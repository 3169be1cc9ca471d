/**
 * The built renderer's files, as both transports serve them (browser mode's HTTP server and Electron's
 * `app://` protocol): a request's path is decoded once, here, and never leaves the renderer folder.
 */
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const contentTypeOf = (file: string): string => CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';

/**
 * The path part of an origin-form request target (`/path?query`), percent-decoded; undefined for
 * anything else: absolute-form (`http://host/…`), `*`, bad percent escapes or invalid UTF-8 (`/%zz`,
 * `/%E0%A4%A`, the overlong `/%c0%ae`), and NUL bytes. Never throws: a malformed target is the client's error.
 */
export function decodeTargetPath(target: string | undefined): string | undefined {
  if (!target?.startsWith('/')) return undefined;
  const raw = target.replace(/[?#].*$/s, '');
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return path.includes('\0') ? undefined : path;
}

/** The file a decoded path names inside `rendererDir` (`/` is index.html), or undefined if it would leave it. */
export function staticFileFor(rendererDir: string, path: string): string | undefined {
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(root) ? file : undefined;
}
