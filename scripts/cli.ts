/**
 * `grove-check COMMAND ...`: a thin dispatcher. Each command lives in `scripts/commands/NAME.ts` and
 * exports `default async function (argv: string[]): Promise<number>` returning the exit code
 * (0 pass, 1 violation, 2 bad input or a bad environment (a full disk, an unwritable directory),
 * 3 inconclusive, 70 the harness or the tool itself failed). Adding a command means adding a file.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function commands(): string[] {
  return readdirSync(join(here, 'commands'))
    .filter((f) => /\.[tj]s$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

function usage(): string {
  return [
    'grove-check: a model checker for sync protocols built on logs, branches and compare-and-swap refs',
    '',
    'usage: grove-check COMMAND [options]      (grove-check COMMAND --help for a command\'s options)',
    '',
    'commands: ' + commands().join(', '),
    '',
    'exit codes: 0 pass, 1 violation, 2 bad input, 3 inconclusive',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (!commands().includes(name)) {
    process.stderr.write(`grove-check: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  // A user's model file (`--model ./my-protocol.ts`) is loaded and registered under its path before
  // the command runs, so that every command finds it by that name as it finds a built-in model.
  // The registry (every built-in model) is imported only then: `lin` starts without it.
  for (const [i, a] of rest.entries()) {
    const spec = a === '--model' ? rest[i + 1] : a.startsWith('--model=') ? a.slice('--model='.length) : undefined;
    if (spec === undefined) continue;
    const { isModelPath, loadModelFile } = await import('../model/registry.ts');
    if (isModelPath(spec)) await loadModelFile(spec);
  }
  const mod = (await import(`./commands/${name}.ts`)) as { default: (argv: string[]) => Promise<number>; exitsWhenDone?: boolean };
  const code = await mod.default(rest);
  if (mod.exitsWhenDone === true) await exitNow(code);
  return code;
}

/**
 * Ends the process as soon as what it wrote has been handed to the system, instead of waiting for
 * Node's own teardown, which frees a large heap object by object (`lin` on c50-ok: 15–20 ms; a heap
 * of 400,000 small objects: 145 ms against 26). Only for a command that leaves nothing running when
 * it returns, and says so by exporting `exitsWhenDone`.
 */
async function exitNow(code: number): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => stream.write('', () => resolve()));
  await flushed(process.stdout);
  await flushed(process.stderr);
  process.exit(code);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  // The error classes it tells apart are imported only for an error: not on every start.
  async (e: unknown) => {
    const { failure } = await import('./failure.ts');
    const f = failure(e);
    process.stderr.write(`grove-check: ${f.message}\n`);
    process.exitCode = f.code;
  },
);
