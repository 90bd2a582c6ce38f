/**
 * ITF values: how a model's data is written in the Informal Trace Format of Apalache and Quint
 * (Apalache ADR-015), and how two ITF values are compared.
 *
 * | data | ITF |
 * | --- | --- |
 * | boolean, string | itself |
 * | integer within ±(2^53 − 1) | a JSON number (ADR-015; Quint writes `{"#bigint"}` always, both are read) |
 * | other integers (`bigint`, unsafe numbers) | `{"#bigint": "-123…"}` |
 * | array | a JSON list |
 * | {@link tup}`(a, b)` | `{"#tup": [a, b]}` |
 * | `Set` | `{"#set": [...]}`, elements in canonical order |
 * | `Map` | `{"#map": [[k, v], ...]}`, entries in canonical key order |
 * | plain object | a record: a JSON object (fields set to `undefined` are left out) |
 * | `null` | Quint's `None`: `{"tag": "None", "value": {"#tup": []}}` |
 * | anything else (functions, fractions, `undefined`) | `{"#unserializable": "<what it was>"}` |
 *
 * Writing is deterministic (sets and maps sorted), so the same state always gives the same text.
 */

/** A tuple for {@link toItf}: written as `{"#tup": [...]}`. */
export class Tup {
  constructor(readonly items: readonly unknown[]) {}
}

/** A tuple value (a position `(log, lsn)`, a pair). */
export function tup(...items: unknown[]): Tup {
  return new Tup(items);
}

/** An ITF value as JSON (what a trace file holds). */
export type ItfValue = boolean | string | number | ItfValue[] | { readonly [k: string]: ItfValue };

/** Quint's `None`, the ITF form of `null`. */
export const NONE: ItfValue = { tag: 'None', value: { '#tup': [] } };

/** Encodes data as an ITF value (see the table at the top). Pure. */
export function toItf(x: unknown): ItfValue {
  if (typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x)) return x;
    if (Number.isInteger(x)) return { '#bigint': BigInt(x).toString() };
    return { '#unserializable': String(x) };
  }
  if (typeof x === 'bigint') return x >= -BigInt(Number.MAX_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : { '#bigint': x.toString() };
  if (x === null) return NONE;
  if (x instanceof Tup) return { '#tup': x.items.map(toItf) };
  if (Array.isArray(x)) return x.map(toItf);
  if (x instanceof Set) return { '#set': sortByKey([...x].map(toItf)) };
  if (x instanceof Map) {
    const entries = [...x].map(([k, v]) => [toItf(k), toItf(v)] as [ItfValue, ItfValue]);
    entries.sort((a, b) => cmp(canonicalKey(a[0]), canonicalKey(b[0])));
    return { '#map': entries };
  }
  if (typeof x === 'object' && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null)) {
    const out: Record<string, ItfValue> = {};
    for (const k of Object.keys(x as object).sort()) {
      const v = (x as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = toItf(v);
    }
    return out;
  }
  return { '#unserializable': typeof x === 'object' ? Object.prototype.toString.call(x) : typeof x };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortByKey = (xs: ItfValue[]): ItfValue[] => xs.map((v) => ({ v, k: canonicalKey(v) })).sort((a, b) => cmp(a.k, b.k)).map((x) => x.v);

/**
 * A canonical string for an ITF value: equal values, equal strings. An integer reads the same as a
 * number or as `#bigint`; sets and maps compare regardless of element order; records regardless of
 * field order. Everything else compares as written.
 */
export function canonicalKey(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? `i${BigInt(v)}` : `n${v}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o['#bigint'] === 'string' && Object.keys(o).length === 1) return `i${BigInt(o['#bigint'])}`;
    if (Array.isArray(o['#set'])) return `#set{${(o['#set'] as unknown[]).map(canonicalKey).sort().join(',')}}`;
    if (Array.isArray(o['#map'])) return `#map{${(o['#map'] as unknown[][]).map((e) => `${canonicalKey(e[0])}:${canonicalKey(e[1])}`).sort().join(',')}}`;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalKey(o[k])}`).join(',')}}`;
  }
  return String(v);
}

/** A short, readable rendering of an ITF value for messages (`{a: 1, s: #{"x"}}`). */
export function showItf(v: unknown): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(showItf).join(', ')}]`;
  const o = v as Record<string, unknown>;
  if (typeof o['#bigint'] === 'string') return o['#bigint'] as string;
  if (Array.isArray(o['#tup'])) return `(${(o['#tup'] as unknown[]).map(showItf).join(', ')})`;
  if (Array.isArray(o['#set'])) return `#{${(o['#set'] as unknown[]).map(showItf).join(', ')}}`;
  if (Array.isArray(o['#map'])) return `Map(${(o['#map'] as unknown[][]).map((e) => `${showItf(e[0])} -> ${showItf(e[1])}`).join(', ')})`;
  if (o.tag === 'None') return 'None';
  return `{${Object.keys(o).map((k) => `${k}: ${showItf(o[k])}`).join(', ')}}`;
}

/**
 * Checks that `v` is a well-formed ITF value (ADR-015): `#`-keys only as the one key of a `#bigint`,
 * `#tup`, `#set`, `#map` or `#unserializable` object with the right shape; no `null`; no fractions.
 * Returns the offending sub-value and what was expected, or `undefined` when well formed.
 */
export function malformedItf(v: unknown): { value: unknown; expected: string } | undefined {
  if (typeof v === 'boolean' || typeof v === 'string') return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? undefined : { value: v, expected: 'an integer (ITF has no fractions)' };
  if (v === null) return { value: v, expected: 'an ITF value (null is not one)' };
  if (Array.isArray(v)) {
    for (const x of v) {
      const bad = malformedItf(x);
      if (bad) return bad;
    }
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const tagged = keys.filter((k) => k.startsWith('#'));
  if (tagged.length === 0) {
    for (const k of keys) {
      const bad = malformedItf(o[k]);
      if (bad) return bad;
    }
    return undefined;
  }
  if (keys.length !== 1) return { value: v, expected: `one key beside nothing else in a ${tagged[0]} object` };
  const [k] = keys;
  const x = o[k];
  if (k === '#bigint') return typeof x === 'string' && /^-?\d+$/.test(x) ? undefined : { value: v, expected: '"#bigint": a string of decimal digits' };
  if (k === '#unserializable') return typeof x === 'string' ? undefined : { value: v, expected: '"#unserializable": a string' };
  if (k === '#tup' || k === '#set') return Array.isArray(x) ? malformedItf(x) : { value: v, expected: `"${k}": a list` };
  if (k === '#map') {
    if (!Array.isArray(x) || !x.every((e) => Array.isArray(e) && e.length === 2)) return { value: v, expected: '"#map": a list of [key, value] pairs' };
    return malformedItf(x.flat());
  }
  return { value: v, expected: 'one of #bigint, #tup, #set, #map, #unserializable' };
}
