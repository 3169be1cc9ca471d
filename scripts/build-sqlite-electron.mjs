// better-sqlite3 is a native module: npm builds it for Node's ABI (tests, browser mode, the CLI use that
// build). Electron runs another ABI, so this script builds a second copy for it into native/, which the
// main process loads with better-sqlite3's `nativeBinding` option (src/main/store/open-store.ts).
// Runs after `npm install` / `npm ci`; without an Electron binary (as on our build machines) it has
// nothing to build for and says so. The result is checked by loading it in Electron itself: a build
// made against Node's headers by mistake (npm's `nodedir` setting can cause that) is refused.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const say = (message) => console.log(`paramsketch: ${message}`);

let electron;
try {
  electron = require('electron');
} catch {
  // The package itself is missing; ensure-electron.mjs has said why.
}
if (!electron || !existsSync(electron)) {
  say('no Electron binary here, so no Electron build of SQLite is needed (browser mode uses Node’s build).');
  process.exit(0);
}

const version = require('electron/package.json').version;
const asNode = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
const abi = execFileSync(electron, ['-p', 'process.versions.modules'], { env: asNode, encoding: 'utf8' }).trim();
const target = join(root, 'native', `better-sqlite3-electron-abi${abi}.node`);
if (existsSync(target) && !process.argv.includes('--force')) process.exit(0);

// Build in a copy, so node_modules keeps the Node build that tests and browser mode load.
const source = join(root, 'node_modules', 'better-sqlite3');
const scratch = mkdtempSync(join(tmpdir(), 'paramsketch-sqlite-'));
cpSync(source, scratch, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
// npm may point node-gyp at Node's own headers (`nodedir`); for Electron they must be Electron's.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|disturl)$/i.test(key)));
const run = (command, args) => execFileSync(command, args, { cwd: scratch, env, stdio: 'inherit' });
const built = join(scratch, 'build', 'Release', 'better_sqlite3.node');
try {
  say(`building SQLite (better-sqlite3) for Electron ${version} (ABI ${abi})…`);
  try {
    run(join(root, 'node_modules', '.bin', 'prebuild-install'), ['--runtime', 'electron', '--target', version, '--arch', process.arch]);
  } catch {
    say('no prebuilt binary could be fetched; compiling from source (a few minutes).');
    run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers']);
  }
  // The proof: Electron opens a database with it. A build for the wrong ABI throws here.
  const check = `const D = require(${JSON.stringify(join(source, 'lib'))}); console.log(new D(':memory:', { nativeBinding: ${JSON.stringify(built)} }).prepare('select sqlite_version() v').get().v)`;
  const sqlite = execFileSync(electron, ['-e', check], { env: asNode, encoding: 'utf8' }).trim();
  mkdirSync(join(root, 'native'), { recursive: true });
  cpSync(built, target);
  say(`SQLite ${sqlite} for Electron ${version} is in ${target}.`);
} catch (error) {
  // npm install must not fail for this: the app still runs in browser mode, and `npm start` says what is missing.
  console.warn(`paramsketch: could not build SQLite for Electron (${error.message.split('\n')[0]}); run \`node scripts/build-sqlite-electron.mjs\` again once the network allows.`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
