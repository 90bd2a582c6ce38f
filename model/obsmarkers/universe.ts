/**
 * A scenario compiled to bit sets: changesets and markers are numbered, and a repository's
 * changesets and markers are each one integer. Everything here is a pure function of a `Universe`
 * and bit sets; visibility, heads and the marker graph are computed, never stored.
 */
import { UsageError } from '../core/model.ts';
import type { ObsScenario } from './scenarios.ts';

/** A marker `pred -> succs` (kill marker when `succs` is empty), by changeset number. */
export interface MarkerDef {
  /** `A->A'`, `C->∅`. */
  readonly key: string;
  readonly pred: number;
  readonly succs: readonly number[];
  /** Bit set of `succs`. */
  readonly succMask: number;
}

/** A scenario's changesets and markers, numbered. */
export interface Universe {
  readonly names: readonly string[];
  /** Parent number of each changeset, or -1. */
  readonly parent: readonly number[];
  readonly markers: readonly MarkerDef[];
  cset(name: string): number;
  marker(key: string): number;
  /** By marker number: its predecessor, and its successors as a bit set (the hot paths read these, not `markers`). */
  readonly predOf: Int32Array;
  readonly succMaskOf: Int32Array;
  /** By changeset number: the successors of its markers in one marker set; scratch for {@link hasMarkerCycle} and {@link hasDivergence}. */
  readonly out: Int32Array;
}

/** The key of a marker, as printed: `A->A'` or `C->∅`. */
export function markerKey(pred: string, succ: string | null): string {
  return `${pred}->${succ ?? '∅'}`;
}

/** Numbers a scenario's changesets and every marker its initial state and programs can make. */
export function compile(sc: ObsScenario): Universe {
  const names = sc.changesets.map((c) => c.name);
  const cset = (n: string): number => {
    const i = names.indexOf(n);
    if (i < 0) throw new UsageError(`obsmarkers scenario ${sc.name}: unknown changeset '${n}'`);
    return i;
  };
  const parent = sc.changesets.map((c) => (c.parent === null ? -1 : cset(c.parent)));
  const keys: string[] = [];
  const add = (k: string) => {
    if (!keys.includes(k)) keys.push(k);
  };
  for (const r of sc.repos) {
    r.markers.forEach(add);
    for (const e of r.program) {
      if (e.kind === 'amend') add(markerKey(e.from, e.to));
      if (e.kind === 'prune') add(markerKey(e.cset, null));
      if (e.kind === 'mark') add(markerKey(e.pred, e.succ));
    }
  }
  const markers = keys.map((key): MarkerDef => {
    const [p, s] = key.split('->');
    const succs = s === '∅' ? [] : [cset(s)];
    return { key, pred: cset(p), succs, succMask: succs.reduce((m, x) => m | (1 << x), 0) };
  });
  if (names.length > 30 || markers.length > 30) throw new UsageError(`obsmarkers scenario ${sc.name}: at most 30 changesets and 30 markers`);
  return {
    names,
    parent,
    markers,
    predOf: Int32Array.from(markers, (m) => m.pred),
    succMaskOf: Int32Array.from(markers, (m) => m.succMask),
    out: new Int32Array(names.length),
    cset,
    marker(key) {
      const i = keys.indexOf(key);
      if (i < 0) throw new UsageError(`obsmarkers scenario ${sc.name}: unknown marker '${key}'`);
      return i;
    },
  };
}

/** Bits of a set, ascending. */
export function bits(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) out.push(i);
  return out;
}

/** The number of the lowest bit set in `mask` (not 0). */
export const lowest = (mask: number): number => 31 - Math.clz32(mask & -mask);

/**
 * Changesets made obsolete by the markers in `markers` (their predecessors). This and the set
 * functions below run on every step and every state: plain loops over the bits, no arrays made.
 */
export function obsolete(u: Universe, markers: number): number {
  let o = 0;
  for (let m = markers; m !== 0; m &= m - 1) o |= 1 << u.predOf[lowest(m)];
  return o;
}

/**
 * Visible changesets: held and not obsolete. (Mercurial also keeps an obsolete changeset visible
 * while it has a visible descendant; the scenarios rewrite heads only, so no such orphan arises.)
 */
export function visible(u: Universe, held: number, markers: number): number {
  return held & ~obsolete(u, markers);
}

/** Held changesets with no held child. */
export function heads(u: Universe, held: number): number {
  let hasChild = 0;
  for (let m = held; m !== 0; m &= m - 1) {
    const p = u.parent[lowest(m)];
    if (p >= 0) hasChild |= 1 << p;
  }
  return held & ~hasChild;
}

/** `cs` and its ancestors among `within`. */
export function withAncestors(u: Universe, cs: number, within: number): number {
  let out = cs;
  for (let m = cs; m !== 0; m &= m - 1) for (let p = u.parent[lowest(m)]; p >= 0 && within & (1 << p); p = u.parent[p]) out |= 1 << p;
  return out;
}

/**
 * Fills `u.out` with the successors of every predecessor in the marker set `markers` and returns
 * the predecessors (the entries of `u.out` that were set; the others are stale).
 */
function successors(u: Universe, markers: number): number {
  const out = u.out;
  let preds = 0;
  for (let m = markers; m !== 0; m &= m - 1) {
    const i = lowest(m);
    const p = u.predOf[i];
    if ((preds & (1 << p)) === 0) {
      preds |= 1 << p;
      out[p] = 0;
    }
    out[p] |= u.succMaskOf[i];
  }
  return preds;
}

/**
 * Whether the marker graph of `markers` has a cycle: what `markerCycle` (model.ts) finds and
 * names, decided without naming it. Changesets whose successors are all gone are removed until
 * none is left (no cycle) or none can be (every one left is on or leads to a cycle).
 */
export function hasMarkerCycle(u: Universe, markers: number): boolean {
  let alive = successors(u, markers);
  const out = u.out;
  for (;;) {
    const before = alive;
    for (let m = alive; m !== 0; m &= m - 1) {
      const n = lowest(m);
      if ((out[n] & alive) === 0) alive &= ~(1 << n);
    }
    if (alive === 0) return false;
    if (alive === before) return true;
  }
}

/**
 * Whether some changeset has two or more visible final successors in a repository: what
 * `divergence` (model.ts) finds and names, decided without naming it. From each obsolete
 * changeset, its successors are followed through obsolete ones; the visible ones reached are its
 * final successors (the same walk as `divergence`, on bit sets).
 */
export function hasDivergence(u: Universe, held: number, markers: number): boolean {
  const obs = successors(u, markers);
  const vis = held & ~obs;
  const out = u.out;
  for (let ps = obs; ps !== 0; ps &= ps - 1) {
    const p = lowest(ps);
    let seen = 1 << p;
    let todo = seen;
    while (todo !== 0) {
      const n = lowest(todo);
      todo &= ~(1 << n);
      const fresh = out[n] & ~seen;
      seen |= fresh;
      todo |= fresh & obs;
    }
    const finals = seen & vis;
    if ((finals & (finals - 1)) !== 0) return true;
  }
  return false;
}

/** Names of the changesets in a set, joined. */
export function showCsets(u: Universe, mask: number): string[] {
  return bits(mask).map((i) => u.names[i]);
}
