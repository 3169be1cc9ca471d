/**
 * The renderer is served from `app://paramsketch/`, a privileged custom scheme, rather than file://:
 * a file:// page shares its origin with every local file, while this origin is the app's alone, so IPC
 * can accept exactly it. Pure functions (no Electron import): tested in Node.
 */
import { readFile } from 'node:fs/promises';
import { contentTypeOf, decodeTargetPath, staticFileFor } from '../static-files';

export const APP_SCHEME = 'app';
const APP_HOST = 'paramsketch';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged`, before the app is ready: `standard` gives the scheme
 * real origins and relative URLs, `secure` makes it a secure context (as https), and ES modules load.
 */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } };

const parse = (url: string): URL | undefined => {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

/**
 * Whether a frame's URL is the app's own page: `app://paramsketch/…` exactly, or (in development) the
 * same origin as electron-vite's dev server. Not a prefix test: `app://paramsketch.evil/` and
 * `http://localhost:5173.evil.example/` are other origins.
 */
export function isAppPage(frameUrl: string, devServerUrl?: string): boolean {
  const page = parse(frameUrl);
  if (!page) return false;
  if (page.protocol === `${APP_SCHEME}:` && page.host === APP_HOST) return true;
  const dev = devServerUrl ? parse(devServerUrl) : undefined;
  return dev !== undefined && /^https?:$/.test(dev.protocol) && page.origin === dev.origin;
}

/** The answer to an `app://` request: a file of the built renderer, or 404 for anything else. */
export async function answerAppRequest(url: string, rendererDir: string, headers: Record<string, string> = {}): Promise<Response> {
  const parsed = parse(url);
  const path = parsed?.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST ? decodeTargetPath(parsed.pathname) : undefined;
  const file = path === undefined ? undefined : staticFileFor(rendererDir, path);
  try {
    if (file) return new Response(await readFile(file), { headers: { ...headers, 'content-type': contentTypeOf(file) } });
  } catch {
    // missing or unreadable: 404 below
  }
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
