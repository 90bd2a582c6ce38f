/**
 * A replay that diverges is reported as a divergence, never as a second bug. The node (testing.ts's
 * `driftingNode`) depends on a file outside its directory, shared by every run, standing in for a
 * clock or a thread: its first run echoes wrongly, later runs are correct. The first run's violation
 * is what gets reported; the shrinking replays (which pass) do not replace it, and the confirming
 * replay is flagged as diverging from it, in the trace or, when only contents differ, in the history.
 */
import { describe, expect, it } from 'vitest';
import { driftingNode, runAndShrink } from '../testing.ts';

describe('shrinking a run whose replay diverges', () => {
  it('seed 1: the first run\'s violation is reported and the replay diverges from the trace event of the message it no longer sends', async () => {
    const { first, shrunk } = await runAndShrink({ bin: driftingNode(true), workload: 'echo', nodes: 1, seed: 1, ops: 3 }, 10);
    expect(first.verdict).toMatchObject({ outcome: 'violation', property: 'echo' });
    // Every shrinking replay passed: nothing was removed, and the reported run is the first one.
    expect(shrunk!.kept).toEqual({ ops: [0, 1, 2], faults: [] });
    expect(shrunk!.run).toBe(first);
    const i = first.trace.findIndex((e) => e.dest === 'lin-kv');
    expect(i).toBeGreaterThan(0);
    expect(shrunk!.divergence).toBe(i);
  });

  it('seed 1: the same messages with other contents diverge in the history', async () => {
    const { first, shrunk } = await runAndShrink({ bin: driftingNode(false), workload: 'echo', nodes: 1, seed: 1, ops: 3 }, 10);
    expect(first.verdict).toMatchObject({ outcome: 'violation', property: 'echo' });
    expect(shrunk!.run).toBe(first);
    expect(shrunk!.divergence).toBe(-1);
    const i = first.history.findIndex((e) => e.type === 'ok');
    expect(i).toBeGreaterThan(0);
    expect(shrunk!.historyDivergence).toBe(i);
  });
});
