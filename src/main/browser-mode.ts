/**
 * Browser mode: the built renderer and the API contract over HTTP, for machines without Electron's
 * binary. Bound to 127.0.0.1 only; every API call must carry the per-start token, which the printed
 * URL hands to the page in its fragment (never sent in requests, never logged by servers).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { answer, API_METHODS, type ApiHandlers, type ApiMethod } from '../shared/api';

export interface BrowserModeOptions {
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  handlers: ApiHandlers;
  /** 0 picks a free port. */
  port?: number;
}

export interface BrowserMode {
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 2 ** 20;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function send(response: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const sameToken = (given: string, token: string) =>
  given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

export function startBrowserMode({ rendererDir, handlers, port = 0 }: BrowserModeOptions): Promise<BrowserMode> {
  const token = randomBytes(24).toString('base64url');
  const root = normalize(rendererDir + sep);
  let hosts = new Set<string>();

  async function serveApi(method: string, request: IncomingMessage, response: ServerResponse) {
    if (request.method !== 'POST') return send(response, 405, 'POST only');
    if (!sameToken(String(request.headers.authorization ?? '').replace(/^Bearer /, ''), token))
      return send(response, 401, 'missing or wrong token: open the URL that `npm run serve` printed');
    if (!(API_METHODS as readonly string[]).includes(method)) return send(response, 404, `no API method '${method}'`);
    const body = await readBody(request);
    if (body === undefined) {
      // The rest of the body is never read: close the connection rather than leave it half-read.
      response.setHeader('connection', 'close');
      response.once('finish', () => request.destroy());
      return send(response, 413, `request larger than ${MAX_BODY / 2 ** 20} MB`);
    }
    let payload: { input?: unknown };
    try {
      payload = body ? JSON.parse(body) : {};
    } catch {
      return send(response, 400, 'request body is not JSON');
    }
    const result = await answer(handlers, method as ApiMethod, payload?.input);
    send(response, 200, JSON.stringify(result), 'application/json');
  }

  async function serveFile(path: string, response: ServerResponse) {
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) return send(response, 404, 'not found');
    try {
      send(response, 200, await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream');
    } catch {
      send(response, 404, 'not found');
    }
  }

  const server = createServer((request, response) => {
    // A page on another site could resolve its own name to 127.0.0.1 (DNS rebinding): only our host names pass.
    if (!hosts.has(String(request.headers.host))) return send(response, 421, 'unexpected Host header');
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const api = /^\/api\/([A-Za-z]+)$/.exec(pathname);
    const done = api ? serveApi(api[1], request, response) : serveFile(decodeURIComponent(pathname), response);
    done.catch((error) => send(response, 500, String(error)));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as AddressInfo).port;
      hosts = new Set([`127.0.0.1:${bound}`, `localhost:${bound}`]);
      resolve({
        url: `http://127.0.0.1:${bound}/#token=${token}`,
        token,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
