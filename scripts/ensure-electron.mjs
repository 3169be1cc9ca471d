// Electron is an optional dependency: on a machine that cannot download its binary
// (no network beyond the npm registry) npm drops the package after its install script
// fails. The package itself (its type definitions and launcher) still comes from the
// registry, so we unpack it without the binary; `npm start` then falls back to browser mode.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = join(root, 'node_modules', 'electron');
if (existsSync(join(target, 'package.json'))) process.exit(0);

const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies.electron;
try {
  const scratch = join(tmpdir(), `paramsketch-electron-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `electron@${wanted}`, '--silent'], { cwd: scratch, encoding: 'utf8' }).trim();
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', join(scratch, tarball), '-C', target, '--strip-components=1']);
  console.log(`paramsketch: the Electron ${wanted} binary could not be installed here; unpacked its package without the binary. \`npm start\` will use browser mode.`);
} catch (error) {
  console.warn(`paramsketch: Electron ${wanted} is not installed (${error.message}); \`npm start\` will use browser mode.`);
}
