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

/** Changesets made obsolete by the markers in `markers` (their predecessors). */
export function obsolete(u: Universe, markers: number): number {
  let m = 0;
  for (const i of bits(markers)) m |= 1 << u.markers[i].pred;
  return m;
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
  for (const c of bits(held)) if (u.parent[c] >= 0) hasChild |= 1 << u.parent[c];
  return held & ~hasChild;
}

/** `cs` and its ancestors among `within`. */
export function withAncestors(u: Universe, cs: number, within: number): number {
  let out = cs;
  for (const c of bits(cs)) for (let p = u.parent[c]; p >= 0 && within & (1 << p); p = u.parent[p]) out |= 1 << p;
  return out;
}

/** Names of the changesets in a set, joined. */
export function showCsets(u: Universe, mask: number): string[] {
  return bits(mask).map((i) => u.names[i]);
}
