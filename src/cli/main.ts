// paramsketch CLI: count the parameters of saved models with the same core as the app.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Convention } from '../shared/design';
import { readModelFile } from '../shared/keras/file';
import { reportImport, type CountReport } from '../shared/report';
import { summaryTable } from './summary-table';

const USAGE = `usage: paramsketch count FILE... [--convention keras|pytorch] [--json]

  FILE          Keras model JSON (model.to_json(), Keras 2 or 3), a TensorFlow.js model.json, or a .keras archive
  --convention  keras (default): channels-last shapes, BatchNorm statistics as non-trainable parameters
                pytorch: channels-first shapes, running statistics as buffers, two RNN biases
  --json        one JSON array, an object per file

exit status: 0 every file counted, 1 a file had errors, 2 usage error`;

interface Options {
  files: string[];
  convention: Convention;
  json: boolean;
}

function parseArgs(args: string[]): Options | string {
  const [command, ...rest] = args;
  if (command !== 'count') return command ? `unknown command '${command}'` : 'no command given';
  const options: Options = { files: [], convention: 'keras', json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--convention' || arg.startsWith('--convention=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : rest[++i];
      if (value !== 'keras' && value !== 'pytorch') return `--convention must be keras or pytorch, got '${value ?? ''}'`;
      options.convention = value;
    } else if (arg.startsWith('--')) return `unknown option '${arg}'`;
    else options.files.push(arg);
  }
  return options.files.length ? options : 'no FILE given';
}

function countFile(file: string, convention: Convention): CountReport {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return reportImport({ design: { nodes: [], edges: [] }, problems: [{ path: [], message: `cannot read ${file}: ${reason}` }], warnings: [] }, convention);
  }
  return reportImport(readModelFile(bytes), convention);
}

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    console.error(`paramsketch: ${options}\n\n${USAGE}`);
    return 2;
  }
  const reports = options.files.map((file) => ({ file, ...countFile(file, options.convention) }));
  if (options.json) console.log(JSON.stringify(reports));
  else console.log(reports.map((r) => summaryTable(basename(r.file), r)).join('\n\n'));
  return reports.some((r) => r.errors.length) ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
