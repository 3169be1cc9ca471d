// Builds the `paramsketch` command line into plain JavaScript in out/cli, which package.json's `bin` names:
//   paramsketch.cjs        the executable: runs the bundle with V8's code cache (src/cli/launch.ts)
//   paramsketch-main.cjs   src/cli with the shared core and its dependencies, one file
//   paramsketch-main.cjs.cache   V8's compiled code for it, made by running a small count once
// No TypeScript compiler at run time. Run by `postinstall` (so the command works right after `npm ci`), by
// `npm run build` and by `npm test`; offline, in about a second. `electron-vite build` leaves out/cli alone.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'out', 'cli');
export const CLI_PATH = join(outDir, 'paramsketch.cjs');
const MAIN_PATH = join(outDir, 'paramsketch-main.cjs');

/**
 * zod (which reads Paramsketch files) carries its messages in 40 languages, reachable only through its
 * `locales` export: nothing here picks a language, and the 260 KB would be parsed at every start.
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** Written beside and renamed: a run starting meanwhile sees the old file or the new one, never half of one. */
function replace(path, contents, mode = 0o644) {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, contents);
  chmodSync(partial, mode);
  renameSync(partial, path);
}

/**
 * Small models the cache-making run counts, so that the cache holds a count's code: a Sequential (from the
 * standard input) and a functional model with a merge (from a file), as Keras 2 writes them.
 */
const SAMPLE_MODEL = JSON.stringify({
  class_name: 'Sequential',
  config: { name: 'sample', layers: [{ class_name: 'Dense', config: { name: 'dense', units: 2, batch_input_shape: [null, 3] } }] },
});
const call = (...from) => [from.map((name) => [name, 0, 0, {}])];
const SAMPLE_FUNCTIONAL = JSON.stringify({
  class_name: 'Model',
  config: {
    name: 'sample_functional',
    layers: [
      { class_name: 'InputLayer', name: 'input', config: { name: 'input', batch_input_shape: [null, 3] }, inbound_nodes: [] },
      { class_name: 'Dense', name: 'a', config: { name: 'a', units: 3 }, inbound_nodes: call('input') },
      { class_name: 'BatchNormalization', name: 'norm', config: { name: 'norm' }, inbound_nodes: call('a') },
      { class_name: 'Add', name: 'sum', config: { name: 'sum' }, inbound_nodes: call('norm', 'input') },
    ],
    input_layers: [['input', 0, 0]],
    output_layers: [['sum', 0, 0]],
  },
  keras_version: '2.15.0',
});

/** Builds the command line; resolves to the executable's path, or to undefined (saying why) where esbuild is missing. */
export async function buildCli() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // Installed without devDependencies: the app still runs, only the command line is not built.
    console.warn('paramsketch: the command line was not built: esbuild (a devDependency) is not installed');
    return undefined;
  }
  // CommonJS, for vm.Script (launch.ts); Node's built-ins stay require()s, everything else is bundled.
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'warning' };
  const [main, launcher] = await Promise.all([
    // Minified: less text to read and hash when the cache is checked, and to compile where it is refused.
    // resvg (export --png) is a native module: required from node_modules when a PNG is asked for, never
    // bundled. As require(), not import(): launch.ts runs the bundle as a vm.Script, which has no import().
    esbuild.build({
      ...common,
      entryPoints: [join(root, 'src', 'cli', 'main.ts')],
      minify: true,
      legalComments: 'eof',
      plugins: [withoutZodLocales],
      external: ['@resvg/resvg-js'],
      supported: { 'dynamic-import': false },
    }),
    esbuild.build({ ...common, entryPoints: [join(root, 'src', 'cli', 'launch.ts')], banner: { js: '#!/usr/bin/env node' } }),
  ]);
  mkdirSync(outDir, { recursive: true });
  rmSync(`${MAIN_PATH}.cache`, { force: true }); // made for the bundle it replaces
  replace(MAIN_PATH, main.outputFiles[0].contents);
  replace(CLI_PATH, launcher.outputFiles[0].contents, 0o755);
  const scratch = mkdtempSync(join(tmpdir(), 'paramsketch-cli-build-'));
  const functional = join(scratch, 'functional.json');
  writeFileSync(functional, SAMPLE_FUNCTIONAL);
  const run = spawnSync(process.execPath, [CLI_PATH, 'count', '-', functional, '--template', 'lstm-2-on-3'], {
    input: SAMPLE_MODEL,
    env: { ...process.env, PARAMSKETCH_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  });
  rmSync(scratch, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`the built command line failed its first run (exit ${run.status}): ${run.stderr || run.error?.message}`);
  return CLI_PATH;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await buildCli();
  } catch (error) {
    // esbuild has already printed a compile error, with file and line.
    console.error(`paramsketch: building the command line failed${error?.errors?.length ? '' : `: ${error?.message ?? error}`}`);
    process.exit(1);
  }
}
