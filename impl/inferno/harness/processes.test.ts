/**
 * The seed's question across separate processes (issue 7): worker processes on one directory. The
 * interleaving is the kernel's, so a seed names an experiment, not a schedule: the assertions are
 * "found within N attempts" for the current code and "passes" for the fixes.
 */
import { describe, expect, it } from 'vitest';
import { runProcesses } from './processes.ts';
import { brokenProperties } from './verdict.ts';
import type { StoreName } from '../types.ts';

// Worker processes are slow on a loaded machine: a test ends when its workers exit, and the harness
// gives up only when none of them made progress for a minute (`stallMs`). vitest's own limit is far
// above that, so a stall shows as the harness's error, not as a test timeout.
const STALL_GUARD = 3_600_000;

describe('inferno, separate processes', { timeout: STALL_GUARD }, () => {
  // Contention: 4 workers on one script, 90% of stores on the newest version announce themselves
  // when called and 90% build on the announced version, and each file call is preceded by a sleep of
  // up to 8 ms half the time (widening the rename → append window). The current code is not
  // linearizable in every run; bug 1 at rest (I1: a lost predecessor, or a fork after the lost
  // append recreated a head file) shows in about half the runs. Bug 2 at rest (I2) is rarer across
  // processes than in one process: a later store rewrites the stale pointers unless the overtaken
  // store was among the last, so across processes it shows mostly as LIN witnesses with the sign
  // `stale-to-head` (a read sent through a to_head pointer to a renamed head file).
  it('current: bug 1 or bug 2 is left in the store at rest within 8 attempts, and every attempt is not linearizable', async () => {
    const found: string[] = [];
    for (let seed = 1; seed <= 8 && found.length === 0; seed++) {
      const { verdict } = await runProcesses({ store: 'current', workers: 4, ops: 40, seed, delays: { yieldP: 0.3, sleepP: 0.5, maxMs: 8 }, pAnnounce: 0.9 });
      expect(verdict.lin.outcome).toBe('not-linearizable');
      found.push(...brokenProperties(verdict).filter((p) => p === 'I1' || p === 'I2'));
    }
    expect(found.length).toBeGreaterThan(0);
  });

  it.each(['lock', 'cas-shared', 'sqlite'] as StoreName[])('%s passes: 4 workers × 30 calls', async (store) => {
    const { verdict } = await runProcesses({ store, workers: 4, ops: 30, seed: 1 });
    expect([verdict.outcome, verdict.findings]).toEqual(['pass', []]);
    expect(verdict.stats.storesOk).toBeGreaterThan(5);
  });

  // Finding: option 1 as the seed writes it keeps hist_to_head in each process's memory, so two
  // processes both accept a store on the same head: the history forks. Not a fix across processes;
  // cas-shared (the map in files, CAS under a per-history lock) is.
  it('cas (hist_to_head in memory) is not a fix across processes: the history forks within 3 attempts', async () => {
    let forked = false;
    for (let seed = 1; seed <= 3 && !forked; seed++) {
      const { verdict } = await runProcesses({ store: 'cas', workers: 4, ops: 30, seed });
      expect(verdict.outcome).toBe('violation');
      forked = verdict.findings.some((f) => f.property === 'I1' && f.message.startsWith('the history forked'));
    }
    expect(forked).toBe(true);
  });

  it('a worker SIGKILLed between rename and append: lock breaks I3 (the others break its lock and go on); sqlite and cas-shared survive their own worst points', { timeout: STALL_GUARD }, async () => {
    const lock = await runProcesses({ store: 'lock', workers: 3, ops: 20, seed: 1, crash: { label: 'append-head', nth: 1 } });
    expect(lock.verdict.info.crash?.fired).toBe(true);
    expect(brokenProperties(lock.verdict)).toContain('I3');
    for (const [store, label] of [['sqlite', 'sql-return'], ['cas-shared', 'cas-publish']] as const) {
      const { verdict } = await runProcesses({ store, workers: 3, ops: 20, seed: 1, crash: { label, nth: 1 } });
      expect([store, verdict.info.crash?.fired, verdict.outcome, verdict.findings]).toEqual([store, true, 'pass', []]);
    }
  });
});
