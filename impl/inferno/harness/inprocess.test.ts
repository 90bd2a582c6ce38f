/**
 * The seed's question on the real stores, in one process (issue 7): concurrent async clients find
 * bugs 1 and 2 in the current code, a crash between rename and append finds bug 3, and the fixes
 * pass the same runs. The reference model's own counterexample schedules are replayed step for step
 * on real files and give the reference model's messages.
 */
import { describe, expect, it } from 'vitest';
import { runInProcess } from './inprocess.ts';
import { runSchedule } from './schedule.ts';
import { HarnessError } from '../../testkit/errors.ts';
import { brokenProperties, type Verdict } from './verdict.ts';
import type { StoreName } from '../types.ts';

const chain = [[['o2', 'o1']], [['o3', 'o2']]] as const;
const messages = (v: Verdict, p: string) => v.findings.filter((f) => f.property === p).map((f) => f.message);
const signs = (v: Verdict) => v.findings.flatMap((f) => f.signs ?? []);

// The reference model's pinned counterexamples (model/inferno/inferno.test.ts), as file-call labels.
const BUG1 = ['1 write-object', '1 exists-head', '1 rename-head', '2 write-object', '2 exists-head', '2 rename-head', '1 append-head', '1 read-head', '1 write-to-head', '2 append-head', '2 read-head', '2 write-to-head'];
const BUG2 = ['1 write-object', '1 exists-head', '1 rename-head', '1 append-head', '1 read-head', '2 write-object', '2 exists-head', '2 rename-head', '2 append-head', '2 read-head', '2 write-to-head', '2 write-to-head', '1 write-to-head'];

describe('inferno current, the reference model\'s schedules on real files', () => {
  it('bug 1: store(o3, o2) renames heads/o2 between store(o2, o1)\'s rename and append: o1 is lost (I1, the reference\'s message)', async () => {
    const { verdict } = await runSchedule({ store: 'current', program: chain, picks: BUG1 });
    expect(verdict.outcome).toBe('violation');
    expect(messages(verdict, 'I1')).toEqual(['heads/o3 holds [o2], but the history before o3 is [o1, o2]']);
    expect(messages(verdict, 'I2')).toEqual(["to_head/o1 leads to o2, but the head of o1's history is o3"]);
    expect(signs(verdict)).toEqual(['history-lost']);
    expect(verdict.findings.find((f) => f.property === 'LIN')?.detail?.[0]).toBe('stuck: c3 fetchHist(o1) -> [o1 o2]   [6, 7]');
  });

  it("bug 2: store(o2, o1)'s to_head loop is overtaken by store(o3, o2)'s: to_head/o1 is left at o2 (I2 only, the reference's message)", async () => {
    const { verdict } = await runSchedule({ store: 'current', program: chain, picks: BUG2 });
    expect(brokenProperties(verdict)).toEqual(['I2', 'LIN']);
    expect(messages(verdict, 'I2')).toEqual(["to_head/o1 leads to o2, but the head of o1's history is o3"]);
    expect(verdict.findings.find((f) => f.property === 'LIN')?.detail?.[0]).toBe('stuck: c3 fetchHist(o1) -> error: heads/o2 is missing (the head of o1 per to_head/o1)   [6, 7]');
  });

  it('the lock makes the bug-1 schedule impossible: client 2 cannot get to its write while client 1 holds the lock', async () => {
    const picks = ['1 lock', ...BUG1];
    await expect(runSchedule({ store: 'lock', program: chain, picks })).rejects.toThrow(HarnessError);
    await expect(runSchedule({ store: 'lock', program: chain, picks })).rejects.toThrow(/'2 write-object' is not possible; waiting: 1 append-head \| 2 lock/);
  });
});

describe('inferno, concurrent async clients under the seeded scheduler (3 clients × 6 calls, seeds 1-30)', () => {
  it('current: every seed is a violation, bug 1 (I1) at rest in seeds 17 and 21, bug 2 (I2) in 17 and 20', async () => {
    const tally: string[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const { verdict } = await runInProcess({ store: 'current', clients: 3, ops: 6, seed });
      tally.push(`${seed}:${brokenProperties(verdict).join('+')}`);
    }
    expect(tally.filter((t) => t.endsWith(':'))).toEqual([]);
    expect(tally.filter((t) => t.includes('I1')).map((t) => t.split(':')[0])).toEqual(['17', '21']);
    expect(tally.filter((t) => t.includes('I2')).map((t) => t.split(':')[0])).toEqual(['17', '20']);
  });

  it('current, seed 20: the witness is the reference\'s bug 2 on three clients, and replays bit for bit', async () => {
    const a = await runInProcess({ store: 'current', clients: 3, ops: 6, seed: 20 });
    const b = await runInProcess({ store: 'current', clients: 3, ops: 6, seed: 20 });
    expect(messages(a.verdict, 'I2')).toEqual([
      "to_head/s0.c2.4 leads to s0.c1.5, but the head of s0.c2.4's history is s0.c2.5",
      "to_head/s0.c1.4 leads to s0.c1.5, but the head of s0.c1.4's history is s0.c2.5",
      "to_head/s0.c1.3 leads to s0.c1.5, but the head of s0.c1.3's history is s0.c2.5",
    ]);
    expect(JSON.stringify(b.ops)).toBe(JSON.stringify(a.ops));
    expect(b.verdict.findings).toEqual(a.verdict.findings);
    expect(b.verdict.schedule).toEqual(a.verdict.schedule);
  });

  it.each(['lock', 'cas', 'cas-shared', 'sqlite'] as StoreName[])('%s passes the same kind of runs: 4 clients × 20 calls, seeds 1-5', async (store) => {
    for (let seed = 1; seed <= 5; seed++) {
      const { verdict } = await runInProcess({ store, clients: 4, ops: 20, seed });
      expect([seed, verdict.outcome, verdict.findings]).toEqual([seed, 'pass', []]);
      expect(verdict.stats.storesOk).toBeGreaterThan(3);
    }
  });
});

describe('inferno, concurrent async clients running free (real concurrent I/O, seeded delays)', () => {
  it('current is not linearizable in every run (4 clients × 25 calls, seeds 1-4)', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { verdict } = await runInProcess({ store: 'current', clients: 4, ops: 25, seed, schedule: 'free' });
      expect(verdict.lin.outcome).toBe('not-linearizable');
    }
  });

  it.each(['lock', 'cas', 'cas-shared', 'sqlite'] as StoreName[])('%s passes (4 clients × 25 calls, seeds 1-3)', async (store) => {
    for (let seed = 1; seed <= 3; seed++) {
      const { verdict } = await runInProcess({ store, clients: 4, ops: 25, seed, schedule: 'free' });
      expect([seed, verdict.outcome, verdict.findings]).toEqual([seed, 'pass', []]);
    }
  });
});

describe('inferno, a crash between rename and append (bug 3)', () => {
  // The reference model's I3 message for the same crash, first problem of each side.
  const REF_TOOK = 'heads/o2 holds [], but the history before o2 is [o1]';
  const REF_NOT = 'heads/o1 is missing, but o1 is the head of [o1]';

  it.each(['current', 'lock'] as StoreName[])('%s: the store is consistent with neither outcome of the crashed store (I3)', async (store) => {
    const { verdict } = await runSchedule({ store, program: [[['o2', 'o1']]], picks: [], crash: { label: 'append-head', nth: 1 } });
    expect(verdict.info.crash?.fired).toBe(true);
    expect(brokenProperties(verdict)).toEqual(['I3', 'LIN']);
    const m = messages(verdict, 'I3')[0];
    expect(m.startsWith(`after the crash in store(o2, o1): as if it took effect, ${REF_TOOK}`)).toBe(true);
    expect(m.endsWith(`as if it did not, ${REF_NOT}`)).toBe(true);
    expect(signs(verdict)).toEqual(['head-file-gone']);
  });

  // Finding (confirms the reference model): option 0 does not fix bug 3. Crashes anywhere from the
  // rename to the end of the to_head loop break it; crashes elsewhere do not (the restarted store
  // breaks the dead holder's lock, so it does not wedge either).
  const LABELS: Record<StoreName, string[]> = {
    current: [],
    lock: ['lock', 'write-object', 'exists-head', 'rename-head', 'append-head', 'read-head', 'write-to-head', 'unlock', 'read-to-head'],
    cas: ['read-pred', 'write-object', 'publish-object', 'check', 'read-pred-head', 'write-head', 'cas', 'snapshot-write', 'snapshot-publish', 'read-object', 'read-hist-to-head', 'read-head'],
    'cas-shared': ['read-pred', 'write-object', 'publish-object', 'check', 'read-pred-head', 'write-head', 'lock', 'cas-read', 'cas-write', 'cas-publish', 'unlock', 'read-object', 'read-hist-to-head', 'read-head'],
    sqlite: ['sql-store', 'sql-return', 'sql-read'],
  };

  it('lock, 3 clients × 6 calls, a crash before each call (1st and 3rd time reached): I3 fails exactly for append-head, read-head and write-to-head', async () => {
    const failing = new Set<string>();
    for (const label of LABELS.lock) {
      for (const nth of [1, 3]) {
        const { verdict } = await runInProcess({ store: 'lock', clients: 3, ops: 6, seed: 1, crash: { label, nth } });
        if (verdict.outcome !== 'pass') {
          expect(brokenProperties(verdict)).toContain('I3');
          failing.add(label);
        }
      }
    }
    expect([...failing].sort()).toEqual(['append-head', 'read-head', 'write-to-head']);
  });

  it.each(['cas', 'cas-shared', 'sqlite'] as StoreName[])('%s survives a crash before any of its calls (3 clients × 6 calls, 1st and 3rd time, seeds 1-2)', async (store) => {
    let fired = 0;
    for (const label of LABELS[store]) {
      for (const nth of [1, 3]) {
        for (const seed of [1, 2]) {
          const { verdict } = await runInProcess({ store, clients: 3, ops: 6, seed, crash: { label, nth } });
          expect([label, nth, seed, verdict.outcome, verdict.findings]).toEqual([label, nth, seed, 'pass', []]);
          if (verdict.info.crash?.fired) fired++;
        }
      }
    }
    expect(fired).toBeGreaterThan(LABELS[store].length);
  });
});
