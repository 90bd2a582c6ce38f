/**
 * Helpers shared by the fast engine's differential tests: every permutation of the actors, every
 * reachable packed state of a small configuration, and the step-by-step comparison of the kernel with
 * the reference model on random schedules.
 */
import { expect } from 'vitest';
import { fingerprint, type GroveModel } from '../model.ts';
import { checkStep } from '../../../checker/properties.ts';
import { generator } from '../../../checker/pct.ts';
import { decode, encode } from './codec.ts';
import { GroveKernel, PROPERTY_IDS } from './kernel.ts';

/** Every permutation of 0 … n-1. */
export function permutations(n: number): Int32Array[] {
  if (n === 0) return [new Int32Array(0)];
  const out: Int32Array[] = [];
  for (const p of permutations(n - 1)) {
    for (let at = 0; at < n; at++) {
      const q = Array.from(p);
      q.splice(at, 0, n - 1);
      out.push(Int32Array.from(q));
    }
  }
  return out;
}

/** Every reachable packed state, by plain BFS over the kernel (strings as keys: small configurations only). */
export function reachable(K: GroveKernel): Uint8Array<ArrayBufferLike>[] {
  const s0 = new Uint8Array(K.layout.bytes);
  K.initial(s0);
  const key = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const seen = new Map<string, Uint8Array>([[key(s0), s0]]);
  const en = new Int32Array(K.maxActions);
  let frontier: Uint8Array<ArrayBufferLike>[] = [s0];
  while (frontier.length > 0) {
    const next: Uint8Array<ArrayBufferLike>[] = [];
    for (const s of frontier) {
      const n = K.enabled(s, en);
      for (let x = 0; x < n; x++) {
        const out = new Uint8Array(K.layout.bytes);
        K.step(s, en[x], out);
        const k = key(out);
        if (!seen.has(k)) {
          seen.set(k, out);
          next.push(out);
        }
      }
    }
    frontier = next;
  }
  return [...seen.values()];
}

/**
 * Runs `runs` random schedules (generator seeded with `seed`) on the reference model and, at every
 * step, the kernel on the packed state: same enabled actions, same next state (by the reference
 * fingerprint of its decoding), same verdict, same G7 state, and every changed word among those
 * `written()` lists (the engine's fingerprints rely on it). Returns the steps compared.
 */
export function compareSteps(m: GroveModel, K: GroveKernel, seed: number, runs: number): number {
  const en = new Int32Array(K.maxActions);
  const out = new Uint8Array(K.layout.bytes);
  const rnd = generator(seed);
  let steps = 0;
  for (let run = 0; run < runs; run++) {
    let s = m.initial();
    for (;;) {
      const acts = m.actions(s);
      if (acts.length === 0) break;
      const idx = Math.floor(rnd() * acts.length);
      const st = m.step(s, idx);
      const b = encode(K.layout, s);
      expect(fingerprint(decode(K.layout, b))).toBe(fingerprint(s));
      expect(K.enabled(b, en)).toBe(acts.length);
      const info = K.step(b, en[idx], out);
      steps++;
      if (info.violated === 0) expect(unwrittenChange(K, b, out)).toBe(-1);
      expect(fingerprint(decode(K.layout, out))).toBe(fingerprint(st.next));
      const ref = checkStep(m, s, st, false);
      expect(info.violated === 0 ? null : PROPERTY_IDS[info.violated - 1]).toBe(ref.violation?.property ?? null);
      if (ref.violation) break; // the reference stops at the first failing property: G7 is not evaluated after it
      expect(K.violatesG7(out)).toBe(ref.advisories.some((a) => a.property === 'G7'));
      s = st.next;
    }
  }
  return steps;
}

/**
 * After `K.step(s, …, out)`: the first word that differs between `s` and `out` but is not among the
 * words `K.written()` lists, or -1 when there is none (the claim the engine's fingerprints rely on).
 */
export function unwrittenChange(K: GroveKernel, s: Uint8Array, out: Uint8Array): number {
  const which = new Int32Array(K.layout.words);
  const listed = new Set(which.subarray(0, K.written(which)));
  const a = new Uint32Array(s.buffer, s.byteOffset, K.layout.words);
  const b = new Uint32Array(out.buffer, out.byteOffset, K.layout.words);
  for (let j = 0; j < K.layout.words; j++) if (a[j] !== b[j] && !listed.has(j)) return j;
  return -1;
}
