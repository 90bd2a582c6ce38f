/**
 * Key-value store with get, put and append on string keys (Jepsen's kv test, Porcupine's kv
 * model). Every key starts as the empty string; `append` concatenates; `get` returns the value.
 * Keys are independent, so {@link kvModel} checks one key at a time; {@link kvModelUnpartitioned}
 * checks the whole history as one object (much slower; for benchmarks and cross-checks).
 */
import type { LinModel } from '../model.ts';
import type { Operation } from '../history.ts';

/** A kv operation as invoked. */
export type KvInput =
  | { f: 'get'; key: string }
  | { f: 'put'; key: string; value: string }
  | { f: 'append'; key: string; value: string };

/** A kv result: `get` returns the value; `put` and `append` return nothing of interest. */
export type KvOutput = { f: 'get'; value: string } | { f: 'put' } | { f: 'append' };

/** Renders `get("k") -> "v"`, `put("k", "v")`, `append("k", "v")`; `-> ?` for an unknown result. */
export function describeKvOp(input: KvInput, output: KvOutput | undefined): string {
  const call = input.f === 'get' ? `get(${JSON.stringify(input.key)})` : `${input.f}(${JSON.stringify(input.key)}, ${JSON.stringify(input.value)})`;
  if (output === undefined) return `${call} -> ?`;
  return output.f === 'get' ? `${call} -> ${JSON.stringify(output.value)}` : call;
}

function stepValue(s: string, input: KvInput, output: KvOutput | undefined): { ok: boolean; next: string } {
  switch (input.f) {
    case 'get':
      return { ok: output === undefined || (output.f === 'get' && output.value === s), next: s };
    case 'put':
      return { ok: true, next: input.value };
    case 'append':
      return { ok: true, next: s + input.value };
  }
}

/** Splits a kv history by key, keys in order of first appearance. */
export function partitionByKey<O>(history: readonly Operation<KvInput, O>[]): Operation<KvInput, O>[][] {
  const byKey = new Map<string, Operation<KvInput, O>[]>();
  for (const op of history) {
    let part = byKey.get(op.input.key);
    if (part === undefined) byKey.set(op.input.key, (part = []));
    part.push(op);
  }
  return [...byKey.values()];
}

/** The kv model, partitioned by key: the state of a partition is the value of its key (initially ""). */
export const kvModel: LinModel<string, KvInput, KvOutput> = {
  init: () => '',
  step: stepValue,
  hash: (s) => s,
  equal: (a, b) => a === b,
  partition: partitionByKey,
  describeOp: describeKvOp,
  describeState: (s) => JSON.stringify(s),
};

const byKey = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The kv model without partitioning: the state maps every key written so far to its value, kept
 * in key order (so `hash` is a plain join). Never mutated: a write copies the map.
 */
export const kvModelUnpartitioned: LinModel<ReadonlyMap<string, string>, KvInput, KvOutput> = {
  init: () => new Map(),
  step: (s, input, output) => {
    const r = stepValue(s.get(input.key) ?? '', input, output);
    if (!r.ok || input.f === 'get') return { ok: r.ok, next: s };
    if (s.has(input.key)) {
      const next = new Map(s);
      next.set(input.key, r.next);
      return { ok: true, next };
    }
    const entries = [...s, [input.key, r.next] as [string, string]].sort(byKey);
    return { ok: true, next: new Map(entries) };
  },
  hash: (s) => {
    let out = '';
    for (const [k, v] of s) out += k + '\u0000' + v + '\u0001';
    return out;
  },
  equal: (a, b) => {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (b.get(k) !== v) return false;
    return true;
  },
  describeOp: describeKvOp,
  describeState: (s) => JSON.stringify(Object.fromEntries(s)),
};
