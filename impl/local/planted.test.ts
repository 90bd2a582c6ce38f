/**
 * Issue 6's three planted bug classes, planted in the implementation's client and found by the
 * side-by-side check or by G8–G11 evaluated on the implementation, with the 1-minimal
 * counterexample pinned (seed 1); and the same searches passing on the correct client.
 *
 * - `watermark-snapshot` (a snapshot's local range starts at the watermark): the side-by-side check
 *   sees it at the first squash (the snapshot differs); properties alone find G10 once a landed
 *   commit shadows newer remote pages (the model's own 12-step counterexample).
 * - `stale-write` (a write accepted on a stale snapshot after a pull): properties find G10 on the
 *   write; side by side, the first sign is the row (`Ok` where the model says `Err: stale`).
 * - `early-equivalence` (recorded before the push is confirmed): G9 at the Append, either way.
 */
import { describe, expect, it } from 'vitest';
import { localModel } from '../../model/grove-local/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { LOCAL_BACKENDS } from './store/index.ts';
import { checkLocalAgainst, type LocalOutcome } from './check.ts';

const model = localModel({ clients: 2, writes: 2 });
const rowsOf = (o: LocalOutcome) => (o.outcome === 'violation' ? o.rows.map(printRow) : []);
const LANDS_C1 = ['1 Write<c1, p=c1> Ok', '1 Squash<c1..=c1, b1> Ok', '1 Push<b1, a@1> Ok', '1 CAS<main, a@0, a@1> Ok(c1..=c1 => b1 => a1)'];

describe.each(LOCAL_BACKENDS)('planted implementation bugs on %s (seed 1)', (backend) => {
  it('watermark-snapshot: the side-by-side check sees the snapshot differ at the first squash', async () => {
    const o = await checkLocalAgainst(model, { backend, plant: 'watermark-snapshot', runs: 100, seed: 1 });
    expect(o).toMatchObject({ outcome: 'violation', property: 'L', atRow: 2, source: 'divergence' });
    expect(o.outcome === 'violation' && o.message).toBe("after 1 Squash<c1..=c1, b1> Ok: client 1's snapshot: model · / b1 / ·, implementation · / b1 / c1");
    expect(rowsOf(o)).toEqual(['1 Write<c1, p=c1> Ok', '1 Squash<c1..=c1, b1> Ok']);
  });

  it('stale-write: side by side, the write answers Ok where the model answers Err: stale', async () => {
    const o = await checkLocalAgainst(model, { backend, plant: 'stale-write', runs: 100, seed: 1 });
    expect(o).toMatchObject({ outcome: 'violation', property: 'L', atRow: 8 });
    expect(o.outcome === 'violation' && o.message).toBe(`the ${backend} implementation answers 2 Write<e2, p=e2> Ok where the model answers 2 Write<e2, p=e2> Err: stale`);
    expect(rowsOf(o)).toEqual([...LANDS_C1, '2 Pull<main> Ok(a@1)', '2 Write<e1, p=e1> Ok', '2 Rebase<a@1> Ok', '2 Write<e2, p=e2> Ok']);
  });

  it('early-equivalence: G9 on the implementation at the Append', async () => {
    const o = await checkLocalAgainst(model, { backend, plant: 'early-equivalence', runs: 100, seed: 1 });
    expect(o).toMatchObject({ outcome: 'violation', property: 'G9', atRow: 3, source: 'implementation' });
    expect(o.outcome === 'violation' && o.message).toBe(`client 1 records b1 => a1, but a1 is not in its origin/main (a@0) (on the ${backend} implementation)`);
    expect(rowsOf(o)).toEqual(['1 Write<c1, p=c1> Ok', '1 Squash<c1..=c1, b1> Ok', '1 Push<b1, a@1> Ok']);
  });

  it('the correct client passes the same search', async () => {
    const o = await checkLocalAgainst(model, { backend, runs: backend === 'memory' ? 100 : 30, seed: 1 });
    expect(o.outcome).toBe('pass');
  });
});

describe('planted bugs found by G8–G11 on the implementation alone (no comparison; memory, seed 1)', () => {
  it('watermark-snapshot: G10, a landed commit read again shadows newer remote pages', async () => {
    const o = await checkLocalAgainst(model, { backend: 'memory', plant: 'watermark-snapshot', runs: 300, seed: 1, compare: false });
    expect(o).toMatchObject({ outcome: 'violation', property: 'G10', atRow: 12 });
    expect(o.outcome === 'violation' && o.message).toBe(
      "client 1 reads {p=c1} from a1---a2 / · / c1, but main's history at a@2 plus its unlanded local commits is {p=e1} (on the memory implementation)",
    );
    expect(rowsOf(o)).toEqual([
      '2 Write<e1, p=e1> Ok',
      '1 Write<c1, p=c1> Ok',
      '2 Squash<e1..=e1, d1> Ok',
      ...LANDS_C1.slice(1),
      '2 Pull<main> Ok(a@1)',
      '2 Rebase<a@1> Ok',
      '2 Push<d1, a@2> Ok',
      '2 CAS<main, a@1, a@2> Ok(e1..=e1 => d1 => a2)',
      '1 Pull<main> Ok(a@2)',
      '1 Rebase<a@2> Ok',
    ]);
  });

  it('stale-write: G10, the model\'s own minimal counterexample', async () => {
    const o = await checkLocalAgainst(model, { backend: 'memory', plant: 'stale-write', runs: 300, seed: 1, compare: false });
    expect(o).toMatchObject({ outcome: 'violation', property: 'G10', atRow: 7, source: 'implementation' });
    expect(o.outcome === 'violation' && o.message).toBe(
      "client 2's write was accepted on a stale snapshot: it read {} from · / · / ·, but commits onto {p=c1} (a1 / · / ·) (on the memory implementation)",
    );
    expect(rowsOf(o)).toEqual([...LANDS_C1, '2 Pull<main> Ok(a@1)', '2 Rebase<a@1> Ok', '2 Write<e1, p=e1> Ok']);
  });

  it('early-equivalence: G9', async () => {
    const o = await checkLocalAgainst(model, { backend: 'memory', plant: 'early-equivalence', runs: 100, seed: 1, compare: false });
    expect(o).toMatchObject({ outcome: 'violation', property: 'G9', atRow: 3 });
  });
});
