/**
 * Comparing a store read back from an implementation with the model's remote, after normalising both:
 * logs by name with their branch point and entries (commit ids, `_` for a hole), refs by name.
 */
import type { StoreSnapshot, StoredLog, LogRef } from '../remote/types.ts';

const showRef = (r: LogRef | null): string => (r === null ? '(root)' : `${r.log}@${r.lsn}`);
const showLog = (l: StoredLog | undefined): string => (l === undefined ? 'absent' : `${showRef(l.base)} [${l.entries.map((c) => c ?? '_').join(', ')}]`);

/** A canonical text of a store: equal stores, equal texts; key order never matters. */
export function normalizeStore(s: StoreSnapshot): string {
  const logs = Object.keys(s.logs).sort().map((id) => `${id}<${showLog(s.logs[id])}`);
  const refs = Object.keys(s.refs).sort().map((n) => `${n}>${showRef(s.refs[n])}`);
  return `${logs.join(';')}|${refs.join(';')}`;
}

/**
 * Null when the two stores are equal; otherwise every difference, in words:
 * `log b: model a@1 [2.1], implementation absent; ref main: model b@2, implementation a@1`.
 */
export function diffStores(model: StoreSnapshot, impl: StoreSnapshot): string | null {
  const out: string[] = [];
  for (const id of [...new Set([...Object.keys(model.logs), ...Object.keys(impl.logs)])].sort()) {
    const a = showLog(model.logs[id]);
    const b = showLog(impl.logs[id]);
    if (a !== b) out.push(`log ${id}: model ${a}, implementation ${b}`);
  }
  for (const n of [...new Set([...Object.keys(model.refs), ...Object.keys(impl.refs)])].sort()) {
    const a = model.refs[n] === undefined ? 'absent' : showRef(model.refs[n]);
    const b = impl.refs[n] === undefined ? 'absent' : showRef(impl.refs[n]);
    if (a !== b) out.push(`ref ${n}: model ${a}, implementation ${b}`);
  }
  return out.length === 0 ? null : out.join('; ');
}
