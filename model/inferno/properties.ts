/**
 * The Inferno store's properties I1–I3, judged in quiescent states (no actor can move) against the
 * sequential spec: the links `o -> p` recorded at each store's commit point.
 *
 * I1 and I2 together say that `fetchHist(h)` returns exactly the true history for every stored h:
 * I1 that the head file of each true head holds the true history, I2 that every object's lookup
 * (`to_head`, or `hist_id` + `hist_to_head`) finds its true head. They judge crash-free runs; I3
 * judges runs with a crash: the store must be consistent with the crashed store taking effect or not.
 */
import type { Property } from '../core/model.ts';
import { chainTo, resolveHead, type Design, type Hash, type InfernoState, type Store } from './store.ts';

/** What is wrong with the store against the spec `links`, as [property, message], or null. */
export function inconsistency(design: Design, store: Store, links: Readonly<Record<Hash, Hash>>, roots: readonly Hash[]): ['I1' | 'I2', string] | null {
  const objects = [...roots, ...Object.keys(links).sort()];
  const succ = new Map<Hash, Hash>();
  for (const o of Object.keys(links).sort()) {
    const p = links[o];
    const other = succ.get(p);
    if (other !== undefined) return ['I1', `the history forked: both ${other} and ${o} were stored as successors of ${p}`];
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
    const show = (xs: readonly Hash[]) => `[${xs.join(', ')}]`;
    if (file === undefined) return ['I1', `heads/${h} is missing, but ${h} is the head of ${show([...want, h])}`];
    if (file.length !== want.length || file.some((x, i) => x !== want[i])) return ['I1', `heads/${h} holds ${show(file)}, but the history before ${h} is ${show(want)}`];
  }
  for (const h of objects) {
    const head = headOf(h);
    const got = resolveHead(design, store, h);
    if (got !== head) {
      const via = design === 'to-head' ? `to_head/${h}` : `hist_to_head via ${h}'s hist_id`;
      return ['I2', `${via} leads to ${got ?? 'nothing'}, but the head of ${h}'s history is ${head}`];
    }
  }
  return null;
}

/** Builds I1–I3. `terminal` says whether no action is enabled; `crashedOps` gives each crashed actor's store `[o, p]`. */
export function infernoProperties(
  design: Design,
  roots: readonly Hash[],
  terminal: (s: InfernoState) => boolean,
  crashedOps: (s: InfernoState) => [Hash, Hash][],
): Property<InfernoState>[] {
  const crashFree = (s: InfernoState) => s.actors.every((a) => !a.crashed);
  const judge = (which: 'I1' | 'I2') => (s: InfernoState) => {
    if (!crashFree(s) || !terminal(s)) return null;
    const bad = inconsistency(design, s.store, s.links, roots);
    return bad !== null && bad[0] === which ? bad[1] : null;
  };
  return [
    {
      id: 'I1',
      title: "history: once quiescent, the head file of each true head holds exactly the true history (fetchHist(head) is right)",
      state: judge('I1'),
    },
    {
      id: 'I2',
      title: 'to_head consistency: once quiescent, every stored object resolves to the true head of its history',
      state: judge('I2'),
    },
    {
      id: 'I3',
      title: 'crash consistency: after a crash, once quiescent, the store is consistent with the crashed store having taken effect or not',
      state(s) {
        if (crashFree(s) || !terminal(s)) return null;
        let links: Record<Hash, Hash> = { ...s.links };
        const ops = crashedOps(s);
        const tries: Record<Hash, Hash>[] = [];
        // Every combination of crashed stores taking effect or not.
        for (let mask = 0; mask < 1 << ops.length; mask++) {
          links = { ...s.links };
          ops.forEach(([o, p], i) => {
            if (mask & (1 << i)) links[o] = p;
            else delete links[o];
          });
          tries.push(links);
        }
        const problems = tries.map((l) => inconsistency(design, s.store, l, roots));
        if (problems.some((p) => p === null)) return null;
        const crashed = ops.map(([o, p]) => `store(${o}, ${p})`).join(', ');
        return `after the crash in ${crashed}: as if it took effect, ${problems[problems.length - 1]![1]}; as if it did not, ${problems[0]![1]}`;
      },
    },
  ];
}
