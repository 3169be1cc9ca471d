// `npm test`: type-check, run every vitest suite, and end with the plain `N passed, N failed` line CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;

const typecheck = run('npm', ['run', '-s', 'typecheck']);
// The end-to-end tests drive the built renderer (out/renderer), as `npm run serve` serves it.
const rendererBuild = run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
// The command-line tests run the built `paramsketch` (out/cli), as a user does: built from this source.
const cliBuild = run('node', ['scripts/build-cli.mjs']);
const build = rendererBuild || cliBuild;
const report = join(mkdtempSync(join(tmpdir(), 'paramsketch-test-')), 'vitest.json');
const vitest = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numFailedTestSuites ?? 0);
  if (results.numPendingTests) console.log(`${results.numPendingTests} skipped (each says why above)`);
} catch {
  failed += 1;
}
if (build !== 0) {
  console.log('build failed');
  failed += 1;
}
if (typecheck !== 0) {
  console.log('type-check failed');
  failed += 1;
} else passed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(typecheck || build || vitest || (failed ? 1 : 0));
