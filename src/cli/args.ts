// The command line's arguments, read against what each command accepts: a mistake is one plain line.

/** What a command accepts. */
export interface CommandSpec {
  name: string;
  /** Options without a value (`--flat`). */
  flags: readonly string[];
  /** Options with a value (`--convention keras` or `--convention=keras`): the values allowed, or null for any. */
  options: Readonly<Record<string, readonly string[] | null>>;
  /** How many operands (files) it takes, and how many of the first are read (the standard input can be read once). */
  operands: { min: number; max: number; read: number };
}

export interface ParsedArgs {
  flags: Set<string>;
  /** Each option's last value. */
  options: Map<string, string>;
  /** Operands and options with values, in the order given (`option` null for an operand), for commands where order matters. */
  sequence: { option: string | null; value: string }[];
  operands: string[];
}

/** The standard input's name as an operand. */
export const STDIN = '-';

const valueList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(values.length === 2 ? ' or ' : ', ');

/** The value of `--name value` / `--name=value` at `i`, or why it is missing or not allowed. */
function optionValue(args: readonly string[], i: number, name: string, allowed: readonly string[] | null): { value: string; next: number } | string {
  const arg = args[i];
  const [value, next] = arg === name ? [args[i + 1], i + 1] : [arg.slice(name.length + 1), i];
  if (value === undefined || value === '' || (arg === name && value.startsWith('--'))) return `${name} needs a value${allowed ? `: ${valueList(allowed)}` : ''}`;
  if (allowed && !allowed.includes(value)) return `${name} must be ${valueList(allowed)}, not '${value}'`;
  return { value, next };
}

/** Reads a command's arguments (after its name); a string says what is wrong, in one line. */
export function parseArgs(spec: CommandSpec, args: readonly string[]): ParsedArgs | string {
  const parsed: ParsedArgs = { flags: new Set(), options: new Map(), sequence: [], operands: [] };
  const operand = (value: string) => {
    parsed.operands.push(value);
    parsed.sequence.push({ option: null, value });
  };
  let optionsEnd = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (optionsEnd || arg === STDIN || !arg.startsWith('-')) {
      operand(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnd = true;
      continue;
    }
    if (spec.flags.includes(arg)) {
      parsed.flags.add(arg);
      continue;
    }
    const name = Object.keys(spec.options).find((o) => arg === o || arg.startsWith(`${o}=`));
    if (!name) return `unknown option '${arg}' for ${spec.name} (see paramsketch ${spec.name} --help)`;
    const read = optionValue(args, i, name, spec.options[name]);
    if (typeof read === 'string') return read;
    parsed.options.set(name, read.value);
    parsed.sequence.push({ option: name, value: read.value });
    i = read.next;
  }
  const { min, max } = spec.operands;
  const count = parsed.operands.length;
  if (count > max) return max === 0 ? `${spec.name} takes no files, got '${parsed.operands[0]}'` : `${spec.name} takes ${max === min ? '' : 'at most '}${max} files, got ${count}`;
  if (count < min) return `${spec.name} needs ${min === max ? '' : 'at least '}${min} file${min === 1 ? '' : 's'}${count ? `, got ${count}` : ''}`;
  if (parsed.operands.slice(0, spec.operands.read).filter((o) => o === STDIN).length > 1) return `'${STDIN}' (standard input) can be read only once`;
  return parsed;
}
