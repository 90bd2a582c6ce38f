/**
 * The fast engine's batched insertion (successors of up to 64 states are generated, then inserted in
 * order) must end exactly where one-at-a-time insertion would: the state budget is checked against a
 * plain breadth-first search over the same kernel, written out here with strings as keys.
 */
import { describe, expect, it } from 'vitest';
import { groveModel } from '../../model/grove/model.ts';
import { lsnCas } from '../../model/grove/variants/standard.ts';
import { GroveKernel } from '../../model/grove/kernel/kernel.ts';
import { fastCheck } from './engine.ts';

/** States, transitions and unexplored count (as the engine's note counts them) when a plain BFS stores its `budget`-th state. */
function plainBfsUntil(K: GroveKernel, budget: number): { states: number; transitions: number; unexplored: number } {
  const key = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const s0 = new Uint8Array(K.layout.bytes);
  K.initial(s0);
  const seen = new Set([key(s0)]);
  const en = new Int32Array(K.maxActions);
  let frontier: Uint8Array[] = [s0];
  let transitions = 0;
  for (;;) {
    const next: Uint8Array[] = [];
    for (let q = 0; q < frontier.length; q++) {
      const n = K.enabled(frontier[q], en);
      for (let x = 0; x < n; x++) {
        const out = new Uint8Array(K.layout.bytes);
        K.step(frontier[q], en[x], out);
        transitions++;
        if (seen.has(key(out))) continue;
        seen.add(key(out));
        next.push(out);
        if (seen.size === budget) return { states: budget, transitions, unexplored: next.length + frontier.length - q };
      }
    }
    frontier = next;
  }
}

describe('fast engine: the state budget', () => {
  for (const budget of [2, 33, 1000, 12_345]) {
    it(`lsn-cas 3×2 stopped at ${budget} states: the same states, transitions and unexplored count as one-at-a-time insertion`, () => {
      const m = groveModel({ variant: lsnCas, actors: 3, ops: 2 });
      const o = fastCheck(m, { maxStates: budget });
      const want = plainBfsUntil(GroveKernel.forModel(m), budget);
      expect(o.outcome).toBe('inconclusive');
      expect(o.stats.states).toBe(want.states);
      expect(o.stats.transitions).toBe(want.transitions);
      expect(o.outcome === 'inconclusive' ? o.note : '').toBe(`stopped at ${budget} states with ${want.unexplored} unexplored`);
    });
  }
});
