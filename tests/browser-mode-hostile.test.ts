// Browser mode against hostile requests (issue 17, items 1 and 6): malformed request targets, odd
// tokens, bodies past the shared budget, and a few hundred random requests. Raw bytes go over a
// net.Socket, so no client library normalises the target first. Whatever came before, the server
// must still answer a normal request.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../src/main/browser-mode';
import { createServices } from '../src/main/services';
import { openStore } from '../src/main/store/open-store';

const rendererDir = mkdtempSync(join(tmpdir(), 'paramsketch-hostile-'));
const INDEX = '<!doctype html><title>hostile test page</title>';
writeFileSync(join(rendererDir, 'index.html'), INDEX);
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

let server: BrowserMode;
let port: number;
let host: string;
const start = async (handlers = createServices('browser', openStore({ path: ':memory:' })), bodyBudget?: number) => {
  server = await startBrowserMode({ rendererDir, handlers, bodyBudget });
  port = Number(new URL(server.url).port);
  host = `127.0.0.1:${port}`;
};
beforeEach(() => start());
afterEach(() => server.close());

/** Sends `bytes` as they are (without half-closing: the server answers, then closes) and resolves with its reply. */
function rawExchange(bytes: string | Buffer, idleMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => resolve(Buffer.concat(chunks).toString('latin1'));
    socket.setTimeout(idleMs, () => socket.destroy());
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

/** The final status (after any `100 Continue`), 0 for no answer at all. */
const statusOf = (reply: string) => Number([...reply.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1]).find((s) => s !== '100') ?? 0);
const get = (target: string, headers = '') => rawExchange(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${headers}\r\n`);

async function stillServes() {
  const reply = await get('/');
  expect(statusOf(reply)).toBe(200);
  expect(reply).toContain(INDEX);
}

describe('malformed request targets', () => {
  // Each of these threw out of the handler (decodeURIComponent / new URL) and stopped the process.
  const targets = ['/%zz', '/%', '/%E0%A4%A', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 'http://[::1', 'http://127.0.0.1/index.html', '*', '/a%00b', '/api/%zz'];

  for (const target of targets)
    it(`answers 400 to ${target} and keeps serving`, async () => {
      const reply = await get(target);
      expect(statusOf(reply)).toBe(400);
      expect(reply).toContain('malformed request target');
      await stillServes();
    });

  it('answers 401 (not 500 with a RangeError) to a token with a non-ASCII byte', async () => {
    // As many characters as the real token, more bytes: timingSafeEqual threw on the length mismatch.
    const odd = `é${server.token.slice(1)}`;
    const body = '{}';
    const reply = await rawExchange(
      Buffer.concat([
        Buffer.from(`POST /api/appInfo HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nContent-Length: ${body.length}\r\nAuthorization: Bearer `),
        Buffer.from(odd, 'latin1'),
        Buffer.from(`\r\n\r\n${body}`),
      ]),
    );
    expect(statusOf(reply)).toBe(401);
    expect(reply).not.toMatch(/RangeError/);
    await stillServes();
  });
});

describe('the last line of defence', () => {
  it('answers 500 with a generic text when handling fails past every check, logs it, and keeps serving', async () => {
    // A value JSON cannot write (a BigInt) makes the answer itself throw, outside the API's own error values.
    const services = createServices('browser', openStore({ path: ':memory:' }));
    await server.close();
    await start({ ...services, appInfo: () => ({ secret: 10n }) as never });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const reply = await rawExchange(`POST /api/appInfo HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nAuthorization: Bearer ${server.token}\r\nContent-Length: 2\r\n\r\n{}`);
      expect(statusOf(reply)).toBe(500);
      expect(reply).toContain('internal error');
      expect(reply).not.toMatch(/BigInt|TypeError|\n\s+at /); // no error text or stack reaches the page
      expect(String(logged.mock.calls[0]?.[1])).toMatch(/BigInt/);
    } finally {
      logged.mockRestore();
    }
    await stillServes();
  });
});

describe('bodies held at once', () => {
  /** A server whose saves wait for `release()`: their bodies stay held meanwhile. */
  async function heldSaves(bodyBudget?: number) {
    let entered = 0;
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const services = createServices('browser', openStore({ path: ':memory:' }));
    await server.close();
    await start({ ...services, saveDesign: async (input) => (entered++, await gate, services.saveDesign(input)) }, bodyBudget);
    const sketch = { name: 'padded', convention: 'keras', design: { nodes: [], edges: [] }, layout: {} };
    const bodies = new Map<number, Buffer>(); // one per size, shared by the requests
    const save = (bytes: number) => {
      const json = bodies.get(bytes) ?? bodies.set(bytes, Buffer.from(JSON.stringify({ input: { sketch }, pad: ' '.repeat(bytes - 200) }))).get(bytes)!;
      const head = `POST /api/saveDesign HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nAuthorization: Bearer ${server.token}\r\nContent-Length: ${json.length}\r\n\r\n`;
      return rawExchange(Buffer.concat([Buffer.from(head), json]), 30_000);
    };
    const entering = async (n: number) => {
      while (entered < n) await new Promise((done) => setTimeout(done, 5));
    };
    return { save, entering, release };
  }

  it('turns bodies away with 503 while the shared budget is held, and takes them again once released', async () => {
    const { save, entering, release } = await heldSaves(3 * 2 ** 20);
    // Three bodies of 1 MB fill a 3 MB budget; once they are held, seven more are refused unread.
    const held = [save(2 ** 20), save(2 ** 20), save(2 ** 20)];
    await entering(3);
    const refused = await Promise.all(Array.from({ length: 7 }, () => save(2 ** 20)));
    expect(refused.map(statusOf)).toEqual(Array(7).fill(503));
    release();
    expect((await Promise.all(held)).map(statusOf)).toEqual([200, 200, 200]);
    expect(statusOf(await save(2 ** 20))).toBe(200);
    await stillServes();
  });

  // The issue's reproduction: ten concurrent 63 MB bodies took the server to 893 MB. With the default
  // budget (128 MB) two are held and eight refused before a byte of theirs is buffered.
  it('holds at most two of ten concurrent 63 MB bodies', async () => {
    const { save, entering, release } = await heldSaves();
    const big = 63 * 2 ** 20;
    const held = [save(big), save(big)];
    await entering(2);
    const refused = await Promise.all(Array.from({ length: 8 }, () => save(big)));
    expect(refused.map(statusOf)).toEqual(Array(8).fill(503));
    release();
    expect((await Promise.all(held)).map(statusOf)).toEqual([200, 200]);
    await stillServes();
  }, 20_000);

  it('refuses a declared body over 64 MB with 413 before reading it', async () => {
    const reply = await rawExchange(`POST /api/appInfo HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.token}\r\nContent-Length: ${65 * 2 ** 20}\r\n\r\n{`);
    expect(statusOf(reply)).toBe(413);
    await stillServes();
  });
});

describe('random hostile requests (seeded)', () => {
  const token = () => server.token;
  const targetChars = fc.constantFrom(...'/%.aZ09?#:@[]\\~\u00e9 '.split(''), '%zz', '%c0%ae', '%E0%A4%A', '%00', '%2e%2e', '/api/', 'appInfo', 'saveDesign');
  const target = fc.oneof(
    fc.array(targetChars, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
    fc.constantFrom('*', 'http://[::1', 'http://127.0.0.1/', '//', '/api/appInfo', '/api/saveDesign', '/api/nope'),
  );
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'BREW');
  const header = fc.oneof(
    fc.constantFrom('Authorization: Bearer TOKEN', 'Authorization: Bearer é', 'Authorization: TOKEN', 'Content-Type: application/json', 'Transfer-Encoding: chunked', 'Expect: 100-continue'),
    fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.string({ maxLength: 20 })).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
  );
  const body = fc.oneof(
    fc.constant(''),
    fc.constantFrom('{', '{"input":{"sketch":{}}}', '{"input":{"id":"x"}}', 'null', '[]', '{"input":{"sketch":{"name":"a","convention":"keras","design":{"nodes":[],"edges":[]},"layout":{}}}}'),
    fc.json({ maxDepth: 3 }),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  );
  const hostile = fc.record({ target, method, headers: fc.array(header, { maxLength: 4 }), body, hostHeader: fc.boolean() });

  it('answers a few hundred of them, and then still serves', async () => {
    const requests = fc.sample(hostile, { numRuns: 300, seed: 17 });
    const seen = new Set<number>();
    for (const r of requests) {
      const headers = r.headers.map((h) => h.replace('TOKEN', token())).filter((h) => !/^(content-length|host|connection):/i.test(h));
      const chunked = headers.some((h) => /^transfer-encoding/i.test(h));
      const payload = Buffer.from(r.body, 'latin1');
      const framing = chunked ? `\r\n${payload.length.toString(16)}\r\n${r.body}\r\n0\r\n\r\n` : `Content-Length: ${payload.length}\r\n\r\n${r.body}`;
      const head = `${r.method} ${r.target} HTTP/1.1\r\n${r.hostHeader ? `Host: ${host}\r\n` : ''}Connection: close\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}`;
      const reply = await rawExchange(Buffer.from(head + framing, 'latin1'));
      const status = statusOf(reply);
      seen.add(status);
      // Every request gets an answer from the server or from Node's parser (400), never a 500.
      expect(status, `${r.method} ${r.target}`).toBeGreaterThanOrEqual(200);
      expect(status, `${r.method} ${r.target}`).not.toBe(500);
    }
    expect(seen.has(400)).toBe(true); // the generator does reach the malformed-target path
    await stillServes();
  }, 30_000);
});
