/** The run's seeded choices: seedrandom's ARC4, one stream per purpose so that one purpose's draws never shift another's. */
import seedrandom from 'seedrandom';
import type { Rng } from '../workloads/workload.ts';

/** A stream of choices for `purpose` under `seed`. */
export function prng(seed: number, purpose: string): Rng {
  const r = seedrandom(`${purpose}:${seed}`);
  return { int: (n: number) => Math.floor(r() * n) };
}
