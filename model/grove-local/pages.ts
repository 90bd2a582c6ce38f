/**
 * Pages: what a commit holds. Commits are physical (MODEL.md §1): a commit is a set of page writes,
 * there is no generic merge, and reading a chain of commits means folding their page writes in
 * order, later writes winning. Squashing `b..=d` into `a` is the same fold.
 *
 * Everything here is pure and returns fresh objects; no input is mutated.
 */

/** A commit's page writes, `page → value`. Treated as immutable. */
export type Pages = Readonly<Record<string, string>>;

/** Folds page writes in order, later writes winning (the meaning of a squash and of reading a chain). */
export function foldPages(list: readonly Pages[]): Pages {
  const out: Record<string, string> = {};
  for (const p of list) Object.assign(out, p);
  return out;
}

/** A canonical text for a page set, `p=c1,q=e2` (keys sorted; empty for no pages). */
export function pagesKey(p: Pages): string {
  return Object.keys(p)
    .sort()
    .map((k) => `${k}=${p[k]}`)
    .join(',');
}

/** Do two page sets hold the same writes? */
export function samePages(a: Pages, b: Pages): boolean {
  return pagesKey(a) === pagesKey(b);
}

/** `{p=c1, q=e2}` for messages. */
export function showPages(p: Pages): string {
  return `{${pagesKey(p).split(',').join(', ')}}`;
}
