/**
 * Browser mode: the built renderer and the API contract over HTTP, for machines without Electron's
 * binary. Bound to 127.0.0.1 only; every API call must carry the per-start token, which the printed
 * URL hands to the page in its fragment (never sent in requests, never logged by servers).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { answer, API_METHODS, type ApiHandlers, type ApiMethod } from '../shared/api';
import { MAX_FILE_BYTES } from '../shared/files/format';
import { contentTypeOf, decodeTargetPath, staticFileFor } from './static-files';

export interface BrowserModeOptions {
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  handlers: ApiHandlers;
  /** 0 picks a free port. */
  port?: number;
  /** Bytes of API bodies held at once, all requests together (tests lower it). */
  bodyBudget?: number;
}

export interface BrowserMode {
  url: string;
  token: string;
  close(): Promise<void>;
}

/** One API call's body: twice the largest file the app opens, so any design it opened can be saved. */
export const MAX_BODY = 2 * MAX_FILE_BYTES;
/**
 * All API bodies being read or handled at once. Each body is held as bytes, then text, then parsed
 * JSON while its call runs; ten concurrent 63 MB bodies once took the server to 893 MB. Beyond the
 * budget a request is turned away (503, try again) instead of buffered.
 */
export const BODY_BUDGET = 2 * MAX_BODY;

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

/** Answers without reading the rest of the body: the connection is closed rather than left half-read. */
function refuseBody(request: IncomingMessage, response: ServerResponse, status: number, text: string) {
  response.setHeader('connection', 'close');
  response.once('finish', () => request.destroy());
  send(response, status, text);
}

/** Byte lengths first: a header with a non-ASCII character has as many characters as the token but more bytes. */
function sameToken(given: string, token: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export function startBrowserMode({ rendererDir, handlers, port = 0, bodyBudget = BODY_BUDGET }: BrowserModeOptions): Promise<BrowserMode> {
  const token = randomBytes(24).toString('base64url');
  let hosts = new Set<string>();
  let bodyBytesHeld = 0;

  /** Reserves body bytes until the response is done; false when the budget has no room for them. */
  function holdBodyBytes(response: ServerResponse, bytes: number): boolean {
    if (bodyBytesHeld + bytes > bodyBudget) return false;
    bodyBytesHeld += bytes;
    response.once('close', () => (bodyBytesHeld -= bytes));
    return true;
  }

  /** The body as text, or the status to refuse it with: 413 past MAX_BODY, 503 past the shared budget. */
  async function readBody(request: IncomingMessage, response: ServerResponse): Promise<string | 413 | 503> {
    const declared = Number(request.headers['content-length'] ?? 0) || 0;
    if (declared > MAX_BODY) return 413;
    if (!holdBodyBytes(response, declared)) return 503;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return 413;
      if (size > declared && !holdBodyBytes(response, chunk.length)) return 503;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function serveApi(method: string, request: IncomingMessage, response: ServerResponse) {
    if (request.method !== 'POST') return send(response, 405, 'POST only');
    if (!sameToken(String(request.headers.authorization ?? '').replace(/^Bearer /, ''), token))
      return send(response, 401, 'missing or wrong token: open the URL that `npm run serve` printed');
    if (!(API_METHODS as readonly string[]).includes(method)) return send(response, 404, `no API method '${method}'`);
    const body = await readBody(request, response);
    if (body === 413) return refuseBody(request, response, 413, `request larger than ${MAX_BODY / 2 ** 20} MB`);
    if (body === 503) return refuseBody(request, response, 503, 'too many large requests at once; try again');
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
    const file = staticFileFor(rendererDir, path);
    if (!file) return send(response, 404, 'not found');
    try {
      send(response, 200, await readFile(file), contentTypeOf(file));
    } catch {
      send(response, 404, 'not found');
    }
  }

  async function serve(request: IncomingMessage, response: ServerResponse) {
    // A page on another site could resolve its own name to 127.0.0.1 (DNS rebinding): only our host names pass.
    if (!hosts.has(String(request.headers.host))) return send(response, 421, 'unexpected Host header');
    const path = decodeTargetPath(request.url);
    if (path === undefined) return send(response, 400, 'malformed request target');
    const api = /^\/api\/([A-Za-z]+)$/.exec(path);
    return api ? serveApi(api[1], request, response) : serveFile(path, response);
  }

  // The last line of defence: whatever a request does, it gets an answer and the server keeps serving.
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      console.error('paramsketch browser mode: a request failed:', error);
      if (response.headersSent) response.destroy();
      else send(response, 500, 'internal error');
    });
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
