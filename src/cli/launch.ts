// The `paramsketch` executable (built to out/cli/paramsketch.cjs): runs the bundled command line
// (paramsketch-main.cjs beside it) with the V8 code cache the build made for it. Compiling the half-megabyte
// bundle was a third of a small file's count; with the cache, V8 reads the compiled code instead (Node 22
// has module.enableCompileCache for this; Node 20 has only vm.Script's cachedData). A cache made by another
// Node is refused by V8 itself, and the bundle is then compiled as usual.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// V8 optimises a function (TurboFan, on a background thread) once it has run for this budget of "ticks".
// A count is over in a fraction of a second: at V8's default (67,584) it spent more on optimising the
// import and the evaluator than the optimised code saved it, on two cores. Eight times the budget counted two
// big models (4,500 layers) in about half the time here, and a run of 25,000 layers and 1,000 files was no
// slower: what runs long enough is still optimised. Set before the bundle is compiled, as when the
// build made its code cache (V8 refuses a cache made under other flags).
setFlagsFromString('--interrupt-budget=540672');

const bundle = join(__dirname, 'paramsketch-main.cjs');
const cacheFile = `${bundle}.cache`;

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache (not built yet, or removed): compile as Node would.
}
// Node's own module wrapper, so that the bundle runs as the CommonJS module it was built as.
const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
const script = new Script(wrapped, { filename: bundle, cachedData });
const exports = {};
script.runInThisContext()(exports, createRequire(bundle), { exports }, bundle, __dirname);

// The build runs a small count with this set, so that the cache holds the code a count compiles too.
if (process.env.PARAMSKETCH_WRITE_CODE_CACHE === '1')
  process.on('exit', () => {
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  });
