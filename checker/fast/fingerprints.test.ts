import { describe, expect, it } from 'vitest';
import { groveModel } from '../../model/grove/model.ts';
import { lsnCas } from '../../model/grove/variants/standard.ts';
import { fastCheck } from './engine.ts';
import { Bitstate, FingerprintTable, TabulationHash, hashWords, lanes } from './fingerprints.ts';

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

  it('tabulation fingerprints: an update from the parent equals hashing the successor whole; a missed word does not', () => {
    const T = new TabulationHash(5);
    const a = new Uint32Array([1, 0xdeadbeef, 0, 7, 0xffffffff]);
    const b = a.slice();
    b[1] ^= 0x00ff0000;
    b[4] = 3;
    T.full(a);
    const [h1, h2] = [lanes[0] | 0, lanes[1] | 0];
    T.full(b);
    const whole = [lanes[0], lanes[1]];
    T.update(h1, h2, a, b);
    expect([lanes[0], lanes[1]]).toEqual(whole);
    T.updateWords(h1, h2, a, b, Int32Array.from([1, 3, 4]), 3);
    expect([lanes[0], lanes[1]]).toEqual(whole);
    T.updateWords(h1, h2, a, b, Int32Array.from([1, 3]), 2); // word 4 changed but is not listed
    expect([lanes[0], lanes[1]]).not.toEqual(whole);
    T.full(a);
    expect([lanes[0] | 0, lanes[1] | 0]).toEqual([h1, h2]); // same table every time: same fingerprints
    expect(new Set(Array.from({ length: 1000 }, (_, i) => (T.full(Uint32Array.of(i, 0, 0, 0, i >> 3)), `${lanes[0]},${lanes[1]}`))).size).toBe(1000);
  });

  it('fingerprint mode reports its collision probability', () => {
    const o = fastCheck(groveModel({ variant: lsnCas, actors: 3, ops: 2 }));
    expect(o.fast.risk).toMatch(/probability that two of the 65495 states collided/);
    expect(o.fast.riskFigure).toBeLessThan(1e-9);
  });
});
