/**
 * Symmetry reduction: the renaming is a symmetry of the model (transitions commute with it, on packed
 * states and on the reference model), the representative is an orbit invariant, and the reduced
 * search counts exactly the orbits of the full state space (computed here by brute force).
 */
import { describe, expect, it } from 'vitest';
import { fingerprint, groveModel } from '../model.ts';
import { lsnCas } from '../variants/standard.ts';
import { plantedVariants } from '../variants/planted.ts';
import { decode, encode } from './codec.ts';
import { fastCheck } from '../../../checker/fast/engine.ts';
import { GroveKernel } from './kernel.ts';
import { Symmetry } from './symmetry.ts';
import { permutations, reachable } from './testing.ts';

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, j) => v === b[j]);

describe('renaming actors (with their commits and logs) is a symmetry of Grove', () => {
  for (const v of [lsnCas, ...plantedVariants]) {
    it(`${v.name} 3×1 and 2×2: step(π s, π i) = π step(s, i) on every reachable state, byte for byte, same verdict`, () => {
      for (const [actors, ops] of [[3, 1], [2, 2]] as const) {
        const K = GroveKernel.forModel(groveModel({ variant: v, actors, ops }));
        const sym = new Symmetry(K);
        const a = new Uint8Array(K.layout.bytes);
        const b = new Uint8Array(K.layout.bytes);
        const ps = new Uint8Array(K.layout.bytes);
        const pa = new Uint8Array(K.layout.bytes);
        const perms = permutations(actors);
        for (const s of reachable(K)) {
          for (const p of perms) {
            sym.rename(s, p, ps);
            for (let i = 0; i < actors; i++) {
              if (s[K.layout.actor0 + 4 * i] === 5) continue;
              const v1 = K.step(s, i, a).violated;
              sym.rename(a, p, pa);
              const v2 = K.step(ps, p[i], b).violated;
              expect(same(pa, b)).toBe(true);
              expect(v2).toBe(v1);
            }
          }
        }
      }
    });
  }

  it('lsn-cas 3×2, every 50th reachable state: the reference model commutes with the renaming too', () => {
    const m = groveModel({ variant: lsnCas, actors: 3, ops: 2 });
    const K = GroveKernel.forModel(m);
    const L = K.layout;
    const sym = new Symmetry(K);
    const ps = new Uint8Array(L.bytes);
    const pn = new Uint8Array(L.bytes);
    const states = reachable(K);
    expect(states.length).toBe(65_495);
    let checked = 0;
    for (let j = 0; j < states.length; j += 50) {
      const s = states[j];
      const ref = decode(L, s);
      for (const p of permutations(3)) {
        sym.rename(s, p, ps);
        const refP = decode(L, ps);
        const acts = m.actions(ref);
        acts.forEach((act, idx) => {
          const i = Number(act.actor) - 1;
          const mapped = m.actions(refP).findIndex((x) => x.actor === String(p[i] + 1));
          const lhs = m.step(refP, mapped).next;
          sym.rename(encode(L, m.step(ref, idx).next), p, pn);
          expect(fingerprint(lhs)).toBe(fingerprint(decode(L, pn)));
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });
});

describe('the representative', () => {
  it('lsn-cas 3×2: is the same for every member of an orbit, and the reduced search counts the 10,941 orbits', () => {
    const K = GroveKernel.forModel(groveModel({ variant: lsnCas, actors: 3, ops: 2 }));
    const sym = new Symmetry(K);
    const perms = permutations(3);
    const c1 = new Uint8Array(K.layout.bytes);
    const c2 = new Uint8Array(K.layout.bytes);
    const ps = new Uint8Array(K.layout.bytes);
    const orbits = new Set<string>();
    const states = reachable(K);
    states.forEach((s, j) => {
      // Brute force, independent of the signatures: the least renamed vector over all 3! orders.
      let least: string | null = null;
      for (const p of perms) {
        sym.rename(s, p, ps);
        const k = Buffer.from(ps).toString('latin1');
        if (least === null || k < least) least = k;
      }
      orbits.add(least!);
      if (j % 7 === 0) {
        sym.canonical(s, c1);
        for (const p of perms) {
          sym.rename(s, p, ps);
          sym.canonical(ps, c2);
          expect(same(c1, c2)).toBe(true);
        }
      }
    });
    expect(orbits.size).toBe(10_941);
    const o = fastCheck(groveModel({ variant: lsnCas, actors: 3, ops: 2 }), { symmetry: true });
    expect(o.outcome).toBe('pass');
    expect(o.stats.states).toBe(10_941); // 65,495 / 10,941 = 5.99: close to 3! = 6
  });

  it('one actor: symmetry changes nothing (1×4 counts agree)', () => {
    const m = groveModel({ variant: lsnCas, actors: 1, ops: 4 });
    expect(fastCheck(m, { symmetry: true }).stats.states).toBe(fastCheck(m).stats.states);
  });
});
