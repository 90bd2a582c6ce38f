/**
 * A seeded PRNG (seedrandom's ARC4) with the few draws the harnesses need. Every random choice of a
 * run comes from one of these, derived from the run's seed by a fixed name (`seed/client/3`), so the
 * same seed makes the same choices.
 */
import seedrandom from 'seedrandom';

/** A seeded source of choices. */
export interface Prng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element (xs must not be empty). */
  pick<T>(xs: readonly T[]): T;
}

/** A PRNG seeded by `seed` (any string; `prng('7/client/2')`). */
export function prng(seed: string): Prng {
  const r = seedrandom(seed);
  const next = () => r.double();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick<T>(xs: readonly T[]): T {
      if (xs.length === 0) throw new Error('prng.pick: empty list');
      return xs[Math.floor(next() * xs.length)];
    },
  };
}
