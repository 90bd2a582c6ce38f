/**
 * Snapshots, equivalences and canonicalization (seed 000, second half; MODEL.md §2, G9).
 *
 * Why a canonical form. A client writes to `local`, squashes ranges of it into `staged`, and pushes
 * staged commits to the remote in the background. After each landing the same change exists three
 * times: `(c1..=c3) => b1 => a3` says that local `c1..=c3`, staged `b1` and remote `a3` hold the same
 * page writes. A snapshot taken before a push (`a1---a2 / b1 / c4`) and one taken after it
 * (`a1---a2---a3 / c4`) are physically different chains, yet a reader must see them as the same
 * state: otherwise every background push would look like a concurrent local change. The seed's answer
 * is to rewrite both with the equivalences until no substitution applies and to compare the results.
 *
 * The rewrite system. Every equivalence gives two substitutions: a contiguous local run becomes its
 * staged commit (`c1 c2 c3 → b1`) and, once landed, the staged commit becomes its remote entry
 * (`b1 → a3`). Rewriting always moves a commit one tier up (local → staged → remote), so it
 * terminates: each substitution lowers the number of local commits, or keeps it and lowers the number
 * of staged ones. It is confluent when the local ranges of the equivalences are disjoint (G8): two
 * applicable substitutions then touch different positions, or the same single staged commit with the
 * same target, so they commute and every order reaches the same normal form. Overlapping ranges break
 * this (`c1 → b1` and `c1 c2 → b2` leave `b1 c2` or `b2`): that is why G8 is a precondition of G9.
 *
 * Layout. A snapshot keeps the seed's three lines: what it holds of `origin/main`, of `staged` and of
 * `local`. A substitution applies to a run inside one line and its result stays on that line, so the
 * three refs (origin/main = the first line, staged = the first two, local = all three) keep their
 * places, and "preserves the pages every ref materializes" is a statement about three prefixes.
 * Equality of snapshots ignores the layout: two snapshots are equal exactly when their canonical
 * *chains* are equal (a landing moves `b1` from the staged line to origin/main without changing the
 * chain). That holds for layouts whose lines split no local run of an equivalence, as a client's
 * snapshots never do; a line cut through `c1 | c2` blocks the substitution `c1 c2 → b1` and so
 * gives another canonical chain.
 *
 * Everything here is pure. Which order of substitutions `rewrite` takes is fixed (leftmost first, then
 * in the order the equivalences are listed), which reproduces the seed's worked example step by step;
 * `normalForms` tries every order, which is how confluence is checked rather than assumed.
 *
 * Not supported: equivalences whose local side is not a run of one client's local log, and
 * substitutions across the lines of a snapshot (a run split by a ref is never rewritten).
 */
import { foldPages, samePages, showPages, type Pages } from './pages.ts';

/** A commit's name (`a3`, `b1`, `c6`). */
export type CommitId = string;

/** The three lines of a snapshot, in chain order. */
export type Line = 'origin' | 'staged' | 'local';

/** The lines in chain order. */
export const LINES: readonly Line[] = ['origin', 'staged', 'local'];

/**
 * A snapshot: one chain of commits, laid out on the seed's three lines. `origin` is the part of
 * origin/main the chain builds on, `staged` the staged commits above it, `local` the local commits
 * above those. Immutable.
 */
export interface Snapshot {
  readonly origin: readonly CommitId[];
  readonly staged: readonly CommitId[];
  readonly local: readonly CommitId[];
}

/**
 * One equivalence, as the seed writes `(c1..=c3) => b1 => a3`: the local run `local` was squashed into
 * `staged`, which landed as `remote` (absent while it has not landed).
 */
export interface Equivalence {
  readonly local: readonly CommitId[];
  readonly staged: CommitId;
  readonly remote?: CommitId;
}

/** A substitution: the run `from` may be replaced by the single commit `to`. */
export interface Substitution {
  readonly from: readonly CommitId[];
  readonly to: CommitId;
}

/** An applicable substitution: where its run starts (line and index in that line). */
export interface Match {
  readonly line: Line;
  readonly index: number;
  readonly substitution: Substitution;
}

/** One rewrite: the substitution applied and the snapshot after it. */
export interface RewriteStep {
  readonly match: Match;
  readonly snapshot: Snapshot;
}

/** The result of rewriting: the last snapshot, the steps, and whether no substitution applies to it. */
export interface Rewrite {
  readonly snapshot: Snapshot;
  readonly steps: readonly RewriteStep[];
  /** False when the step budget ran out first (a rewrite system that does not terminate). */
  readonly terminated: boolean;
}

/** The empty snapshot. */
export const EMPTY_SNAPSHOT: Snapshot = { origin: [], staged: [], local: [] };

/** The substitutions an equivalence list allows: each local run → staged, each landed staged → remote. */
export function substitutions(eqs: readonly Equivalence[]): Substitution[] {
  const out: Substitution[] = [];
  for (const e of eqs) {
    if (e.local.length > 0) out.push({ from: e.local, to: e.staged });
    if (e.remote !== undefined) out.push({ from: [e.staged], to: e.remote });
  }
  return out;
}

/** The snapshot as one chain, oldest first. */
export function chainOf(s: Snapshot): CommitId[] {
  return [...s.origin, ...s.staged, ...s.local];
}

/** A key for the layout and the chain: `a1 a2|b1|c4`. */
export function snapshotKey(s: Snapshot): string {
  return `${s.origin.join(' ')}|${s.staged.join(' ')}|${s.local.join(' ')}`;
}

/** A key for the chain alone (what snapshot equality compares). */
export function chainKey(s: Snapshot): string {
  return chainOf(s).join(' ');
}

/** The seed's drawing on one line: `a1---a2 / b1---b2 / c6---c7---c8` (`·` for an empty line). */
export function showSnapshot(s: Snapshot): string {
  return LINES.map((l) => (s[l].length === 0 ? '·' : s[l].join('---'))).join(' / ');
}

/** Every applicable substitution, in chain order (line, then index, then the order of `subs`). */
export function matchesIn(s: Snapshot, subs: readonly Substitution[]): Match[] {
  const out: Match[] = [];
  for (const line of LINES) {
    const xs = s[line];
    for (let index = 0; index < xs.length; index++) {
      for (const substitution of subs) {
        const n = substitution.from.length;
        if (n === 0 || index + n > xs.length) continue;
        let all = true;
        for (let k = 0; k < n && all; k++) all = xs[index + k] === substitution.from[k];
        if (all) out.push({ line, index, substitution });
      }
    }
  }
  return out;
}

/** Applies one match, returning a new snapshot. */
export function applyMatch(s: Snapshot, m: Match): Snapshot {
  const xs = s[m.line];
  const line = [...xs.slice(0, m.index), m.substitution.to, ...xs.slice(m.index + m.substitution.from.length)];
  return { ...s, [m.line]: line };
}

/**
 * A step budget no terminating system can exceed on `s`: every commit is rewritten at most once per
 * substitution on its way up, so `length × (substitutions + 1)`.
 */
export function stepBound(s: Snapshot, subs: readonly Substitution[]): number {
  return chainOf(s).length * (subs.length + 1) + 1;
}

/**
 * Rewrites `s` leftmost first (ties: the order of the equivalences) until no substitution applies or
 * `maxSteps` is reached. Returns every intermediate snapshot, so the seed's worked example can be
 * checked step by step. Pure.
 */
export function rewrite(s: Snapshot, eqs: readonly Equivalence[], maxSteps?: number): Rewrite {
  const subs = substitutions(eqs);
  const budget = maxSteps ?? stepBound(s, subs);
  const steps: RewriteStep[] = [];
  let cur = s;
  for (;;) {
    const first = matchesIn(cur, subs)[0];
    if (first === undefined) return { snapshot: cur, steps, terminated: true };
    if (steps.length >= budget) return { snapshot: cur, steps, terminated: false };
    cur = applyMatch(cur, first);
    steps.push({ match: first, snapshot: cur });
  }
}

/**
 * The canonical form of `s` under `eqs`: the snapshot no substitution applies to.
 * @throws Error when rewriting does not terminate within `stepBound` (equivalences with a cycle).
 */
export function canonicalize(s: Snapshot, eqs: readonly Equivalence[]): Snapshot {
  const r = rewrite(s, eqs);
  if (!r.terminated) throw new Error(`canonicalization of ${showSnapshot(s)} did not terminate within ${r.steps.length} steps`);
  return r.snapshot;
}

/**
 * Every normal form reachable from `s` under any order of substitutions (a confluent system has
 * exactly one). Explores each distinct snapshot once; `complete` is false when more than `budget`
 * snapshots were reachable (the forms found so far are returned).
 */
export function normalForms(s: Snapshot, eqs: readonly Equivalence[], budget = 10_000): { forms: Snapshot[]; complete: boolean } {
  const subs = substitutions(eqs);
  const seen = new Set<string>([snapshotKey(s)]);
  const forms = new Map<string, Snapshot>();
  const stack: Snapshot[] = [s];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    const ms = matchesIn(cur, subs);
    if (ms.length === 0) forms.set(snapshotKey(cur), cur);
    for (const m of ms) {
      const next = applyMatch(cur, m);
      const k = snapshotKey(next);
      if (seen.has(k)) continue;
      if (seen.size >= budget) return { forms: [...forms.values()], complete: false };
      seen.add(k);
      stack.push(next);
    }
  }
  return { forms: [...forms.values()], complete: true };
}

/**
 * Canonical-snapshot equality: `a` and `b` are equal exactly when their canonical chains are.
 * @throws Error as `canonicalize` does.
 */
export function sameSnapshot(a: Snapshot, b: Snapshot, eqs: readonly Equivalence[]): boolean {
  return chainKey(canonicalize(a, eqs)) === chainKey(canonicalize(b, eqs));
}

/** The pages each ref of a snapshot materializes: origin/main, staged (origin + staged), local (all). */
export interface RefPages {
  readonly origin: Pages;
  readonly staged: Pages;
  readonly local: Pages;
}

/**
 * Folds the pages of each ref of `s`. `pagesOf` returns a commit's pages, or undefined for a commit
 * the reader does not hold; the result is then `{ missing }` naming the first such commit.
 */
export function materialize(s: Snapshot, pagesOf: (id: CommitId) => Pages | undefined): RefPages | { readonly missing: CommitId } {
  const lists: Pages[][] = [];
  for (const line of LINES) {
    const list: Pages[] = [];
    for (const id of s[line]) {
      const p = pagesOf(id);
      if (p === undefined) return { missing: id };
      list.push(p);
    }
    lists.push(list);
  }
  const origin = foldPages(lists[0]);
  const staged = foldPages([origin, ...lists[1]]);
  return { origin, staged, local: foldPages([staged, ...lists[2]]) };
}

/**
 * Checks G9 on one snapshot: rewriting terminates, the result is a normal form (idempotence: a
 * second canonicalization changes nothing), every order of substitutions reaches it (confluence),
 * every commit it names is one the reader holds, and each ref materializes the same pages before and
 * after. Returns a witness message, or null when all hold.
 */
export function canonicalProblem(s: Snapshot, eqs: readonly Equivalence[], pagesOf: (id: CommitId) => Pages | undefined): string | null {
  const r = rewrite(s, eqs);
  if (!r.terminated) return `canonicalizing ${showSnapshot(s)} does not terminate (${r.steps.length} steps)`;
  const c = r.snapshot;
  const again = rewrite(c, eqs);
  if (again.steps.length > 0 || snapshotKey(again.snapshot) !== snapshotKey(c)) {
    return `canonicalization is not idempotent: ${showSnapshot(c)} rewrites further to ${showSnapshot(again.snapshot)}`;
  }
  const nf = normalForms(s, eqs);
  if (nf.forms.length > 1) {
    return `canonicalization is not confluent: ${showSnapshot(s)} rewrites to ${nf.forms.map(showSnapshot).join(' and to ')}`;
  }
  const before = materialize(s, pagesOf);
  const after = materialize(c, pagesOf);
  if ('missing' in before) return `snapshot ${showSnapshot(s)} names ${before.missing}, which the client does not hold`;
  if ('missing' in after) return `the canonical form ${showSnapshot(c)} of ${showSnapshot(s)} names ${after.missing}, which the client does not hold`;
  for (const line of LINES) {
    if (!samePages(before[line], after[line])) {
      return `canonicalizing ${showSnapshot(s)} to ${showSnapshot(c)} changes what ${line === 'origin' ? 'origin/main' : line} materializes from ${showPages(before[line])} to ${showPages(after[line])}`;
    }
  }
  return null;
}
