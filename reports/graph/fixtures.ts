/**
 * Hand-built Grove states with the shapes of seed 000's pictures, for tests and examples. Each is a
 * remote (logs, refs) plus one scripted actor whose view is the seed's `origin/…` refs.
 */
import type { GroveState, Log, LogRef, ScriptedActor } from '../../model/grove/state.ts';

function log(base: LogRef | null, commits: string[]): Log {
  return { base, entries: commits };
}

function viewer(id: string, refs: Record<string, LogRef>, logs: Record<string, number>): ScriptedActor {
  return { kind: 'scripted', id, logs, refs, commit: null, written: 'no', made: 0 };
}

/**
 * Seed 000's first picture, diverged: log `a` (3 entries) and log `b` branched from `a@2` (3 entries);
 * the remote's `main` is on `b`, actor 1 still sees `main` at `a@3`.
 *
 *     o---o---o  ← origin/main
 *          \
 *           o---o---o  ← main
 */
export function seedDiverged(): GroveState {
  return {
    remote: {
      logs: { a: log(null, ['0.1', '0.2', '1.1']), b: log({ log: 'a', lsn: 2 }, ['2.1', '2.2', '2.3']) },
      refs: { main: { log: 'b', lsn: 5 } },
    },
    actors: [viewer('1', { main: { log: 'a', lsn: 3 } }, { a: 3 })],
    acked: [],
    failed: [],
  };
}

/**
 * Seed 000's third picture: the branch pushed to another ref. `main` on `a@3`, `foo` on `b@5`
 * (branched from `a@2`), and actor 1 has seen both.
 *
 *     o---o---o  ← origin/main, main
 *          \
 *           o---o---o  ← origin/foo, foo
 */
export function seedPushedToFoo(): GroveState {
  const refs = { main: { log: 'a', lsn: 3 }, foo: { log: 'b', lsn: 5 } };
  return {
    remote: {
      logs: { a: log(null, ['0.1', '0.2', '0.3']), b: log({ log: 'a', lsn: 2 }, ['1.1', '1.2', '1.3']) },
      refs,
    },
    actors: [viewer('1', refs, { a: 3, b: 5 })],
    acked: ['1.3'],
    failed: [],
  };
}
