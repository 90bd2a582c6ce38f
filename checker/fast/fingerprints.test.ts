import { describe, expect, it } from 'vitest';
import { groveModel } from '../../model/grove/model.ts';
import { lsnCas } from '../../model/grove/variants/standard.ts';
import { fastCheck } from './engine.ts';
import { Bitstate, FingerprintTable, hashWords } from './fingerprints.ts';

describe('seen sets', () => {
  it('the fingerprint table keeps every member across growth and refuses duplicates', () => {
    const t = new FingerprintTable(16);
    const w = new Uint32Array(4);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10_000; i++) {
        w[0] = i;
        w[3] = i * 7;
        hashWords(w, 0, 4);
        expect(t.addLanes()).toBe(round === 0);
      }
    }
    expect(t.size).toBe(10_000);
    expect(t.riskFigure()).toBeLessThan(1e-10);
  });

  it('bitstate with room to spare finds every state of lsn-cas 3×2; a tiny one misses some and says so', () => {
    const m = groveModel({ variant: lsnCas, actors: 3, ops: 2 });
    const big = fastCheck(m, { bitstate: 26 });
    expect(big.stats.states).toBe(65_495);
    expect(big.outcome === 'pass' && big.exhaustive).toBe(false); // bitstate never claims exhaustiveness
    const small = fastCheck(m, { bitstate: 14 });
    expect(small.stats.states).toBeLessThan(65_495);
    expect(small.fast.riskFigure).toBeGreaterThan(1);
    expect(small.outcome === 'pass' ? small.note : '').toMatch(/may have been taken as seen/);
  });

  it('fingerprint mode reports its collision probability', () => {
    const o = fastCheck(groveModel({ variant: lsnCas, actors: 3, ops: 2 }));
    expect(o.fast.risk).toMatch(/probability that two of the 65495 states collided/);
    expect(o.fast.riskFigure).toBeLessThan(1e-9);
  });
});
