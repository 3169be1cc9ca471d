// The API contract (validation, errors as values) and browser mode's HTTP server: token, Host check,
// static files confined to the renderer directory, body limit, and the design store behind it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answer, sketchSchema, type ApiHandlers } from '../src/shared/api';
import { startBrowserMode, type BrowserMode } from '../src/main/browser-mode';
import { openStore } from '../src/main/store/open-store';
import { createServices } from '../src/main/services';
import { emptySketch, type Sketch } from '../src/shared/sketch';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

const sketch: Sketch = {
  name: 'tiny',
  convention: 'pytorch',
  design: {
    nodes: [
      { id: 'input', type: 'Input', fields: { shape: [null, 8] } },
      { id: 'bi', type: 'Bidirectional', fields: { layer: { type: 'LSTM', fields: { units: 4 } } } },
    ],
    edges: [{ from: 'input', to: 'bi' }],
  },
  layout: { input: { x: 0, y: 0 }, bi: { x: 0, y: 120 } },
};

describe('answer', () => {
  const services = () => createServices('browser', openStore({ path: ':memory:' }));

  it('returns the handler value for a valid call', async () => {
    const store = openStore({ path: ':memory:' });
    const result = await answer(createServices('browser', store), 'appInfo', undefined);
    expect(result).toEqual({ ok: true, value: { runtime: 'browser', version: VERSION, storage: ':memory:' } });
  });

  it('refuses an invalid payload with a message naming the method and the bad field', async () => {
    const result = await answer(services(), 'openDesign', { id: 42 });
    expect(result.ok).toBe(false);
    const error = !result.ok ? result.error : '';
    expect(error.startsWith('openDesign: ')).toBe(true);
    expect(error).toContain('id');
  });

  it('names a bad field deep inside a sketch', async () => {
    const result = await answer(services(), 'saveDesign', { sketch: { ...sketch, convention: 'tensorflow' } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('convention');
  });

  it('turns a handler that throws into an error value', async () => {
    const handlers: ApiHandlers = {
      ...services(),
      openDesign: () => {
        throw new Error('disk on fire');
      },
      latestDesign: () => {
        throw 'plain string';
      },
    };
    expect(await answer(handlers, 'openDesign', { id: 'x' })).toEqual({ ok: false, error: 'openDesign: disk on fire' });
    expect(await answer(handlers, 'latestDesign', undefined)).toEqual({ ok: false, error: 'latestDesign: plain string' });
  });
});

describe('sketchSchema', () => {
  it('accepts a sketch with nested layer fields', () => {
    const deep = structuredClone(sketch);
    deep.design.nodes[1].fields = { layer: { type: 'LSTM', fields: { units: 4, inner: { type: 'GRU', fields: { dims: [null, 2] } } } } };
    expect(sketchSchema.safeParse(deep).success).toBe(true);
    expect(sketchSchema.safeParse(emptySketch()).success).toBe(true);
  });

  it('rejects a node without an id, or with an empty one', () => {
    const withoutId = { ...sketch, design: { ...sketch.design, nodes: [{ type: 'Dense' }] } };
    const emptyId = { ...sketch, design: { ...sketch.design, nodes: [{ id: '', type: 'Dense' }] } };
    expect(sketchSchema.safeParse(withoutId).success).toBe(false);
    expect(sketchSchema.safeParse(emptyId).success).toBe(false);
  });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request through node:http, which (unlike fetch) sends the path and Host header exactly as given. */
function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let replied = false;
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      replied = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written: that is not a failure.
    req.on('error', (error) => (replied ? undefined : reject(error)));
    req.end(options.body);
  });
}

describe('browser mode', () => {
  const base = mkdtempSync(join(tmpdir(), 'paramsketch-api-'));
  const rendererDir = join(base, 'renderer');
  const INDEX = '<!doctype html><title>paramsketch test page</title>';
  const SECRET = 'secret outside the renderer directory';
  mkdirSync(rendererDir);
  mkdirSync(join(base, 'renderer-other'));
  writeFileSync(join(rendererDir, 'index.html'), INDEX);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'renderer-other', 'secret.txt'), SECRET);

  let server: BrowserMode;
  let origin: string;
  let port: number;
  beforeEach(async () => {
    server = await startBrowserMode({ rendererDir, handlers: createServices('browser', openStore({ path: ':memory:' })), port: 0 });
    origin = new URL(server.url).origin;
    port = Number(new URL(server.url).port);
  });
  afterEach(() => server.close());
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const call = (method: string, input?: unknown, token: string | null = server.token) =>
    fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      body: JSON.stringify({ input }),
    });

  it('binds 127.0.0.1 and hands the token over in the URL fragment', () => {
    expect(server.url.startsWith('http://127.0.0.1:')).toBe(true);
    expect(port).toBeGreaterThan(0);
    expect(new URL(server.url).hash).toBe(`#token=${server.token}`);
  });

  it('refuses an API call without a token, or with a wrong one, with 401', async () => {
    expect((await call('appInfo', undefined, null)).status).toBe(401);
    expect((await call('appInfo', undefined, 'x'.repeat(server.token.length))).status).toBe(401);
    expect((await call('appInfo', undefined, `${server.token}x`)).status).toBe(401);
  });

  it('answers an API call with the right token', async () => {
    const response = await call('appInfo');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { runtime: 'browser', version: VERSION } });
  });

  it('answers 404 for an unknown method and 405 for anything but POST', async () => {
    expect((await call('dropTables')).status).toBe(404);
    const get = await fetch(`${origin}/api/appInfo`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
  });

  it('answers 400 for a body that is not JSON, and an error value for an invalid payload', async () => {
    const garbled = await fetch(`${origin}/api/appInfo`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: '{' });
    expect(garbled.status).toBe(400);
    const invalid = await call('openDesign', { id: '' });
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toMatchObject({ ok: false });
  });

  it('answers 421 to a Host header other than its own address', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1', `localhost:${port + 1}`])
      expect((await raw(port, '/', { headers: { host } })).status, host).toBe(421);
    // Its own names pass (control).
    expect((await raw(port, '/', { headers: { host: `localhost:${port}` } })).status).toBe(200);
    expect((await raw(port, '/', { headers: { host: `127.0.0.1:${port}` } })).status).toBe(200);
  });

  it('serves index.html with nosniff and its content type', async () => {
    for (const path of ['/', '/index.html']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toBe(INDEX);
    }
    expect((await fetch(`${origin}/missing.js`)).status).toBe(404);
  });

  it('serves no file outside the renderer directory, however the path is spelled', async () => {
    const paths = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/../renderer-other/secret.txt',
      '/..%2frenderer-other%2fsecret.txt',
      '/../package.json',
    ];
    for (const path of paths) {
      const reply = await raw(port, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain(SECRET);
    }
  });

  it('refuses a body over 64 MB with 413', async () => {
    const body = 'x'.repeat(65 * 2 ** 20);
    const reply = await raw(port, '/api/appInfo', {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body,
    });
    expect(reply.status).toBe(413);
  }, 20_000);

  // A refused body is never read to its end: the server must close that connection, or it lingers until
  // Node's keep-alive timeout and close() waits ~5 s (it did, before the fix).
  it('closes promptly (within 1 s) after refusing an oversized body', async () => {
    const reply = await raw(port, '/api/appInfo', { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: 'x'.repeat(65 * 2 ** 20) });
    expect(reply.status).toBe(413);
    const closed = await Promise.race([server.close().then(() => true), new Promise((done) => setTimeout(() => done(false), 1000))]);
    expect(closed).toBe(true);
  }, 20_000);

  it('saves a design and returns it as the latest, and opens it by id', async () => {
    const saved = await (await call('saveDesign', { sketch })).json();
    expect(saved).toMatchObject({ ok: true, value: { sketch } });
    const { id } = saved.value as { id: string };
    expect(await (await call('latestDesign')).json()).toEqual(saved);
    expect(await (await call('openDesign', { id })).json()).toEqual(saved);
  });

  it('answers null for a design id it does not have', async () => {
    expect(await (await call('openDesign', { id: 'no-such-design' })).json()).toEqual({ ok: true, value: null });
    expect(await (await call('latestDesign')).json()).toEqual({ ok: true, value: null });
  });
});
