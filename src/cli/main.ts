// paramsketch: count, compare, convert and draw neural-network designs with the same core as the app.
// Bundled into plain JavaScript by scripts/build-cli.mjs (out/cli/paramsketch-main.cjs), which the executable
// package.json's `bin` names (out/cli/paramsketch.cjs, from launch.ts) runs.
import { version } from '../../package.json';
import { parseArgs } from './args';
import { HELP } from './help';
import type { Outcome } from './outcome';

// Each command's code is loaded (and its modules initialised) only when it runs: the bundle keeps them apart,
// so that --version, --help and a usage error start no catalog, no templates and no file readers.
const COMMANDS: Record<string, (args: readonly string[]) => Promise<Outcome>> = {
  count: async (args) => (await import('./count')).runCount(args),
  diff: async (args) => (await import('./diff')).runDiff(args),
  convert: async (args) => (await import('./convert')).runConvert(args),
  export: async (args) => (await import('./export')).runExport(args),
  templates: async (args) => {
    const parsed = parseArgs({ name: 'templates', flags: [], options: {}, operands: { min: 0, max: 0, read: 0 } }, args);
    return typeof parsed === 'string' ? { code: 2, errors: [parsed] } : { code: 0, out: `${(await import('./templates')).templateList()}\n` };
  },
};

const isHelp = (arg: string) => arg === '--help' || arg === '-h';

async function run(args: readonly string[]): Promise<Outcome> {
  const [command, ...rest] = args;
  if (command === undefined) return { code: 2, errors: ['no command given (see paramsketch --help)'] };
  if (isHelp(command)) return { code: 0, out: `${HELP['']}\n` };
  if (command === '--version' || command === '-V') return { code: 0, out: `paramsketch ${version}\n` };
  const runCommand = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!runCommand) return { code: 2, errors: [`unknown command '${command}'; the commands are ${Object.keys(COMMANDS).join(', ')} (see paramsketch --help)`] };
  // Help wins over everything else on the line, as in most tools ("--" ends the options: a file may be called --help).
  const options = rest.indexOf('--') >= 0 ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.some(isHelp)) return { code: 0, out: `${HELP[command]}\n` };
  return runCommand(rest);
}

async function main(): Promise<void> {
  // A reader that stops early (`| head`) is no error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  let outcome: Outcome;
  try {
    outcome = await run(process.argv.slice(2));
  } catch (error) {
    // Every expected failure is a value; this is a bug, still said in one line rather than a stack trace.
    outcome = { code: 1, errors: [`internal error: ${error instanceof Error ? error.message : String(error)} (a Paramsketch bug: please report it)`] };
  }
  if (outcome.out) process.stdout.write(outcome.out);
  if (outcome.errors?.length) process.stderr.write(outcome.errors.map((line) => `paramsketch: ${line}\n`).join(''));
  process.exitCode = outcome.code;
}

void main();
