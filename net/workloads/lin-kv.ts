/**
 * Maelstrom's `lin-kv` workload: `read {key}` → `read_ok {value}`, `write {key, value}` → `write_ok`,
 * `cas {key, from, to}` → `cas_ok` (error 20: no such key, 22: `from` differs), judged by lin/check.ts
 * with a register-per-key model (keys partition the history, as lin/models/kv.ts does).
 *
 * History values are Jepsen's: read `[k, v]` (`v` null when the key does not exist: error 20 on a read
 * is an `ok` read of nothing), write `[k, v]`, cas `[k, [from, to]]`.
 */
import type { LinModel } from '../../lin/model.ts';
import { checkLinearizable } from '../../lin/check.ts';
import { partitionByKey } from '../../lin/models/kv.ts';
import type { Operation } from '../../lin/history.ts';
import { pairOps } from '../history/history.ts';
import type { Body } from '../protocol/message.ts';
import type { Completion, Verdict, Workload, CheckInput } from './workload.ts';

/** A lin-kv operation as the model sees it (`key` and values as JSON text). */
export type LinKvInput =
  | { readonly f: 'read'; readonly key: string }
  | { readonly f: 'write'; readonly key: string; readonly value: string }
  | { readonly f: 'cas'; readonly key: string; readonly from: string; readonly to: string };

/** A read's result (`"null"`: no such key); writes and successful CASes return nothing of interest. */
export type LinKvOutput = { readonly value: string } | null;

const show = (i: LinKvInput, o: LinKvOutput | undefined): string => {
  const call = i.f === 'read' ? `read(${i.key})` : i.f === 'write' ? `write(${i.key}, ${i.value})` : `cas(${i.key}, ${i.from} -> ${i.to})`;
  if (i.f !== 'read') return o === undefined ? `${call} ?` : call;
  return `${call} -> ${o === undefined || o === null ? '?' : o.value}`;
};

/** One register per key, initially absent (`"null"`): read, write, cas. Pure. */
export const linKvModel: LinModel<string, LinKvInput, LinKvOutput> = {
  init: () => 'null',
  step(s, i, o) {
    switch (i.f) {
      case 'read':
        return { ok: o === undefined || o === null || o.value === s, next: s };
      case 'write':
        return { ok: true, next: i.value };
      case 'cas':
        return s === i.from ? { ok: true, next: i.to } : { ok: o === undefined, next: s };
    }
  },
  hash: (s) => s,
  equal: (a, b) => a === b,
  partition: (h) => partitionByKey(h as unknown as Operation<{ f: 'get'; key: string }, LinKvOutput>[]) as unknown as Operation<LinKvInput, LinKvOutput>[][],
  describeOp: show,
  describeState: (s) => s,
};

const j = (x: unknown): string => JSON.stringify(x ?? null);

/** The paired history as lin operations: definite failures dropped, `info` pending. */
export function linKvOperations(history: CheckInput['history']): Operation<LinKvInput, LinKvOutput>[] {
  const ops: Operation<LinKvInput, LinKvOutput>[] = [];
  for (const p of pairOps(history)) {
    if (p.type === 'fail') continue;
    const [k, v] = (p.type === 'ok' ? p.output : p.input) as [unknown, unknown];
    const key = j(k);
    let input: LinKvInput;
    if (p.f === 'read') input = { f: 'read', key };
    else if (p.f === 'write') input = { f: 'write', key, value: j(v) };
    else {
      const [from, to] = v as [unknown, unknown];
      input = { f: 'cas', key, from: j(from), to: j(to) };
    }
    const output: LinKvOutput | undefined = p.type !== 'ok' ? undefined : p.f === 'read' ? { value: j(v) } : null;
    ops.push({ id: ops.length, client: p.process, input, output, call: p.call, ret: p.ret });
  }
  return ops;
}

/** Judges a lin-kv history; a violation's witness is the failing key's ops, the longest linearization first. */
export function checkLinKv(input: CheckInput): Verdict {
  const ops = linKvOperations(input.history);
  const r = checkLinearizable(linKvModel, ops, { timeoutMs: 30_000 });
  if (r.outcome === 'linearizable') return { outcome: 'pass', summary: `linearizable: ${ops.length} operations, ${r.stats.partitions} keys` };
  if (r.outcome === 'unknown') return { outcome: 'inconclusive', reason: 'linearizability check ran out of time' };
  const p = r.partial[0];
  const byId = new Map(ops.map((o) => [o.id, o]));
  const row = (id: number): string => {
    const o = byId.get(id)!;
    const at = (i: number): string => (i === Infinity ? '∞' : String(input.history[i].time));
    return `p${o.client} ${show(o.input, o.output)}  [${at(o.call)}, ${at(o.ret)}]`;
  };
  const witness = [...p.longest.map((id) => `  ${row(id)}`), `  state after: ${p.stateAfter}`, ...p.stuckAt.map((id) => `  cannot come next: ${row(id)}`)];
  return { outcome: 'violation', property: 'L', message: `not linearizable: after ${p.longest.length} operations no candidate can come next`, witness };
}

/** The lin-kv workload: 3 keys, values 0..4, reads, writes and CASes in equal parts. */
export const linKv: Workload = {
  name: 'lin-kv',
  title: 'a linearizable key-value store: read, write, cas (judged by lin/check.ts)',
  generate(rng) {
    const key = rng.int(3);
    const f = ['read', 'write', 'cas'][rng.int(3)];
    if (f === 'read') return { f, value: [key, null], body: { type: 'read', key } };
    if (f === 'write') {
      const value = rng.int(5);
      return { f, value: [key, value], body: { type: 'write', key, value } };
    }
    const from = rng.int(5);
    const to = rng.int(5);
    return { f, value: [key, [from, to]], body: { type: 'cas', key, from, to } };
  },
  complete(f: string, value: unknown, reply: Body): Completion {
    const [k] = value as [unknown];
    if (reply.type === 'error') return f === 'read' && reply.code === 20 ? { type: 'ok', value: [k, null] } : { type: 'fail' };
    if (f === 'read') return reply.type === 'read_ok' ? { type: 'ok', value: [k, reply.value ?? null] } : { type: 'info' };
    return reply.type === `${f}_ok` ? { type: 'ok' } : { type: 'info' };
  },
  check: checkLinKv,
};
