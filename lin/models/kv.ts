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

/** 32-bit polynomial hash of a string, extendable: `extend(h(s), t) === h(s + t)`. */
function extend(h: number, t: string): number {
  for (let i = 0; i < t.length; i++) h = (Math.imul(h, 0x01000193) + t.charCodeAt(i)) | 0;
  return h;
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

/**
 * The kv model, partitioned by key: the state of a partition is the value of its key (initially ""),
 * the string itself. Its digest is the value's polynomial hash ({@link extend}), which a step
 * extends by the appended text alone, from the digest the checker passes it: a state is then one
 * string (an append makes a two-pointer rope of the old value and the new text), where a record of
 * value and digest was one object more per state, for the collector to copy (c50-ok keeps 175,000).
 */
export const kvModel: LinModel<string, KvInput, KvOutput> = {
  init: () => '',
  // Fills the checker's result object when it lends one (`LinModel.step`'s `into`).
  step: (s, input, output, digest, into) => {
    const r = into ?? { ok: false, next: s, digest: undefined };
    switch (input.f) {
      case 'get':
        r.ok = output === undefined || (output.f === 'get' && output.value === s);
        r.next = s;
        r.digest = digest;
        break;
      case 'put':
        r.ok = true;
        r.next = input.value;
        r.digest = digest === undefined ? undefined : extend(0, input.value);
        break;
      case 'append':
        r.ok = true;
        r.next = s + input.value;
        r.digest = digest === undefined ? undefined : extend(digest, input.value);
        break;
    }
    return r;
  },
  readOnly: (input) => input.f === 'get',
  // A get that returned a value is accepted exactly where the key holds that value.
  observed: (input, output) => (input.f === 'get' && output?.f === 'get' ? output.value : undefined),
  hash: (s) => s,
  digest: (s) => extend(0, s),
  equal: (a, b) => a === b,
  partition: partitionByKey,
  describeOp: describeKvOp,
  describeState: (s) => JSON.stringify(s),
};

/** A key's contribution to the state digest. */
const term = (keyHash: number, valueHash: number): number => Math.imul(keyHash ^ 0x5bd1e995, 0x27d4eb2d) ^ valueHash;

/**
 * State of {@link kvModelUnpartitioned}: every key written so far with its value and the value's
 * hash, plus a digest of the whole map maintained incrementally (an append extends the value's hash
 * in time proportional to the appended text). Never mutated: a write copies the map.
 */
export interface KvMapState {
  readonly values: ReadonlyMap<string, { readonly value: string; readonly hash: number }>;
  readonly digest: number;
}

/**
 * The kv model without partitioning: one state for all keys. Its `hash` is the 32-bit digest (lossy),
 * so it gives `equal` as well, which compares the values.
 */
export const kvModelUnpartitioned: LinModel<KvMapState, KvInput, KvOutput> = {
  init: () => ({ values: new Map(), digest: 0 }),
  step: (s, input, output) => {
    const old = s.values.get(input.key);
    const r = stepValue(old?.value ?? '', input, output);
    if (!r.ok || input.f === 'get') return { ok: r.ok, next: s };
    const hash = input.f === 'append' ? extend(old?.hash ?? 0, input.value) : extend(0, r.next);
    const kh = extend(0, input.key);
    const values = new Map(s.values);
    values.set(input.key, { value: r.next, hash });
    const digest = (s.digest ^ (old === undefined ? 0 : term(kh, old.hash)) ^ term(kh, hash)) | 0;
    return { ok: true, next: { values, digest } };
  },
  readOnly: (input) => input.f === 'get',
  hash: (s) => String(s.digest),
  digest: (s) => s.digest,
  equal: (a, b) => {
    if (a.digest !== b.digest || a.values.size !== b.values.size) return false;
    for (const [k, v] of a.values) {
      const w = b.values.get(k);
      if (w === undefined || w.hash !== v.hash || w.value !== v.value) return false;
    }
    return true;
  },
  describeOp: describeKvOp,
  describeState: (s) => JSON.stringify(Object.fromEntries([...s.values].map(([k, v]) => [k, v.value]).sort())),
};
