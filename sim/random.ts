/**
 * A small seeded generator (mulberry32) and the derivation of independent streams from one seed, so
 * that the workload, the chooser and each actor's `io.random()` never shift one another: dropping an
 * operation while shrinking leaves every other stream as it was.
 */

/** Returns a function yielding numbers in [0, 1), the same sequence for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for the stream named `name` of run seed `seed` (FNV-1a over the name, mixed with the seed). */
export function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
