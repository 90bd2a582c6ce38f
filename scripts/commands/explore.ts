/**
 * `grove-check explore`: serves the interactive explorer (`explorer/`) on 127.0.0.1 and prints its
 * address; runs until interrupted (Ctrl+C: the server closes and the command exits 0).
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG, readConfig } from '../../explorer/config.ts';
import { resolveVariant } from '../../model/core/model.ts';
import { familyByName } from '../../model/registry.ts';
import { startExplorer, type RunningExplorer } from '../../explorer/server.ts';
import { InputError, intFlag, parseFlags } from './_common.ts';

/** The command's help text. */
export const USAGE = `usage: grove-check explore [options] [FILE]

Serves an interactive explorer on http://127.0.0.1:PORT/ (this machine only): pick a model and
variant, fire the actors' steps by clicking, undo and redo, watch the log forest and the properties,
search for a bug from where you are, and save the rows as a scenario file. FILE (a scenario or a
saved counterexample) is loaded to start with. Runs until interrupted (Ctrl+C).

  --port N              port to listen on (default 7007; 0 for any free port)
  --model M             model family (default grove)
  --variant V           variant, or a path to a variant file (default logid-check for grove, else the model's default)
  --actors N            program-driven actors (default 2)
  --ops N               client ops per actor (default 1)
  --max-lost-replies N  offer lost-reply fault steps, at most N per run (default 0)
  --max-crashes N       offer crash steps, at most N per run (default 0)
  --save-dir DIR        where "Save" writes scenario files (default scenarios/explored)

exit codes: 0 stopped by Ctrl+C, 2 bad input`;

const FLAGS = {
  port: { type: 'string' },
  model: { type: 'string' },
  variant: { type: 'string' },
  actors: { type: 'string' },
  ops: { type: 'string' },
  'max-lost-replies': { type: 'string' },
  'max-crashes': { type: 'string' },
  'save-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Default port. */
export const DEFAULT_PORT = 7007;

/**
 * Starts the explorer and resolves with the exit code once it is stopped (SIGINT or SIGTERM).
 * `signal` (for tests) stops it too.
 */
export default async function explore(argv: string[], signal?: AbortSignal): Promise<number> {
  const { values: v, positionals } = parseFlags(argv, FLAGS, USAGE);
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new InputError(`name at most one scenario file, got ${positionals.length}\n\n${USAGE}`);
  const port = intFlag('port', v.port, DEFAULT_PORT);
  if (port > 65535) throw new InputError(`--port must be at most 65535, got ${port}`);
  // A variant file is loaded by its family; the explorer then lists it among the model's variants.
  const variant = v.variant === undefined ? undefined : await resolveVariant(familyByName(v.model ?? DEFAULT_CONFIG.model), v.variant);
  const config = readConfig(
    {
      ...(v.model !== undefined ? { model: v.model } : {}),
      ...(variant !== undefined ? { variant } : {}),
      ...(v.actors !== undefined ? { actors: intFlag('actors', v.actors, DEFAULT_CONFIG.actors) } : {}),
      ...(v.ops !== undefined ? { ops: intFlag('ops', v.ops, DEFAULT_CONFIG.ops) } : {}),
      ...(v['max-lost-replies'] !== undefined ? { maxLostReplies: intFlag('max-lost-replies', v['max-lost-replies'], 0) } : {}),
      ...(v['max-crashes'] !== undefined ? { maxCrashes: intFlag('max-crashes', v['max-crashes'], 0) } : {}),
    },
    DEFAULT_CONFIG,
  );
  let scenario: { text: string; name: string } | undefined;
  const file = positionals[0];
  if (file !== undefined) {
    try {
      scenario = { text: await readFile(file, 'utf8'), name: file };
    } catch (e) {
      throw new InputError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  let running: RunningExplorer;
  try {
    running = await startExplorer({ port, config, saveDir: v['save-dir'] ?? 'scenarios/explored', ...(scenario !== undefined ? { scenario } : {}) });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new InputError(`port ${port} is in use; pick another with --port N (0: any free port)`);
    if (code === 'EACCES') throw new InputError(`not allowed to listen on port ${port}; pick another with --port N`);
    throw e;
  }
  const view = running.explorer.current;
  process.stdout.write(`grove-check explore: ${running.url}\n`);
  process.stdout.write(`  ${view.model.name}${view.model.variant ? ` / ${view.model.variant}` : ''}, ${view.timeline.length} rows${view.source ? ` from ${view.source}` : ''}${view.notice ? ` (${view.notice})` : ''}\n`);
  process.stdout.write('  press Ctrl+C to stop\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
    if (signal?.aborted) stop();
  });
  await running.close();
  process.stdout.write('grove-check explore: stopped\n');
  return 0;
}
