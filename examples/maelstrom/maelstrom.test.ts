/**
 * Proof in two other languages: Python and JavaScript (run by `node`, standing in for a compiled
 * binary) nodes checked by `grove-check run`'s engine. Few ops and one pinned seed each; the
 * "20 of 20 seeds" runs are the bench section `npm run bench -- maelstrom`.
 */
import { describe, expect, it } from 'vitest';
import { runAndShrink, runOnce } from '../../net/testing.ts';

const NODES = [
  ['Python', 'python3 examples/maelstrom/lin_kv.py'],
  ['JavaScript', 'node examples/maelstrom/lin_kv.mjs'],
] as const;

describe.each(NODES)('lin-kv in %s', (_lang, bin) => {
  it('seed 1: the correct single-node store is linearizable', async () => {
    const r = await runOnce({ bin, workload: 'lin-kv', nodes: 1, seed: 1, ops: 20 });
    expect(r.verdict).toMatchObject({ outcome: 'pass' });
  });

  it('seed 1: the replicated store with stale follower reads is not linearizable, shrunk to 3 ops', async () => {
    const { first, shrunk } = await runAndShrink({ bin: `${bin} --stale-reads`, workload: 'lin-kv', nodes: 3, seed: 1, ops: 20 }, 30);
    expect(first.verdict).toMatchObject({ outcome: 'violation', property: 'L' });
    expect(shrunk!.kept).toEqual({ ops: [0, 2, 7], faults: [] });
    expect(shrunk!.divergence).toBe(-1);
    const v = shrunk!.run.verdict;
    expect(v.outcome === 'violation' && v.witness).toEqual(['  p0 write(1, 3)  [0, 3]', '  state after: 3', '  cannot come next: p1 read(1) -> null  [7, 9]']);
  });
});

describe('a Grove client in Python against the grove service', () => {
  it('seed 1: lsn-cas holds G1–G6 and its remote history is linearizable', async () => {
    const r = await runOnce({ bin: 'python3 examples/maelstrom/grove_client.py', workload: 'grove', nodes: 2, seed: 1, ops: 20 });
    expect(r.verdict).toMatchObject({ outcome: 'pass' });
  });

  it('seed 1: logid-check loses an acknowledged push to a force push (G6)', async () => {
    const { first } = await runAndShrink(
      { bin: 'python3 examples/maelstrom/grove_client.py --variant logid-check', variant: 'logid-check', workload: 'grove', nodes: 2, seed: 1, ops: 20 },
      0,
    );
    expect(first.verdict).toMatchObject({ outcome: 'violation', property: 'G6' });
    const v = first.verdict;
    expect(v.outcome === 'violation' && v.message).toMatch(/acknowledged commit \S+ left the history of main through a CAS by actor n\d that expected \S+, which does not contain it$/);
  });

  it('seed 3: lost replies reach the client as indefinite errors, and lsn-cas still holds', async () => {
    const r = await runOnce({ bin: 'python3 examples/maelstrom/grove_client.py', workload: 'grove', nodes: 2, seed: 3, ops: 20, faults: ['lose-reply'] });
    expect(r.history.some((e) => e.type === 'info' && (e.error as { code: number }).code === 0)).toBe(true);
    expect(r.verdict).toMatchObject({ outcome: 'pass' });
  });
});
