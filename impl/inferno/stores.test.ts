/**
 * Contract tests of the real Inferno stores, one thread, no interleaving: every store answers a
 * seeded random sequence of calls exactly as the sequential spec (`spec.ts`) and the reference model
 * (`model/inferno/`) do; the invariant judge agrees with the reference's; the spec itself accepts
 * and rejects the histories it should.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { checkLinearizable } from '../../lin/check.ts';
import { infernoFamily, infernoModel, casVariant, currentVariant, lockVariant } from '../../model/inferno/model.ts';
import { inconsistency } from '../../model/inferno/properties.ts';
import { fetchHist as modelFetchHist, type InfernoState } from '../../model/inferno/store.ts';
import { prng } from '../testkit/prng.ts';
import { designOf, inspectStore, judgeStore } from './inspect.ts';
import { Io } from './io.ts';
import { applyStore, emptySpec, infernoSpec, partitionByScript, specHistory, storeAllowed, type InfernoInput, type InfernoOutput } from './spec.ts';
import { openStore } from './stores.ts';
import { NotHeadError, STORE_NAMES, hashOf, type Hash } from './types.ts';
import type { Operation } from '../../lin/history.ts';

/** A sequential program: o2..oN, each on the head (70%) or on an earlier attempted object. */
function program(seed: number, n: number): [string, string][] {
  const r = prng(`seq/${seed}`);
  const out: [string, string][] = [];
  const attempted = ['o1'];
  let head = 'o1';
  for (let i = 2; i <= n; i++) {
    const o = `o${i}`;
    const p = r.chance(0.7) ? head : r.pick(attempted);
    out.push([o, p]);
    attempted.push(o);
    if (p === head) head = o;
  }
  return out;
}

/** Runs the reference model (one actor) over a program to the end. */
function runModel(variant: typeof currentVariant, prog: [string, string][]): InfernoState {
  const m = infernoModel({ variant, program: [prog], programName: 'seq', crashes: 0 });
  let s = m.initial();
  while (m.actions(s).length > 0) s = m.step(s, 0).next;
  return s;
}

describe('inferno stores: one thread agrees with the spec and the reference model', () => {
  it.each(STORE_NAMES.flatMap((name) => [1, 2, 3].map((seed) => [name, seed] as const)))('%s, seed %i: 30 stores, fetchHist of every object after each', async (name, seed) => {
    const dir = await mkdtemp(join(tmpdir(), `inferno-seq-${name}-`));
    try {
      const store = await openStore(name, dir, new Io());
      const prog = program(seed, 31);
      const content = (x: string) => x;
      let spec = emptySpec;
      await store.store('o1', null);
      spec = applyStore(spec, hashOf('o1'), null);
      const byHash = new Map<Hash, string>([[hashOf('o1'), 'o1']]);
      const linked: string[] = ['o1'];
      for (const [o, p] of prog) {
        const allowed = storeAllowed(spec, hashOf(o), hashOf(p));
        let ok = true;
        try {
          await store.store(content(o), hashOf(p));
        } catch (e) {
          expect(e).toBeInstanceOf(NotHeadError);
          ok = false;
        }
        expect(ok).toBe(allowed);
        byHash.set(hashOf(o), o);
        if (allowed) {
          spec = applyStore(spec, hashOf(o), hashOf(p));
          linked.push(o);
        }
        for (const h of linked) {
          const got = (await store.fetchHist(hashOf(h))).map((x) => byHash.get(x));
          expect(got).toEqual(specHistory(spec, hashOf(h))!.map((x) => byHash.get(x)));
        }
      }
      for (const h of linked) expect(await store.fetch(hashOf(h))).toBe(h);
      // The reference model's sequential semantics, for the design the store follows.
      const variant = name === 'current' ? currentVariant : name === 'lock' ? lockVariant : casVariant;
      const ms = runModel(variant, prog);
      for (const h of linked) {
        expect(modelFetchHist(designOf(name), ms.store, h)).toEqual((await store.fetchHist(hashOf(h))).map((x) => byHash.get(x)));
      }
      // The store at rest holds I1 and I2 (judged as the reference judges).
      const links: Record<Hash, Hash> = {};
      for (const [o, p] of prog) if (linked.includes(o)) links[hashOf(o)] = hashOf(p);
      expect(judgeStore(designOf(name), await inspectStore(name, dir, store), links, [hashOf('o1')])).toEqual([]);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('inferno judge: the first problem is the reference model\'s', () => {
  it.each([
    ['current', 2, 0],
    ['current-atomic-rename', 2, 0],
    ['current', 1, 1],
    ['lock', 2, 1],
  ])('%s, %i actors, %i crashes: judgeStore(...)[0] on the counterexample state equals inconsistency(...)', (variant, actors, crashes) => {
    const m = infernoFamily.build({ variant, actors, extra: { program: 'chain', maxCrashes: crashes } });
    const o = check(m, { strategy: 'bfs' });
    expect(o.outcome).toBe('violation');
    if (o.outcome !== 'violation') return;
    let s = m.initial();
    for (const i of o.path) s = m.step(s, i).next;
    const crashed = s.actors.flatMap((a, i) => (a.crashed ? [[`o${i + 2}`, `o${i + 1}`] as [string, string]] : []));
    for (const mask of [0, 1]) {
      const links: Record<string, string> = { ...s.links };
      for (const [x, p] of crashed) {
        if (mask) links[x] = p;
        else delete links[x];
      }
      const ref = inconsistency('to-head', s.store, links, ['o1']);
      const mine = judgeStore('to-head', s.store, links, ['o1']);
      expect(mine[0] === undefined ? null : [mine[0].property, mine[0].message]).toEqual(ref);
    }
  });
});

describe('inferno spec', () => {
  const h = (x: string) => hashOf(x);
  const op = (id: number, input: InfernoInput, output: InfernoOutput | undefined, call: number, ret: number): Operation<InfernoInput, InfernoOutput> => ({ id, client: id, input, output, call, ret });
  const model = infernoSpec((x) => ({ [h('o1')]: 'o1', [h('o2')]: 'o2', [h('o3')]: 'o3', [h('p1')]: 'p1' })[x] ?? '?');

  it('accepts concurrent stores in the order that explains a read, and rejects a lost predecessor', () => {
    const base = [op(0, { f: 'store', hash: h('o1'), pred: null, content: 'o1' }, { f: 'store', ok: true }, 0, 1)];
    const good = [
      ...base,
      op(1, { f: 'store', hash: h('o2'), pred: h('o1'), content: 'o2' }, { f: 'store', ok: true }, 2, 6),
      op(2, { f: 'store', hash: h('o3'), pred: h('o2'), content: 'o3' }, { f: 'store', ok: true }, 3, 5),
      op(3, { f: 'fetchHist', h: h('o1') }, { f: 'fetchHist', ok: true, hist: [h('o1'), h('o2'), h('o3')] }, 7, 8),
    ];
    expect(checkLinearizable(model, good).outcome).toBe('linearizable');
    const lost = good.map((x) => (x.id === 3 ? { ...x, output: { f: 'fetchHist' as const, ok: true as const, hist: [h('o2'), h('o3')] } } : x));
    const r = checkLinearizable(model, lost);
    expect(r.outcome).toBe('not-linearizable');
    if (r.outcome === 'not-linearizable') {
      expect(r.partial[0].stateAfter).toBe('[o1 o2 o3]');
      expect(r.partial[0].stuckAt).toEqual([3]);
    }
  });

  it('a store with an unknown result may have happened; two acknowledged successors of one object may not', () => {
    const base = [op(0, { f: 'store', hash: h('o1'), pred: null, content: 'o1' }, { f: 'store', ok: true }, 0, 1)];
    const pending = [...base, op(1, { f: 'store', hash: h('o2'), pred: h('o1'), content: 'o2' }, undefined, 2, Infinity), op(2, { f: 'fetchHist', h: h('o1') }, { f: 'fetchHist', ok: true, hist: [h('o1'), h('o2')] }, 3, 4)];
    expect(checkLinearizable(model, pending).outcome).toBe('linearizable');
    const fork = [...base, op(1, { f: 'store', hash: h('o2'), pred: h('o1'), content: 'o2' }, { f: 'store', ok: true }, 2, 3), op(2, { f: 'store', hash: h('o3'), pred: h('o1'), content: 'o3' }, { f: 'store', ok: true }, 4, 5)];
    expect(checkLinearizable(model, fork).outcome).toBe('not-linearizable');
  });

  it('partitions a history by script', () => {
    const ops = [
      op(0, { f: 'store', hash: h('o1'), pred: null, content: 'o1' }, { f: 'store', ok: true }, 0, 1),
      op(1, { f: 'store', hash: h('p1'), pred: null, content: 'p1' }, { f: 'store', ok: true }, 0, 1),
      op(2, { f: 'store', hash: h('o2'), pred: h('o1'), content: 'o2' }, { f: 'store', ok: true }, 2, 3),
      op(3, { f: 'fetchHist', h: h('p1') }, { f: 'fetchHist', ok: true, hist: [h('p1')] }, 2, 3),
      op(4, { f: 'fetchHist', h: h('o2') }, { f: 'fetchHist', ok: true, hist: [h('o1'), h('o2')] }, 4, 5),
    ];
    expect(partitionByScript(ops).map((p) => p.map((x) => x.id))).toEqual([[0, 2, 4], [1, 3]]);
  });
});
