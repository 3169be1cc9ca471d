// Issue 17, item 7: the Electron window's safeguards, as functions tested without Electron's binary:
// the app:// protocol handler and the exact-origin check for IPC, the openExternal allow-list, the
// permission handlers, and the fuses flipped in a packaged binary (on a stand-in file with a fuse wire).
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerAppRequest, APP_INDEX_URL, isAppPage } from '../src/main/electron/app-protocol';
import { EXTERNAL_LINKS, mayOpenExternally } from '../src/main/electron/external-links';
import { denyAllPermissions } from '../src/main/electron/permissions';

const base = mkdtempSync(join(tmpdir(), 'paramsketch-electron-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the app:// origin, the only page IPC answers', () => {
  const DEV = 'http://localhost:5173';

  it('accepts the bundled page and, in development, the dev server’s origin', () => {
    expect(isAppPage(APP_INDEX_URL)).toBe(true);
    expect(isAppPage('app://paramsketch/')).toBe(true);
    expect(isAppPage('http://localhost:5173/src/main.ts', DEV)).toBe(true);
  });

  it('refuses every other origin, however close its spelling', () => {
    for (const url of [
      'file:///home/ada/index.html', // the old rule accepted any file:// sender
      'app://paramsketch.evil/index.html',
      'app://evil/index.html',
      'app://paramsketch:8080/index.html',
      'https://paramsketch/index.html',
      'http://localhost:5173.evil.example/',
      'http://localhost:5174/',
      'about:blank',
      'data:text/html,<script>',
      '',
      'not a url',
    ])
      expect(isAppPage(url, DEV), url).toBe(false);
    // Without a dev server (a packaged app), the dev origin is nobody's.
    expect(isAppPage('http://localhost:5173/')).toBe(false);
  });
});

describe('the app:// protocol handler', () => {
  const renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  mkdirSync(join(base, 'renderer-other'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(renderer, 'assets', 'main.js'), 'export {};');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  writeFileSync(join(base, 'renderer-other', 'secret.txt'), 'secret');

  it('serves the renderer’s files with their content types', async () => {
    const index = await answerAppRequest(APP_INDEX_URL, renderer);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toBe('<!doctype html><title>app</title>');
    const script = await answerAppRequest('app://paramsketch/assets/main.js', renderer);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await answerAppRequest('app://paramsketch/', renderer)).status).toBe(200);
  });

  it('serves nothing outside the renderer folder, from another host, or for a malformed path', async () => {
    for (const url of [
      'app://paramsketch/%2e%2e/secret.txt',
      'app://paramsketch/..%2fsecret.txt',
      'app://paramsketch/..%5csecret.txt',
      'app://paramsketch/%2e%2e%2frenderer-other%2fsecret.txt',
      'app://paramsketch/%zz',
      'app://paramsketch/%c0%ae%c0%ae/secret.txt',
      'app://paramsketch/a%00b',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://paramsketch/missing.js',
    ]) {
      const reply = await answerAppRequest(url, renderer);
      expect(reply.status, url).toBe(404);
      expect(await reply.text(), url).not.toContain('secret');
    }
  });
});

describe('openExternal’s allow-list', () => {
  const allowed = ['https://example.org/paramsketch/docs'];

  it('opens exactly the listed pages', () => {
    expect(mayOpenExternally('https://example.org/paramsketch/docs', allowed)).toBe(true);
    expect(mayOpenExternally('HTTPS://EXAMPLE.org/paramsketch/docs', allowed)).toBe(true); // the same URL, normalised
  });

  it('refuses everything else: other paths, hosts, credentials, schemes', () => {
    for (const url of [
      'https://example.org/paramsketch/docs/../../evil',
      'https://example.org/paramsketch/docs?x=1',
      'https://example.org.evil/paramsketch/docs',
      'https://user:pass@example.org/paramsketch/docs',
      'http://example.org/paramsketch/docs',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'not a url',
    ])
      expect(mayOpenExternally(url, allowed), url).toBe(false);
  });

  it('has nothing on the app’s own list: the renderer links to no outside page', () => {
    const renderer = join(import.meta.dirname, '../src/renderer');
    const files = readdirSync(renderer, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(svelte|ts|html)$/.test(f));
    const urls = files.flatMap((f) => readFileSync(join(renderer, f), 'utf8').match(/https?:\/\/[^"'`\s)]+/g) ?? []);
    // The SVG namespace is a name, not a link.
    expect(urls.filter((url) => !url.startsWith('http://www.w3.org/'))).toEqual([]);
    expect(EXTERNAL_LINKS).toEqual([]);
    expect(mayOpenExternally('https://example.org/')).toBe(false);
  });
});

describe('permissions', () => {
  it('answers every permission request and check with no', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => void (handlers.request = h),
      setPermissionCheckHandler: (h: never) => void (handlers.check = h),
      setDevicePermissionHandler: (h: never) => void (handlers.device = h),
    };
    denyAllPermissions(session as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      let granted: boolean | undefined;
      (handlers.request as (...a: unknown[]) => void)(null, permission, (answer: boolean) => (granted = answer), {});
      expect(granted, permission).toBe(false);
      expect((handlers.check as (...a: unknown[]) => boolean)(null, permission, 'app://paramsketch', {}), permission).toBe(false);
    }
    expect((handlers.device as (...a: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
  });
});

describe('fuses', () => {
  // A stand-in for a packaged binary: Electron's sentinel, fuse wire version 1, eight fuses, in their
  // shipped state ('1' on for RunAsNode, inspect arguments, NODE_OPTIONS, file:// privileges; '0' off).
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const shipped = '10110001';
  const binary = join(base, 'Paramsketch');
  writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, shipped.length]), Buffer.from(shipped), Buffer.alloc(4096, 7)]));

  it('flips RunAsNode off, cookie encryption on, ASAR integrity and ASAR-only on, Node options and inspect off', async () => {
    execFileSync(process.execPath, [join(import.meta.dirname, '../scripts/electron-fuses.mjs'), binary], { stdio: 'pipe' });
    const wire = await getCurrentFuseWire(binary);
    const state = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
    // Left as shipped: the V8 snapshot fuse.
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe('0');
    expect(readFileSync(binary).length).toBe(4096 * 2 + SENTINEL.length + 2 + shipped.length);
  });
});
