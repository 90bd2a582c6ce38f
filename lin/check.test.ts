/**
 * Hand-written histories with known verdicts, witness checks, a brute-force cross-check on random
 * small histories, and the history helpers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertLinearizable, checkLinearizable, LinearizabilityError } from './check.ts';
import { KernelOutOfMemory } from './kernel/kernel.ts';
import { eventsToOperations, HistoryError, operationsToEvents, type Operation } from './history.ts';
import { verifyLinearization } from './replay.ts';
import { registerModel, type RegisterInput, type RegisterOutput, type RegisterValue } from './models/register.ts';
import { kvModel, kvModelUnpartitioned, type KvInput, type KvOutput } from './models/kv.ts';
import type { LinModel } from './model.ts';
import { parseJepsenEtcd } from './formats/jepsen-etcd.ts';
import { parseJepsenKv } from './formats/jepsen-kv.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type RegOp = Operation<RegisterInput, RegisterOutput>;
const P = Infinity;
let nextId = 0;
/** A register operation; `ret = P` makes it pending (then its output must be undefined). */
function reg(client: number, call: number, ret: number, input: RegisterInput, output?: RegisterOutput): RegOp {
  return { id: nextId++, client, input, output, call, ret };
}
const write = (value: RegisterValue): RegisterInput => ({ f: 'write', value });
const read: RegisterInput = { f: 'read' };
const cas = (from: RegisterValue, to: RegisterValue): RegisterInput => ({ f: 'cas', from, to });
const got = (value: RegisterValue): RegisterOutput => ({ f: 'read', value });
const wrote: RegisterOutput = { f: 'write' };
const casOk: RegisterOutput = { f: 'cas', ok: true };
const casFail: RegisterOutput = { f: 'cas', ok: false };

function check(ops: RegOp[]) {
  const r = checkLinearizable(registerModel, ops);
  if (r.outcome === 'linearizable') expect(verifyLinearization(registerModel, ops, r.linearization)).toEqual({ ok: true });
  return r;
}

describe('register histories with known verdicts', () => {
  it('sequential write then read of the written value is linearizable, in that order', () => {
    const w = reg(0, 0, 1, write(1), wrote);
    const r1 = reg(1, 2, 3, read, got(1));
    expect(check([w, r1])).toMatchObject({ outcome: 'linearizable', linearization: [[w.id, r1.id]] });
  });

  it('a stale read after a completed write is not; the witness stops at the read', () => {
    const w = reg(0, 0, 1, write(1), wrote);
    const r1 = reg(1, 2, 3, read, got(null));
    expect(check([w, r1])).toMatchObject({
      outcome: 'not-linearizable',
      partial: [{ partition: 0, longest: [w.id], stuckAt: [r1.id], stateAfter: '1' }],
    });
  });

  it('a read concurrent with a write may see either value, but not the old one after the new', () => {
    const w = reg(0, 0, 10, write(1), wrote);
    expect(check([w, reg(1, 1, 2, read, got(null)), reg(2, 3, 4, read, got(1))]).outcome).toBe('linearizable');
    const a = reg(1, 1, 2, read, got(1));
    const b = reg(2, 3, 4, read, got(null));
    expect(check([w, a, b])).toMatchObject({ outcome: 'not-linearizable', partial: [{ longest: [w.id, a.id], stuckAt: [b.id] }] });
  });

  it('intervals are closed: a call at the same time as another return overlaps it', () => {
    expect(check([reg(0, 0, 5, write(1), wrote), reg(1, 5, 6, read, got(null))]).outcome).toBe('linearizable');
    expect(check([reg(0, 0, 5, write(1), wrote), reg(1, 6, 7, read, got(null))]).outcome).toBe('not-linearizable');
  });

  it('a pending write that must have taken effect appears in the linearization', () => {
    const w = reg(0, 0, P, write(1));
    const r1 = reg(1, 1, 2, read, got(1));
    expect(check([w, r1])).toMatchObject({ outcome: 'linearizable', linearization: [[w.id, r1.id]] });
  });

  it('a pending write that never took effect is left out of the linearization', () => {
    const w = reg(0, 0, P, write(1));
    const a = reg(1, 1, 2, read, got(null));
    const b = reg(1, 3, 4, read, got(null));
    expect(check([w, a, b])).toMatchObject({ outcome: 'linearizable', linearization: [[a.id, b.id]] });
  });

  it('a pending write cannot take effect before it was called', () => {
    const a = reg(1, 0, 1, read, got(1));
    const w = reg(0, 2, P, write(1));
    expect(check([a, w])).toMatchObject({ outcome: 'not-linearizable', partial: [{ longest: [], stuckAt: [a.id] }] });
  });

  it('a pending write takes effect once: its value cannot disappear again', () => {
    const w = reg(0, 0, P, write(1));
    const a = reg(1, 1, 2, read, got(1));
    const b = reg(1, 3, 4, read, got(null));
    expect(check([w, a, b])).toMatchObject({ outcome: 'not-linearizable', partial: [{ longest: [w.id, a.id], stuckAt: [b.id] }] });
  });

  it('a pending cas takes effect only if it matched', () => {
    expect(check([reg(0, 0, P, cas(null, 5)), reg(1, 1, 2, read, got(5))]).outcome).toBe('linearizable');
    expect(check([reg(2, 0, 1, write(3), wrote), reg(0, 2, P, cas(null, 5)), reg(1, 3, 4, read, got(5))]).outcome).toBe(
      'not-linearizable',
    );
  });

  it('a failed cas ran and saw a different value: it constrains the state and leaves it unchanged', () => {
    const w = reg(0, 0, 1, write(1), wrote);
    const bad = reg(1, 2, 3, cas(1, 2), casFail);
    expect(check([w, bad])).toMatchObject({ outcome: 'not-linearizable', partial: [{ longest: [w.id], stuckAt: [bad.id] }] });
    expect(check([reg(0, 0, 1, write(1), wrote), reg(1, 2, 3, cas(2, 3), casFail), reg(1, 4, 5, read, got(1))]).outcome).toBe(
      'linearizable',
    );
    // Concurrent with a write of 2, a failed cas(1, …) must be ordered before that write's effect is gone:
    const w1 = reg(0, 0, 1, write(1), wrote);
    const w2 = reg(0, 2, 6, write(2), wrote);
    const c = reg(1, 3, 4, cas(1, 9), casFail);
    expect(check([w1, w2, c])).toMatchObject({ outcome: 'linearizable', linearization: [[w1.id, w2.id, c.id]] });
  });

  it('a successful cas needs the expected value', () => {
    expect(check([reg(0, 0, 1, write(1), wrote), reg(1, 2, 3, cas(1, 2), casOk), reg(0, 4, 5, read, got(2))]).outcome).toBe(
      'linearizable',
    );
    expect(check([reg(0, 0, 1, write(1), wrote), reg(1, 2, 3, cas(2, 3), casOk)]).outcome).toBe('not-linearizable');
  });

  it('a read that returned without a result (timed out) accepts any value', () => {
    expect(check([reg(0, 0, 1, write(1), wrote), reg(1, 2, 3, read, undefined), reg(1, 4, 5, read, got(1))]).outcome).toBe(
      'linearizable',
    );
  });

  it('an empty history, and one of pending operations only, are linearizable', () => {
    expect(check([])).toMatchObject({ outcome: 'linearizable', linearization: [[]] });
    expect(check([reg(0, 0, P, write(1)), reg(1, 1, P, cas(1, 2))]).outcome).toBe('linearizable');
  });

  it('assertLinearizable returns the linearization or throws with the witness', () => {
    const w = reg(0, 0, 1, write(1), wrote);
    expect(assertLinearizable(registerModel, [w])).toEqual([[w.id]]);
    const bad = reg(1, 2, 3, read, got(7));
    expect(() => assertLinearizable(registerModel, [w, bad])).toThrow(LinearizabilityError);
    expect(() => assertLinearizable(registerModel, [w, bad])).toThrow(`none of [${bad.id}] can come next`);
  });

  it('rejects malformed histories with a HistoryError', () => {
    const w = reg(0, 0, 1, write(1), wrote);
    expect(() => checkLinearizable(registerModel, [w, w])).toThrow(HistoryError);
    expect(() => checkLinearizable(registerModel, [reg(0, 5, 4, read, got(null))])).toThrow(/before its call/);
    expect(() => checkLinearizable(registerModel, [reg(0, 0, P, read, got(null))])).toThrow(/pending/);
  });
});

describe('kv histories, partitions and budgets', () => {
  let id = 0;
  const kv = (client: number, call: number, ret: number, input: KvInput, output?: KvOutput): Operation<KvInput, KvOutput> => ({
    id: id++, client, input, output, call, ret,
  });
  const ok = [
    kv(0, 0, 1, { f: 'put', key: 'a', value: 'x' }, { f: 'put' }),
    kv(1, 0, 2, { f: 'append', key: 'b', value: 'y' }, { f: 'append' }),
    kv(0, 2, 3, { f: 'append', key: 'a', value: 'z' }, { f: 'append' }),
    kv(1, 3, 4, { f: 'get', key: 'a' }, { f: 'get', value: 'xz' }),
    kv(1, 5, 6, { f: 'get', key: 'b' }, { f: 'get', value: 'y' }),
  ];
  const badB = kv(2, 7, 8, { f: 'get', key: 'b' }, { f: 'get', value: '' });
  const badA = kv(2, 9, 10, { f: 'get', key: 'a' }, { f: 'get', value: 'x' });

  it('splits by key and returns one linearization per key', () => {
    const r = checkLinearizable(kvModel, ok);
    expect(r).toMatchObject({ outcome: 'linearizable', linearization: [[0, 2, 3], [1, 4]], stats: { partitions: 2, operations: 5 } });
    const whole = checkLinearizable(kvModelUnpartitioned, ok);
    expect(whole.outcome).toBe('linearizable');
    if (whole.outcome === 'linearizable') expect(verifyLinearization(kvModelUnpartitioned, ok, whole.linearization)).toEqual({ ok: true });
  });

  it('names the failing partition; allPartitions reports every failing one', () => {
    expect(checkLinearizable(kvModel, [...ok, badB])).toMatchObject({
      outcome: 'not-linearizable',
      partial: [{ partition: 1, longest: [1, 4], stuckAt: [badB.id], stateAfter: '"y"' }],
    });
    const all = checkLinearizable(kvModel, [...ok, badB, badA], { allPartitions: true });
    expect(all.outcome === 'not-linearizable' && all.partial.map((p) => [p.partition, p.stuckAt])).toEqual([
      [0, [badA.id]],
      [1, [badB.id]],
    ]);
  });

  it('gives up with outcome unknown when the time budget runs out', () => {
    // 16 concurrent appends and a get that matches no order: the search has to try them all.
    const many = Array.from({ length: 16 }, (_, i) => kv(i, 0, 100, { f: 'append', key: 'k', value: String.fromCharCode(97 + i) }, { f: 'append' }));
    const r = checkLinearizable(kvModel, [...many, kv(99, 101, 102, { f: 'get', key: 'k' }, { f: 'get', value: 'impossible' })], {
      timeoutMs: 100,
    });
    expect(r).toMatchObject({ outcome: 'unknown', reason: 'timeout', partition: 0 });
    expect(r.stats.seconds).toBeLessThan(5);
  });

  it("gives up with outcome unknown (memory) when a partition's search outgrows the kernel's memory, and the next check runs", () => {
    // A planted model: its steps on key 'boom' report what the kernel reports when its memory cannot
    // grow (the search of one key of c50-bad alone needs more than 4 GiB: too slow for a test).
    let calls = 0;
    const greedy: typeof kvModel = {
      ...kvModel,
      step(s, input, output, digest) {
        if (input.key === 'boom' && ++calls > 2) throw new KernelOutOfMemory('lin: the search outgrew the 4 GiB a WebAssembly memory can hold');
        return kvModel.step(s, input, output, digest);
      },
    };
    const boom = Array.from({ length: 4 }, (_, i) => kv(50 + i, 0, 10, { f: 'append', key: 'boom', value: String(i) }, { f: 'append' }));
    const r = checkLinearizable(greedy, [...ok, ...boom]);
    expect(r).toMatchObject({ outcome: 'unknown', reason: 'memory', partition: 2 });
    // A failing partition still decides the verdict (as with a timeout), with every partition asked for.
    const failing = checkLinearizable(greedy, [...ok, badB, ...boom], { allPartitions: true });
    expect(failing).toMatchObject({ outcome: 'not-linearizable', partial: [{ partition: 1 }], undecided: [{ partition: 2, reason: 'memory' }] });
    // Without `allPartitions` the first failure ends the check: nothing is listed as undecided.
    expect(checkLinearizable(greedy, [...ok, badB, ...boom])).not.toHaveProperty('undecided');
    // Anything else a step throws is not taken for a lack of memory.
    const broken: typeof kvModel = { ...kvModel, step: () => { throw new Error('a bug in the model'); } };
    expect(() => checkLinearizable(broken, ok)).toThrow('a bug in the model');
    // The kernel is whole again for the next check.
    expect(checkLinearizable(kvModel, [...ok, ...boom]).outcome).toBe('linearizable');
  });

  it('verifyLinearization catches a bad witness', () => {
    expect(verifyLinearization(kvModel, ok, [[2, 0, 3], [1, 4]])).toMatchObject({ ok: false, partition: 0, position: 1 });
    expect(verifyLinearization(kvModel, ok, [[0, 2], [1, 4]])).toMatchObject({ ok: false, message: /not placed/ });
  });
});

/** Brute force: some subset of the pending ops plus all completed ones, in some real-time-respecting order. */
function bruteForce(ops: RegOp[]): boolean {
  const n = ops.length;
  const search = (done: number, state: RegisterValue): boolean => {
    if (ops.every((o, i) => o.ret === P || done & (1 << i))) return true;
    for (let i = 0; i < n; i++) {
      if (done & (1 << i)) continue;
      // i may come next only if no other remaining op returned strictly before i was called
      if (ops.some((o, j) => j !== i && !(done & (1 << j)) && o.ret < ops[i].call)) continue;
      const r = registerModel.step(state, ops[i].input, ops[i].output);
      if (r.ok && search(done | (1 << i), r.next)) return true;
    }
    return false;
  };
  return search(0, null);
}

/** The register without `equal` and `digest`: states are told apart by `hash` keys only. */
const hashOnly: LinModel<RegisterValue, RegisterInput, RegisterOutput> = { ...registerModel, equal: undefined, digest: undefined };
/** The register with a `hash` that is the same for every state: `equal` tells them apart. */
const equalOnly: LinModel<RegisterValue, RegisterInput, RegisterOutput> = { ...registerModel, hash: () => 'x', digest: undefined };
/** The register with one digest for every state: the kernel finds them all on one chain, `equal` tells them apart. */
const oneDigest: LinModel<RegisterValue, RegisterInput, RegisterOutput> = { ...registerModel, digest: () => 0 };

describe('agrees with a brute-force search on random small register histories', () => {
  const value = fc.constantFrom<RegisterValue>(null, 1, 2);
  const opArb = fc.record({
    client: fc.integer({ min: 0, max: 2 }),
    start: fc.integer({ min: 0, max: 8 }),
    length: fc.integer({ min: 0, max: 4 }),
    pending: fc.boolean(),
    kind: fc.constantFrom('read', 'write', 'cas', 'read?') as fc.Arbitrary<'read' | 'write' | 'cas' | 'read?'>,
    a: value,
    b: value,
    ok: fc.boolean(),
  });
  it('same verdict, and every linearization replays (seed 42, 400 runs)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 7 }), (specs) => {
        const ops: RegOp[] = specs.map((s, id) => {
          const pending = s.pending && s.kind !== 'read';
          const input = s.kind === 'write' ? write(s.a) : s.kind === 'cas' ? cas(s.a, s.b) : read;
          const output: RegisterOutput | undefined = pending || s.kind === 'read?'
            ? undefined
            : s.kind === 'write' ? wrote : s.kind === 'cas' ? { f: 'cas', ok: s.ok } : got(s.a);
          return { id, client: s.client, input, output, call: s.start, ret: pending ? P : s.start + s.length };
        });
        const r = checkLinearizable(registerModel, ops);
        const expected = bruteForce(ops) ? 'linearizable' : 'not-linearizable';
        expect(r.outcome).toBe(expected);
        if (r.outcome === 'linearizable') expect(verifyLinearization(registerModel, ops, r.linearization)).toEqual({ ok: true });
        // States found by hash keys alone, and by `equal` behind a hash that says nothing: same verdicts.
        expect(checkLinearizable(hashOnly, ops).outcome).toBe(expected);
        expect(checkLinearizable(equalOnly, ops).outcome).toBe(expected);
        expect(checkLinearizable(oneDigest, ops).outcome).toBe(expected);
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});

describe('search reductions: read-only operations and twin pending operations', () => {
  /** The same register, with inputs boxed in a class instance: never plain data, so never twins. */
  class Boxed {
    constructor(readonly input: RegisterInput) {}
  }
  const boxedModel: LinModel<RegisterValue, Boxed, RegisterOutput> = {
    ...(registerModel as unknown as LinModel<RegisterValue, Boxed, RegisterOutput>),
    step: (s, b, o) => registerModel.step(s, b.input, o),
    readOnly: (b, o) => registerModel.readOnly?.(b.input, o) ?? false,
  };
  const box = (ops: RegOp[]): Operation<Boxed, RegisterOutput>[] => ops.map((o) => ({ ...o, input: new Boxed(o.input) }));
  const etcd002 = (): RegOp[] => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'jepsen', 'etcd', 'etcd_002.log');
    return parseJepsenEtcd(readFileSync(file, 'utf8'), file).operations;
  };

  it('etcd_002: each reduction alone keeps the verdict and cuts states; without both the search is the original one', () => {
    const ops = etcd002();
    const states = <I,>(m: LinModel<RegisterValue, I, RegisterOutput>, h: Operation<I, RegisterOutput>[]): number => {
      const r = checkLinearizable(m, h);
      expect(r.outcome).toBe('linearizable');
      return r.stats.statesExplored;
    };
    const noReadOnly = { ...registerModel, readOnly: undefined };
    const boxedNoReadOnly = { ...boxedModel, readOnly: undefined };
    expect([states(registerModel, ops), states(noReadOnly, ops), states(boxedModel, box(ops)), states(boxedNoReadOnly, box(ops))]).toEqual([
      60575, 66087, 167149, 179126,
    ]);
  });

  it('a model that calls a write read-only loses the order where the write comes late: wrong verdict', () => {
    // write(1) spans the read of the initial value: linearizable, read first.
    const ops = [reg(0, 0, 10, write(1), wrote), reg(1, 5, 6, read, got(null))];
    expect(checkLinearizable(registerModel, ops).outcome).toBe('linearizable');
    const lying: LinModel<RegisterValue, RegisterInput, RegisterOutput> = { ...registerModel, readOnly: () => true };
    expect(checkLinearizable(lying, ops).outcome).toBe('not-linearizable');
  });

  it('twin pending writes are tried in call order only, and the verdicts stay those of the unreduced search', () => {
    // Three clients time out on write(2), one on write(3); then reads see 3, then 2.
    const ops = [
      reg(0, 0, P, write(2)),
      reg(1, 1, P, write(2)),
      reg(2, 2, P, write(2)),
      reg(3, 3, P, write(3)),
      reg(4, 4, 5, read, got(3)),
      reg(4, 6, 7, read, got(2)),
    ];
    const r = checkLinearizable(registerModel, ops);
    const unreduced = checkLinearizable(boxedModel, box(ops));
    expect([r.outcome, unreduced.outcome]).toEqual(['linearizable', 'linearizable']);
    if (r.outcome === 'linearizable') expect(verifyLinearization(registerModel, ops, r.linearization)).toEqual({ ok: true });
    // Reads of 3, 2, 3 need two writes of 3: not linearizable, and the whole search is exhausted.
    const bad = [...ops.slice(0, 4).map((o) => reg(o.client, o.call, P, o.input)), reg(4, 4, 5, read, got(3)), reg(4, 6, 7, read, got(2)), reg(4, 8, 9, read, got(3))];
    const r2 = checkLinearizable(registerModel, bad);
    const unreduced2 = checkLinearizable(boxedModel, box(bad));
    expect([r2.outcome, unreduced2.outcome]).toEqual(['not-linearizable', 'not-linearizable']);
    expect([r2.stats.statesExplored, unreduced2.stats.statesExplored]).toEqual([20, 44]);
  });
});

describe('interned states and remembered steps (lin/states.ts)', () => {
  it('etcd_002: the model is asked 4,362 times, the memo holds the same 60,575 states', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'jepsen', 'etcd', 'etcd_002.log');
    const r = checkLinearizable(registerModel, parseJepsenEtcd(readFileSync(file, 'utf8'), file).operations);
    expect([r.outcome, r.stats.statesExplored, r.stats.steps]).toEqual(['linearizable', 60575, 4362]);
  });

  it('kv: the same results with digests from the step, from `digest` alone, and one digest for every state', () => {
    const jepsen = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'jepsen');
    const timeless = (r: ReturnType<typeof checkLinearizable>) => ({ ...r, stats: { ...r.stats, seconds: 0 } });
    // The step's digest ignored: the checker asks `digest` of every new state.
    const noStepDigest: LinModel<string, KvInput, KvOutput> = { ...kvModel, step: (s, i, o) => ({ ...kvModel.step(s, i, o), digest: undefined }) };
    // Every state on one chain: only `equal` tells them apart.
    const collide: LinModel<string, KvInput, KvOutput> = { ...kvModel, step: (s, i, o) => ({ ...kvModel.step(s, i, o), digest: 0 }), digest: () => 0 };
    for (const name of ['c01-ok.txt', 'c01-bad.txt', 'c10-ok.txt', 'c10-bad.txt']) {
      const ops = parseJepsenKv(readFileSync(path.join(jepsen, 'kv', name), 'utf8'), name).operations;
      const r = timeless(checkLinearizable(kvModel, ops));
      expect([name, timeless(checkLinearizable(noStepDigest, ops)), timeless(checkLinearizable(collide, ops))]).toEqual([name, r, r]);
    }
  });

  it("kv: the same results when the step fills the checker's result object (`into`), makes its own, or fills only some fields", () => {
    const jepsen = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'jepsen');
    const timeless = (r: ReturnType<typeof checkLinearizable>) => ({ ...r, stats: { ...r.stats, seconds: 0, checkSeconds: 0 } });
    // A new result per step, as a model that ignores `into` makes.
    const own: LinModel<string, KvInput, KvOutput> = { ...kvModel, step: (s, i, o, d) => ({ ...kvModel.step(s, i, o, d) }) };
    // Fills `into` but sets a digest only for appends: a put's must not be an earlier append's.
    const partly: LinModel<string, KvInput, KvOutput> = {
      ...kvModel,
      step: (s, i, o, d, into) => {
        const r = kvModel.step(s, i, o, d);
        if (into === undefined) return r;
        into.ok = r.ok;
        into.next = r.next;
        if (i.f === 'append') into.digest = r.digest;
        return into;
      },
    };
    for (const name of ['c01-ok.txt', 'c01-bad.txt', 'c10-ok.txt', 'c10-bad.txt']) {
      const ops = parseJepsenKv(readFileSync(path.join(jepsen, 'kv', name), 'utf8'), name).operations;
      const r = timeless(checkLinearizable(kvModel, ops));
      expect([name, timeless(checkLinearizable(own, ops)), timeless(checkLinearizable(partly, ops))]).toEqual([name, r, r]);
    }
    // Called without `into`, the step makes a result of its own each time.
    const put: KvInput = { f: 'put', key: 'k', value: 'v' };
    expect(kvModel.step('', put, { f: 'put' })).not.toBe(kvModel.step('', put, { f: 'put' }));
  });

  it('a model whose equal calls different states the same loses them: write(1) then read 1 is refused', () => {
    const ops = [reg(0, 0, 1, write(1), wrote), reg(0, 2, 3, read, got(1))];
    expect(checkLinearizable(registerModel, ops).outcome).toBe('linearizable');
    // Without `observed`: the read goes to `step`, which compares the values itself.
    const blind: LinModel<RegisterValue, RegisterInput, RegisterOutput> = { ...registerModel, equal: () => true, digest: () => 0, observed: undefined };
    const r = checkLinearizable(blind, ops);
    expect(r.outcome).toBe('not-linearizable');
    if (r.outcome === 'not-linearizable') expect([r.partial[0].longest, r.partial[0].stuckAt, r.partial[0].stateAfter]).toEqual([[ops[0].id], [ops[1].id], 'nil']);
  });
});

describe('observed states: reads compared as state ids, without asking the model', () => {
  const jepsen = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'jepsen');
  const strip = (r: ReturnType<typeof checkLinearizable>) => ({ ...r, stats: { ...r.stats, seconds: 0, steps: 0 } });

  /**
   * Whether `observed` agrees with `step` for this state and operation: where it names a state, the
   * operation is accepted exactly in a state equal to it, and leaves that state as it was.
   */
  function agrees<S, I, O>(m: LinModel<S, I, O>, s: S, input: I, output: O | undefined): boolean {
    const t = m.observed?.(input, output);
    if (t === undefined) return true;
    const r = m.step(s, input, output);
    const same = (a: S, b: S) => (m.equal ? m.equal(a, b) : m.hash(a) === m.hash(b));
    return r.ok === same(s, t) && (!r.ok || same(r.next, s));
  }

  const value = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 }));
  const regCase = fc.record({
    s: value,
    input: fc.oneof(fc.constant(read), value.map(write), fc.tuple(value, value).map(([a, b]) => cas(a, b))),
    seen: value,
    ok: fc.boolean(),
    known: fc.boolean(),
  });
  const regOutput = (c: { input: RegisterInput; seen: RegisterValue; ok: boolean; known: boolean }): RegisterOutput | undefined =>
    !c.known ? undefined : c.input.f === 'read' ? got(c.seen) : c.input.f === 'write' ? wrote : c.ok ? casOk : casFail;
  const text = fc.stringMatching(/^[ab]{0,3}$/);
  const kvValue = (v: string) => kvModel.step(kvModel.init(), { f: 'put', key: 'k', value: v }, { f: 'put' }).next;
  const kvCase = fc.record({
    s: text,
    input: fc.oneof(
      fc.constant<KvInput>({ f: 'get', key: 'k' }),
      text.map((value): KvInput => ({ f: 'put', key: 'k', value })),
      text.map((value): KvInput => ({ f: 'append', key: 'k', value })),
    ),
    seen: text,
    known: fc.boolean(),
  });
  const kvOutput = (c: { input: KvInput; seen: string; known: boolean }): KvOutput | undefined =>
    !c.known ? undefined : c.input.f === 'get' ? { f: 'get', value: c.seen } : { f: c.input.f };

  it("the register's and kv's observed states agree with their step (seed 7, 2,000 cases each)", () => {
    fc.assert(fc.property(regCase, (c) => agrees(registerModel, c.s, c.input, regOutput(c))), { seed: 7, numRuns: 2000 });
    // kv states built by appends as the search builds them, compared with the observed one built from the output.
    fc.assert(
      fc.property(kvCase, (c) => {
        const s = [...c.s].reduce((st, ch) => kvModel.step(st, { f: 'append', key: 'k', value: ch }, { f: 'append' }).next, kvModel.init());
        return agrees(kvModel, s, c.input, kvOutput(c)) && agrees(kvModel, kvValue(c.s), c.input, kvOutput(c));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('a register whose observed state is off by one fails that agreement, and the checker then refuses a plain read', () => {
    const broken: LinModel<RegisterValue, RegisterInput, RegisterOutput> = {
      ...registerModel,
      observed: (input, output) => (input.f === 'read' && output?.f === 'read' ? (output.value ?? -1) + 1 : undefined),
    };
    const r = fc.check(fc.property(regCase, (c) => agrees(broken, c.s, c.input, regOutput(c))), { seed: 7, numRuns: 2000 });
    expect(r.failed).toBe(true);
    const ops = [reg(0, 0, 1, write(1), wrote), reg(0, 2, 3, read, got(1))];
    expect([checkLinearizable(registerModel, ops).outcome, checkLinearizable(broken, ops).outcome]).toEqual(['linearizable', 'not-linearizable']);
  });

  it('every Jepsen history gets the same verdict, witness and memo with and without observed, in fewer model steps', () => {
    const cases: [string, LinModel<any, any, any>, Operation<any, any>[]][] = [];
    for (const name of ['etcd_002.log', 'etcd_070.log']) cases.push([name, registerModel, parseJepsenEtcd(readFileSync(path.join(jepsen, 'etcd', name), 'utf8'), name).operations]);
    for (const name of ['c01-ok.txt', 'c01-bad.txt', 'c10-ok.txt', 'c10-bad.txt', 'c50-bad.txt']) {
      cases.push([name, kvModel, parseJepsenKv(readFileSync(path.join(jepsen, 'kv', name), 'utf8'), name).operations]);
    }
    for (const [name, m, ops] of cases) {
      const with_ = checkLinearizable(m, ops);
      const without = checkLinearizable({ ...m, observed: undefined }, ops);
      expect(strip(with_), name).toEqual(strip(without));
      expect(with_.stats.steps, name).toBeLessThan(without.stats.steps);
    }
  });
});

describe('event order: integer times ranked by themselves, any other times by sorting', () => {
  it('etcd_070 and etcd_002 give the same result with their times moved off the integers, below zero and past 2^53', () => {
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'jepsen', 'etcd');
    for (const name of ['etcd_070.log', 'etcd_002.log']) {
      const ops = parseJepsenEtcd(readFileSync(path.join(dir, name), 'utf8'), name).operations;
      const strip = (r: ReturnType<typeof checkLinearizable>) => ({ ...r, stats: { ...r.stats, seconds: 0 } });
      const reference = strip(checkLinearizable(registerModel, ops));
      // Order-preserving maps of the event indices (Infinity stays Infinity): ties stay ties.
      for (const f of [(t: number) => t / 3 + 0.25, (t: number) => t - 1000, (t: number) => t * 2 ** 45]) {
        const moved = ops.map((o) => ({ ...o, call: f(o.call), ret: o.ret === Infinity ? Infinity : f(o.ret) }));
        expect(strip(checkLinearizable(registerModel, moved)), name).toEqual(reference);
      }
    }
  });

  it('ties between a return and a call overlap with integer and with fractional times alike', () => {
    for (const k of [1, 0.5]) {
      // The read is called at the instant write(1) returns and still sees the old value: linearizable
      // only because the two intervals touch, so overlap.
      const ops = [reg(0, 0, 2 * k, write(1), wrote), reg(1, 2 * k, 3 * k, read, got(null))];
      expect(check(ops).outcome, `k = ${k}`).toBe('linearizable');
    }
  });
});

describe('history helpers', () => {
  it('events and operations convert both ways; an unreturned call is pending', () => {
    const events = [
      { kind: 'call', id: 7, client: 0, input: write(1) },
      { kind: 'call', id: 8, client: 1, input: read },
      { kind: 'return', id: 7, client: 0, output: wrote },
      { kind: 'call', id: 9, client: 2, input: cas(1, 2) },
      { kind: 'return', id: 8, client: 1, output: got(1) },
    ] as const;
    const ops = eventsToOperations<RegisterInput, RegisterOutput>([...events]);
    expect(ops.map((o) => [o.id, o.call, o.ret])).toEqual([
      [7, 0, 2],
      [8, 1, 4],
      [9, 3, Infinity],
    ]);
    expect(operationsToEvents(ops)).toEqual(events);
    expect(() => eventsToOperations([{ kind: 'return', id: 1, client: 0, output: wrote }])).toThrow(HistoryError);
  });
});
