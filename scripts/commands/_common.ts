/**
 * Shared pieces of the command-line entry points: argument parsing with `node:util`'s `parseArgs`
 * (no library needed for flags this simple), typed errors and output helpers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad input from the user (a malformed file, an unknown flag): exit code 2, message only. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Parses flags; unknown flags and missing values become an `InputError` with the command's usage. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  usage: string,
  allowPositionals = true,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: negativeValues(argv, options), options, allowPositionals, strict: true });
  } catch (e) {
    throw new InputError(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  }
}

/**
 * `--flag -1` as `--flag=-1` for a flag that takes a value, so that a negative number reaches the
 * flag's own range check (one line) instead of `parseArgs`' "ambiguous" error and the whole usage.
 */
function negativeValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([\w-]+)$/.exec(argv[i])?.[1];
    if (name !== undefined && options[name]?.type === 'string' && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

/** Parses an integer flag in `[min, max]`, with a one-line error for anything else. */
export function intFlag(name: string, value: string | undefined, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim())) throw new InputError(`--${name} takes a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min) throw new InputError(`--${name} must be at least ${min}, got ${n}`);
  if (n > max) throw new InputError(`--${name} must be at most ${max}, got ${n}`);
  return n;
}

/** Writes one JSON object and a newline to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
