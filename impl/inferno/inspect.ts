/**
 * Reads a real store, at rest, into the reference model's `Store` shape (`model/inferno/store.ts`)
 * and judges it against the acknowledged stores: the reference's I1 (each true head's file holds the
 * true history), I2 (every object's lookup finds its true head) and I3 (after a crash, consistent
 * with each unfinished store having happened or not).
 *
 * {@link judgeStore} lists *every* problem where the reference's `inconsistency` stops at the first
 * (its first problem is the reference's, checked in `stores.test.ts`), so that a run that shows both
 * bug 1 and bug 2 reports both. Only call this on a quiescent store: no operation running.
 */
import Database from 'better-sqlite3';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Design, Store } from '../../model/inferno/store.ts';
import { chainTo, resolveHead } from '../../model/inferno/store.ts';
import { CasStore } from './cas.ts';
import { parseHeadFile } from './current.ts';
import { historyFromRows, SqliteStore } from './sqlite.ts';
import { isErrno, type Hash, type InfernoStore, type StoreName } from './types.ts';

/** One broken invariant, in the reference's words (hashes rendered by the caller's `name`). */
export interface Problem {
  readonly property: 'I1' | 'I2' | 'I3';
  readonly message: string;
}

/** The design (how reads find a head) of each variant, as the reference model names it. */
export function designOf(name: StoreName): Design {
  return name === 'current' || name === 'lock' ? 'to-head' : 'hist-id';
}

const HASH_RE = /^[A-Za-z0-9_-]{43}$/;

async function files(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => HASH_RE.test(f)).sort();
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return [];
    throw e;
  }
}

async function readRecord(dir: string, parse: (text: string) => string): Promise<Record<Hash, string>> {
  const out: Record<Hash, string> = {};
  for (const f of await files(dir)) out[f] = parse(await readFile(join(dir, f), 'utf8'));
  return out;
}

/**
 * The store in `dir` as the reference model's data. `live` is an open instance, needed for `cas`
 * whose map is in memory (without it the snapshot file is read, as a restart would).
 */
export async function inspectStore(name: StoreName, dir: string, live?: InfernoStore): Promise<Store> {
  const base = { heads: {}, toHead: {}, histId: {}, histToHead: {}, lock: -1 };
  if (name === 'sqlite') {
    const db = new Database(SqliteStore.dbPath(dir), { readonly: true });
    try {
      const rows = db.prepare<[], { hash: Hash; pred: Hash | null; isHead: number; histID: Hash }>('SELECT hash, pred, isHead, histID FROM objects ORDER BY hash').all();
      const heads: Record<Hash, Hash[]> = {};
      const histToHead: Record<Hash, Hash> = {};
      const histId: Record<Hash, Hash> = {};
      for (const r of rows) histId[r.hash] = r.histID;
      for (const r of rows.filter((x) => x.isHead === 1)) {
        histToHead[r.histID] = r.hash;
        heads[r.hash] = historyFromRows(rows.filter((x) => x.histID === r.histID && (x.isHead === 0 || x.hash === r.hash)), r.hash).slice(0, -1);
      }
      return { ...base, objects: rows.map((r) => r.hash), heads, histId, histToHead };
    } finally {
      db.close();
    }
  }
  const objects = await files(dir);
  const heads: Record<Hash, Hash[]> = {};
  for (const f of await files(join(dir, 'heads'))) heads[f] = parseHeadFile(await readFile(join(dir, 'heads', f), 'utf8'));
  if (name === 'current' || name === 'lock') {
    return { ...base, objects, heads, toHead: await readRecord(join(dir, 'to_head'), (t) => t.trim()) };
  }
  const histId: Record<Hash, Hash> = {};
  for (const f of objects) histId[f] = (JSON.parse(await readFile(join(dir, f), 'utf8')) as { hist_id: Hash }).hist_id;
  let histToHead: Record<Hash, Hash>;
  if (name === 'cas-shared') histToHead = await readRecord(join(dir, 'hist_to_head'), (t) => t.trim());
  else if (live instanceof CasStore) histToHead = live.mapSnapshot();
  else {
    try {
      histToHead = JSON.parse(await readFile(CasStore.snapshotPath(dir), 'utf8')) as Record<Hash, Hash>;
    } catch (e) {
      if (!isErrno(e, 'ENOENT')) throw e;
      histToHead = {};
    }
  }
  return { ...base, objects, heads, histId, histToHead };
}

/**
 * Every I1/I2 problem of `store` against the acknowledged stores: `links` (`o -> p`) over `roots`.
 * Same checks, order and wording as the reference's `inconsistency` (`model/inferno/properties.ts`),
 * which returns only the first. `name` renders hashes.
 */
export function judgeStore(
  design: Design,
  store: Store,
  links: Readonly<Record<Hash, Hash>>,
  roots: readonly Hash[],
  name: (h: Hash) => string = (h) => h,
): Problem[] {
  const out: Problem[] = [];
  const show = (xs: readonly Hash[]) => `[${xs.map(name).join(', ')}]`;
  const objects = [...roots, ...Object.keys(links).sort()];
  const succ = new Map<Hash, Hash>();
  for (const o of Object.keys(links).sort()) {
    const p = links[o];
    const other = succ.get(p);
    if (other !== undefined) {
      out.push({ property: 'I1', message: `the history forked: both ${name(other)} and ${name(o)} were stored as successors of ${name(p)}` });
      return out; // with a fork there is no true history to compare against
    }
    succ.set(p, o);
  }
  const headOf = (h: Hash): Hash => {
    let x = h;
    for (let n = succ.get(x); n !== undefined; n = succ.get(x)) x = n;
    return x;
  };
  for (const h of objects) {
    if (succ.has(h)) continue;
    const want = chainTo(links, h).slice(0, -1);
    const file = store.heads[h];
    if (file === undefined) out.push({ property: 'I1', message: `heads/${name(h)} is missing, but ${name(h)} is the head of ${show([...want, h])}` });
    else if (file.length !== want.length || file.some((x, i) => x !== want[i])) {
      out.push({ property: 'I1', message: `heads/${name(h)} holds ${show(file)}, but the history before ${name(h)} is ${show(want)}` });
    }
  }
  for (const h of objects) {
    const head = headOf(h);
    const got = resolveHead(design, store, h);
    if (got !== head) {
      const via = design === 'to-head' ? `to_head/${name(h)}` : `hist_to_head via ${name(h)}'s hist_id`;
      out.push({ property: 'I2', message: `${via} leads to ${got === null ? 'nothing' : name(got)}, but the head of ${name(h)}'s history is ${name(head)}` });
    }
  }
  return out;
}

/**
 * I3: after a crash, the store must satisfy I1 and I2 for *some* choice of which unfinished stores
 * (`pending`, as `[o, p]`) took effect. Returns null when one choice fits, else one I3 problem that
 * quotes the all-took-effect and none-took-effect judgements. At most 12 pending stores (4,096 choices).
 */
export function judgeCrash(
  design: Design,
  store: Store,
  links: Readonly<Record<Hash, Hash>>,
  roots: readonly Hash[],
  pending: readonly (readonly [Hash, Hash | null])[],
  name: (h: Hash) => string = (h) => h,
): Problem | null {
  if (pending.length > 12) throw new Error(`judgeCrash: ${pending.length} pending stores is too many (max 12)`);
  const judged: Problem[][] = [];
  for (let mask = 0; mask < 1 << pending.length; mask++) {
    const l: Record<Hash, Hash> = { ...links };
    const r = [...roots];
    pending.forEach(([o, p], i) => {
      if (!(mask & (1 << i))) return;
      if (p === null) r.push(o);
      else l[o] = p;
    });
    const problems = judgeStore(design, store, l, r, name);
    if (problems.length === 0) return null;
    judged.push(problems);
  }
  const crashed = pending.map(([o, p]) => `store(${name(o)}, ${p === null ? 'null' : name(p)})`).join(', ');
  const first = (ps: Problem[]) => ps.map((p) => p.message).join('; ');
  if (pending.length === 0) return { property: 'I3', message: `after the crash (no store was unfinished): ${first(judged[0])}` };
  return {
    property: 'I3',
    message: `after the crash in ${crashed}: as if it took effect, ${first(judged[judged.length - 1])}; as if it did not, ${first(judged[0])}`,
  };
}
