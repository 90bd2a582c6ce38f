/**
 * Real concurrency on every shared backend: separate client processes (fixed seeds in the test names)
 * whose merged history must be linearizable, with and without faults (SIGKILLs, in a write and at
 * random; lost replies), with no acknowledged commit lost and a store that reads back whole. The
 * PostgreSQL runs need the server at GROVE_PG_URL: they fail, never skip, when it is unreachable.
 * No worker process outlives a test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { liveWorkers, runStress, type StressReport } from './run.ts';
import { STRESS_BACKENDS } from './stores.ts';
import { CRASH_POINTS } from './worker.ts';

afterEach(() => {
  expect(liveWorkers()).toBe(0);
});

/** The report's reasons in the failure message, so a red test says what went wrong. */
function expectPass(r: StressReport): void {
  expect({ verdict: r.verdict, reasons: r.reasons, witness: r.lin.witness }).toEqual({ verdict: 'pass', reasons: [], witness: undefined });
  expect(r.lin.outcome).toBe('linearizable');
  expect(r.store).toEqual({ ok: true, problems: [] });
  expect(r.acks.lost).toEqual([]);
}

describe.each(STRESS_BACKENDS)('backend %s, separate processes', (backend) => {
  it(`3 processes × 8 ops, seed s1: linearizable, every ack in main, store whole`, async () => {
    const r = await runStress({ backend, processes: 3, ops: 8, seed: 's1', keep: 'never' });
    expectPass(r);
    expect(r.incarnations).toBe(3);
    expect(r.clientOps).toBe(24);
    expect(r.pending).toBe(0);
    expect(r.operations).toBeGreaterThanOrEqual(3 * 8 * 2);
    expect(r.acks.acked).toBeGreaterThan(0);
    expect(r.acks.inRef + r.acks.informedRemovals).toBe(r.acks.acked);
  });

  it(`faults, seed f1: 4 processes × 10 ops, 3 SIGKILLs with restarts, lost replies p=0.15: still linearizable, no lost ack`, async () => {
    const r = await runStress({ backend, processes: 4, ops: 10, kills: 3, lostReplies: 0.15, seed: 'f1', keep: 'never' });
    expectPass(r);
    expect(r.kills.delivered).toBe(3);
    expect(r.incarnations).toBe(4 + 3);
    expect(r.lostReplies).toBeGreaterThan(0);
    expect(r.pending).toBeGreaterThanOrEqual(r.lostReplies);
    // A restarted slot runs only the rest of its budget.
    expect(r.clientOps).toBe(40);
    if (backend === 'sqlite') expect(r.kills.async).toBe(3);
    else {
      // Two of the three kills are aimed inside a backend write; each lands at a known crash point.
      expect(r.kills.inWrite).toBeGreaterThanOrEqual(1);
      const points: readonly string[] = [...CRASH_POINTS['before-publish'], ...CRASH_POINTS['after-publish']];
      for (const p of r.kills.points) expect(points).toContain(p);
    }
  });
});
