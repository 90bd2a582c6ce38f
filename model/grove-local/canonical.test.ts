/**
 * Canonicalization: the seed's worked examples, step by step, and properties of the rewrite system
 * itself (terminating, idempotent, confluent under any order of substitutions, preserving the pages
 * of every ref) over generated equivalences and snapshots.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyMatch,
  canonicalize,
  canonicalProblem,
  chainOf,
  materialize,
  matchesIn,
  normalForms,
  rewrite,
  sameSnapshot,
  showSnapshot,
  substitutions,
  type Equivalence,
  type Snapshot,
} from './canonical.ts';
import { foldPages, samePages, type Pages } from './pages.ts';

/** The seed's second half: pages for its commits (local commits alternate between pages p and q). */
function seedPages(): Record<string, Pages> {
  const pages: Record<string, Pages> = { a1: { p: 'a1', q: 'a1' }, a2: { q: 'a2' } };
  for (let j = 1; j <= 8; j++) pages[`c${j}`] = { [j % 2 === 1 ? 'p' : 'q']: `c${j}` };
  const fold = (ids: string[]) => foldPages(ids.map((id) => pages[id]));
  pages.b1 = fold(['c1', 'c2', 'c3']);
  pages.a3 = pages.b1;
  pages.b2 = fold(['c4', 'c5']);
  pages.a4 = pages.b2;
  pages.b3 = fold(['c6', 'c7']);
  return pages;
}

/** `(c1..=c3) => b1 => a3`, `(c4..=c5) => b2 => a4`, `(c6..=c7) => b3`. */
const SEED_EQS: Equivalence[] = [
  { local: ['c1', 'c2', 'c3'], staged: 'b1', remote: 'a3' },
  { local: ['c4', 'c5'], staged: 'b2', remote: 'a4' },
  { local: ['c6', 'c7'], staged: 'b3' },
];

const steps = (s: Snapshot, eqs: readonly Equivalence[]) =>
  rewrite(s, eqs).steps.map((st) => `${st.match.substitution.from.join(',')} => ${st.match.substitution.to}: ${showSnapshot(st.snapshot)}`);

describe('the seed\'s worked examples', () => {
  const pages = seedPages();
  const held = (id: string) => pages[id];

  it('extreme snapshot canonicalization: a1---a2 / b1---b2 / c6---c7---c8 rewrites as the seed shows, step by step', () => {
    const extreme: Snapshot = { origin: ['a1', 'a2'], staged: ['b1', 'b2'], local: ['c6', 'c7', 'c8'] };
    expect(showSnapshot(extreme)).toBe('a1---a2 / b1---b2 / c6---c7---c8');
    expect(steps(extreme, SEED_EQS)).toEqual([
      'b1 => a3: a1---a2 / a3---b2 / c6---c7---c8', // replace b1=>a3
      'b2 => a4: a1---a2 / a3---a4 / c6---c7---c8', // replace b2=>a4
      'c6,c7 => b3: a1---a2 / a3---a4 / b3---c8', // replace c6..=c7 => b3
    ]);
    const canonical = canonicalize(extreme, SEED_EQS);
    // The seed's final shape: origin/main still at a2, then a3---a4, then b3---c8 on the line of local (and staged's b3).
    expect(canonical).toEqual({ origin: ['a1', 'a2'], staged: ['a3', 'a4'], local: ['b3', 'c8'] });
    expect(chainOf(canonical)).toEqual(['a1', 'a2', 'a3', 'a4', 'b3', 'c8']);
    // It equals the seed's "latest canonical snapshot" a1..a4 / b3 / c8: the old snapshot is unchanged.
    const latest: Snapshot = { origin: ['a1', 'a2', 'a3', 'a4'], staged: ['b3'], local: ['c8'] };
    expect(canonicalize(latest, SEED_EQS)).toEqual(latest);
    expect(sameSnapshot(extreme, latest, SEED_EQS)).toBe(true);
    expect(canonicalProblem(extreme, SEED_EQS, held)).toBeNull();
  });

  it('c5==b2==a4: a1---a2---a3 / c4---c5---c6 becomes a3 / b2---c6, then a3 / a4---c6', () => {
    const eqs = SEED_EQS.slice(0, 2);
    const s: Snapshot = { origin: ['a1', 'a2', 'a3'], staged: [], local: ['c4', 'c5', 'c6'] };
    expect(steps(s, eqs)).toEqual(['c4,c5 => b2: a1---a2---a3 / · / b2---c6', 'b2 => a4: a1---a2---a3 / · / a4---c6']);
    // …which is the seed's other equivalent snapshot, a1..a4 with c6 on local.
    expect(sameSnapshot(s, { origin: ['a1', 'a2', 'a3', 'a4'], staged: [], local: ['c6'] }, eqs)).toBe(true);
    expect(canonicalProblem(s, eqs, held)).toBeNull();
  });

  it('the whole local log on a2 canonicalizes to a1---a2---a3---a4---c6, leftmost first', () => {
    const eqs = SEED_EQS.slice(0, 2);
    const raw: Snapshot = { origin: ['a1', 'a2'], staged: [], local: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'] };
    expect(steps(raw, eqs)).toEqual([
      'c1,c2,c3 => b1: a1---a2 / · / b1---c4---c5---c6',
      'b1 => a3: a1---a2 / · / a3---c4---c5---c6',
      'c4,c5 => b2: a1---a2 / · / a3---b2---c6',
      'b2 => a4: a1---a2 / · / a3---a4---c6',
    ]);
    const m = materialize(raw, held);
    const c = materialize(canonicalize(raw, eqs), held);
    expect('missing' in m || 'missing' in c).toBe(false);
    if (!('missing' in m) && !('missing' in c)) expect(samePages(m.local, c.local)).toBe(true);
  });

  it('a snapshot that missed a remote entry is not equal: a landing on top of someone else\'s a3 is told apart', () => {
    // b1 (c1..=c3) landed as a4 after another writer's a3: the snapshot a1---a2 / c1---c2---c3 is old.
    const eqs: Equivalence[] = [{ local: ['c1', 'c2', 'c3'], staged: 'b1', remote: 'a4' }];
    const old: Snapshot = { origin: ['a1', 'a2'], staged: [], local: ['c1', 'c2', 'c3'] };
    expect(chainOf(canonicalize(old, eqs))).toEqual(['a1', 'a2', 'a4']);
    expect(sameSnapshot(old, { origin: ['a1', 'a2', 'a3', 'a4'], staged: [], local: [] }, eqs)).toBe(false);
  });
});

describe('what breaks canonicalization', () => {
  it('overlapping ranges (a G8 violation) make it non-confluent', () => {
    const eqs: Equivalence[] = [
      { local: ['c1'], staged: 'b1' },
      { local: ['c1', 'c2'], staged: 'b2' },
    ];
    const s: Snapshot = { origin: [], staged: [], local: ['c1', 'c2'] };
    expect(normalForms(s, eqs).forms.map(showSnapshot).sort()).toEqual(['· / · / b1---c2', '· / · / b2']);
    const pages: Record<string, Pages> = { c1: { p: 'c1' }, c2: { q: 'c2' }, b1: { p: 'c1' }, b2: { p: 'c1', q: 'c2' } };
    expect(canonicalProblem(s, eqs, (id) => pages[id])).toMatch(/not confluent/);
  });

  it('a cycle of equivalences does not terminate, and says so', () => {
    const eqs: Equivalence[] = [
      { local: [], staged: 'b1', remote: 'a1' },
      { local: [], staged: 'a1', remote: 'b1' },
    ];
    const s: Snapshot = { origin: ['a1'], staged: [], local: [] };
    expect(rewrite(s, eqs).terminated).toBe(false);
    expect(() => canonicalize(s, eqs)).toThrow(/did not terminate/);
    expect(canonicalProblem(s, eqs, () => ({}))).toMatch(/does not terminate/);
  });

  it('an equivalence whose sides differ in pages does not preserve what the refs materialize', () => {
    const eqs: Equivalence[] = [{ local: ['c1'], staged: 'b1' }];
    const pages: Record<string, Pages> = { c1: { p: 'c1' }, b1: { p: 'xx' } };
    expect(canonicalProblem({ origin: [], staged: [], local: ['c1'] }, eqs, (id) => pages[id])).toMatch(/changes what local materializes/);
  });
});

/**
 * A generated world: `n` local commits writing random pages, split into contiguous disjoint ranges
 * (`b1..bk`, the first `landed` of which landed at increasing remote LSNs among other writers'
 * entries), and snapshots drawn from all those names in runs that make substitutions likely.
 */
interface World {
  readonly eqs: Equivalence[];
  readonly pages: Record<string, Pages>;
  readonly names: string[];
  readonly blocks: string[][];
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    writes: fc.array(fc.constantFrom('p', 'q', 'r'), { minLength: 1, maxLength: 8 }),
    cuts: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    squashed: fc.nat(8),
    landed: fc.nat(8),
    others: fc.array(fc.constantFrom('p', 'q', 'r'), { maxLength: 4 }),
    gaps: fc.array(fc.nat(2), { minLength: 8, maxLength: 8 }),
  })
  .map(({ writes, cuts, squashed, landed, others, gaps }) => {
    const pages: Record<string, Pages> = {};
    const n = writes.length;
    writes.forEach((p, j) => (pages[`c${j + 1}`] = { [p]: `c${j + 1}` }));
    // Contiguous, disjoint, ordered ranges over c1..c_m.
    const m = Math.min(n, squashed);
    const ranges: [number, number][] = [];
    let lo = 1;
    for (let j = 1; j <= m; j++) {
      if (j === m || cuts[j - 1]) {
        ranges.push([lo, j]);
        lo = j + 1;
      }
    }
    const eqs: Equivalence[] = [];
    let lsn = 0;
    let other = 0;
    ranges.forEach(([a, b], k) => {
      const local = Array.from({ length: b - a + 1 }, (_, x) => `c${a + x}`);
      const staged = `b${k + 1}`;
      pages[staged] = foldPages(local.map((id) => pages[id]));
      let remote: string | undefined;
      if (k < landed) {
        for (let g = 0; g < gaps[k] && other < others.length; g++, other++) pages[`a${++lsn}`] = { [others[other]]: `x${other}` };
        remote = `a${++lsn}`;
        pages[remote] = pages[staged];
      }
      eqs.push(remote === undefined ? { local, staged } : { local, staged, remote });
    });
    for (; other < others.length; other++) pages[`a${++lsn}`] = { [others[other]]: `x${other}` };
    const names = Object.keys(pages);
    const blocks = [...eqs.map((e) => [...e.local]), ...names.map((x) => [x])];
    return { eqs, pages, names, blocks };
  });

/** A snapshot over a world: blocks (whole ranges and single commits) laid out on three lines. */
const snapshotIn = (w: World): fc.Arbitrary<Snapshot> =>
  fc.tuple(fc.array(fc.constantFrom(...w.blocks), { maxLength: 7 }), fc.nat(20), fc.nat(20)).map(([bs, x, y]) => {
    const chain = bs.flat();
    const i = Math.min(x, chain.length);
    const j = Math.min(i + y, chain.length);
    return { origin: chain.slice(0, i), staged: chain.slice(i, j), local: chain.slice(j) };
  });

const withSnapshot = worldArb.chain((w) => fc.tuple(fc.constant(w), snapshotIn(w), fc.array(fc.nat(), { maxLength: 30 })));

describe('canonicalization as a rewrite system (fast-check, seed 11)', () => {
  const params = { seed: 11, numRuns: 400 };

  it('terminates, is idempotent and confluent, names only held commits and preserves every ref\'s pages', () => {
    fc.assert(
      fc.property(withSnapshot, ([w, s]) => {
        expect(canonicalProblem(s, w.eqs, (id) => w.pages[id])).toBeNull();
        const c = canonicalize(s, w.eqs);
        expect(canonicalize(c, w.eqs)).toEqual(c);
        expect(normalForms(s, w.eqs).forms).toEqual([c]);
      }),
      params,
    );
  });

  it('any order of substitutions reaches the same canonical form, and every step keeps snapshot equality', () => {
    fc.assert(
      fc.property(withSnapshot, ([w, s, choices]) => {
        const subs = substitutions(w.eqs);
        const c = canonicalize(s, w.eqs);
        let cur = s;
        for (let k = 0; ; k++) {
          const ms = matchesIn(cur, subs);
          if (ms.length === 0) break;
          cur = applyMatch(cur, ms[(choices[k] ?? 0) % ms.length]);
          expect(sameSnapshot(s, cur, w.eqs)).toBe(true);
          const before = materialize(s, (id) => w.pages[id]);
          const now = materialize(cur, (id) => w.pages[id]);
          if (!('missing' in before) && !('missing' in now)) expect(samePages(before.local, now.local)).toBe(true);
        }
        expect(cur).toEqual(c);
      }),
      params,
    );
  });

  it('equality ignores layout (lines that split no run), and snapshots whose pages differ are never equal', () => {
    // Two lines, cut at the last place at or before x that splits no local run of an equivalence
    // (a run split by a ref is never rewritten, so such a cut would change the canonical chain).
    const relayout = (chain: readonly string[], x: number, eqs: readonly Equivalence[]): Snapshot => {
      const runs = substitutions(eqs).filter((u) => u.from.length > 1);
      const splits = (i: number) =>
        runs.some((u) => { for (let p = Math.max(0, i - u.from.length + 1); p < i; p++) if (u.from.every((id, k) => chain[p + k] === id)) return true; return false; });
      let i = x % (chain.length + 1);
      while (i > 0 && splits(i)) i--;
      return { origin: chain.slice(0, i), staged: [], local: chain.slice(i) };
    };
    fc.assert(
      fc.property(withSnapshot, fc.nat(), fc.nat(), fc.nat(), ([w, s0, choices], x0, x, drop) => {
        const held = (id: string) => w.pages[id];
        const s = relayout(chainOf(s0), x0, w.eqs);
        // A partial rewrite, then the chain cut at another place: still the same snapshot.
        let cur = s;
        for (const k of choices.slice(0, 3)) {
          const ms = matchesIn(cur, substitutions(w.eqs));
          if (ms.length > 0) cur = applyMatch(cur, ms[k % ms.length]);
        }
        expect(sameSnapshot(s, relayout(chainOf(cur), x, w.eqs), w.eqs)).toBe(true);
        // Leave one commit out: when that changes the pages, the snapshots must not be equal.
        const chain = chainOf(s);
        fc.pre(chain.length > 0);
        const d = drop % chain.length;
        const other: Snapshot = { origin: [...chain.slice(0, d), ...chain.slice(d + 1)], staged: [], local: [] };
        const pa = materialize(s, held);
        const pb = materialize(other, held);
        if ('missing' in pa || 'missing' in pb) return;
        if (!samePages(pa.local, pb.local)) expect(sameSnapshot(s, other, w.eqs)).toBe(false);
      }),
      params,
    );
  });
});
