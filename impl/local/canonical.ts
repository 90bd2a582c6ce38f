/**
 * The client's own canonical form of a snapshot, used by its write check (is the snapshot a write
 * read still the current one?). It is written independently of the reference model's rewrite system
 * (`model/grove-local/canonical.ts`, which rewrites leftmost-first until no substitution applies) and
 * the side-by-side harness checks at every step that both give the same form.
 *
 * The algorithm is one pass per line with a stack: push each commit; whenever the top of the stack
 * ends a local run `c_lo..=c_hi` of an equivalence and the run is all there, pop it and push its
 * staged commit; whenever the top is a staged commit known landed, replace it by its remote entry.
 * Each commit moves up at most two tiers, so the pass is linear in the snapshot's length. Runs are
 * contiguous and disjoint (G8), so this reaches the unique normal form.
 */

/** A snapshot as the seed draws it: the commits of origin/main, staged and local it stacks, in order. */
export interface ClientSnapshot {
  readonly origin: readonly string[];
  readonly staged: readonly string[];
  readonly local: readonly string[];
}

/** `(c1..=c3) => b1 => a3`: a local run, its staged commit, and its remote entry once landed. */
export interface ClientEquivalence {
  readonly local: readonly string[];
  readonly staged: string;
  readonly remote?: string;
}

function canonicalLine(line: readonly string[], byLast: ReadonlyMap<string, ClientEquivalence>, landed: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const lift = (): void => {
    const top = out[out.length - 1];
    const r = top === undefined ? undefined : landed.get(top);
    if (r !== undefined) out[out.length - 1] = r;
  };
  for (const id of line) {
    out.push(id);
    const e = byLast.get(id);
    if (e !== undefined && e.local.length <= out.length) {
      const start = out.length - e.local.length;
      if (e.local.every((c, k) => out[start + k] === c)) {
        out.length = start;
        out.push(e.staged);
      }
    }
    lift();
  }
  return out;
}

/** The canonical form of `s` under `eqs` (line by line, as the seed keeps its three lines). Pure. */
export function canonicalSnapshot(s: ClientSnapshot, eqs: readonly ClientEquivalence[]): ClientSnapshot {
  const byLast = new Map<string, ClientEquivalence>();
  const landed = new Map<string, string>();
  for (const e of eqs) {
    if (e.local.length > 0) byLast.set(e.local[e.local.length - 1], e);
    if (e.remote !== undefined) landed.set(e.staged, e.remote);
  }
  return { origin: canonicalLine(s.origin, byLast, landed), staged: canonicalLine(s.staged, byLast, landed), local: canonicalLine(s.local, byLast, landed) };
}

/** Are two snapshots the same state: are their canonical chains equal? */
export function sameState(a: ClientSnapshot, b: ClientSnapshot, eqs: readonly ClientEquivalence[]): boolean {
  const ca = canonicalSnapshot(a, eqs);
  const cb = canonicalSnapshot(b, eqs);
  const chain = (c: ClientSnapshot) => [...c.origin, ...c.staged, ...c.local].join(' ');
  return chain(ca) === chain(cb);
}
