/**
 * The compiled kernel with faults (lost replies, crashes) and recoveries against the reference model:
 * step by step on random schedules, state count by state count on whole searches, verdict by verdict,
 * and a planted recovery bug that the fast engine must find and the reference model must replay.
 */
import { describe, expect, it } from 'vitest';
import { fingerprint, groveModel } from '../../model/grove/model.ts';
import type { GroveVariant } from '../../model/grove/variant.ts';
import { lsnCas, logidCheck, recoverByReading, retryNaive } from '../../model/grove/variants/standard.ts';
import { plantedVariants } from '../../model/grove/variants/planted.ts';
import { check } from '../check.ts';
import { checkStep } from '../properties.ts';
import { generator } from '../pct.ts';
import { decode, encode } from './codec.ts';
import { fastCheck } from './engine.ts';
import { GroveKernel, PROPERTY_IDS } from './kernel.ts';

const recoveries: GroveVariant[] = [lsnCas, retryNaive, recoverByReading];
const budgets = [
  { maxLostReplies: 1 },
  { maxCrashes: 1 },
  { maxLostReplies: 1, maxCrashes: 1 },
  { maxLostReplies: 2, maxCrashes: 2 },
] as const;

describe('kernel step with faults = reference step (random schedules, seed 11)', () => {
  for (const v of [...recoveries, logidCheck, ...plantedVariants]) {
    it(`${v.name}: same fingerprint, actions, verdict and G7 state, step by step`, () => {
      let steps = 0;
      for (const [actors, ops] of [[2, 2], [3, 2]] as const) {
        for (const b of budgets) {
          const m = groveModel({ variant: v, actors, ops, ...b });
          const K = GroveKernel.forModel(m);
          const en = new Int32Array(K.maxActions);
          const out = new Uint8Array(K.layout.bytes);
          const rnd = generator(11 + actors);
          for (let run = 0; run < 15; run++) {
            let s = m.initial();
            for (;;) {
              const acts = m.actions(s);
              if (acts.length === 0) break;
              const idx = Math.floor(rnd() * acts.length);
              const st = m.step(s, idx);
              const packed = encode(K.layout, s);
              expect(fingerprint(decode(K.layout, packed))).toBe(fingerprint(s));
              expect(K.enabled(packed, en)).toBe(acts.length);
              const info = K.step(packed, en[idx], out);
              steps++;
              expect(fingerprint(decode(K.layout, out))).toBe(fingerprint(st.next));
              const ref = checkStep(m, s, st, false);
              expect(info.violated === 0 ? null : PROPERTY_IDS[info.violated - 1]).toBe(ref.violation?.property ?? null);
              if (ref.violation) break; // the reference stops at the first failing property: G7 is not evaluated after it
              expect(K.violatesG7(out)).toBe(ref.advisories.some((a) => a.property === 'G7'));
              s = st.next;
            }
          }
        }
      }
      expect(steps).toBeGreaterThan(300);
    });
  }
});
