/**
 * The swarm without Redis: the job list is a pure function of the options and the swarm seed, the
 * jobs are diversified, a job's own search order still gives a counterexample in the model's
 * indices, bitstate hash seeds miss different states, and the coordinator's verdict replays and
 * shrinks what a job found (and refuses what does not replay).
 */
import { describe, expect, it } from 'vitest';
import { planSearch, type SearchJob, type SearchPlanOptions } from './plan.ts';
import { buildModel, reordered, replayViolation, runJob } from './run-job.ts';
import { runLocal } from './coordinator.ts';
import { verdictOf } from './verdict.ts';
import { jobsOf } from '../scripts/commands/swarm.ts';
import { parseFlags } from '../scripts/commands/_common.ts';
import { execute } from '../checker/random.ts';
import { ensureReachable } from './worker.ts';

const lsnCas = { model: 'grove', variant: 'lsn-cas', extra: {} };
const deep = { model: 'grove', variant: 'planted-narrow-cas', actors: 3, ops: 8, extra: {} };
const options = (seed: number): SearchPlanOptions => ({ model: lsnCas, strategies: ['random', 'pct', 'preemption', 'bitstate'], jobs: 12, seed, runs: 50, preemptions: 3, pctDepths: [2, 3, 1, 4], bitstate: 20 });

describe('the job list', () => {
  it('swarm seed 1: the same options and seed give the same jobs, bit for bit; seed 2 gives other seeds', () => {
    expect(planSearch(options(1))).toEqual(planSearch(options(1)));
    expect(JSON.stringify(planSearch(options(1)))).toBe(JSON.stringify(planSearch(options(1))));
    const a = planSearch(options(1)).map((j) => j.seed);
    const b = planSearch(options(2)).map((j) => j.seed);
    expect(a.filter((s) => b.includes(s))).toEqual([]);
  });

  it('swarm seed 1: the command line plans the same jobs as the library, and the same again', () => {
    const argv = ['--variant', 'lsn-cas', '--jobs', '12', '--runs', '50', '--preemptions', '3', '--bitstate', '20', '--pct-depth', '2,3,1,4'];
    const plan = (): unknown => {
      const { values, positionals } = parseFlags(argv, { variant: { type: 'string' }, jobs: { type: 'string' }, runs: { type: 'string' }, preemptions: { type: 'string' }, bitstate: { type: 'string' }, 'pct-depth': { type: 'string' } }, '');
      return jobsOf(values as Parameters<typeof jobsOf>[0], positionals);
    };
    expect(plan()).toEqual(plan());
    expect(plan()).toEqual(planSearch({ ...options(1), model: { model: 'grove', variant: 'lsn-cas', extra: {} } }));
  });

  it('swarm seed 1: jobs are diversified in strategy, seed, pct depth, preemption bound, order and hash seed', () => {
    const jobs = planSearch(options(1));
    expect(jobs.map((j) => j.strategy)).toEqual(['random', 'pct', 'preemption', 'bitstate', 'random', 'pct', 'preemption', 'bitstate', 'random', 'pct', 'preemption', 'bitstate']);
    const by = (s: string): SearchJob[] => jobs.filter((j) => j.strategy === s);
    expect(by('pct').map((j) => j.pctDepth)).toEqual([2, 3, 1]);
    expect(by('preemption').map((j) => j.preemptions)).toEqual([1, 2, 3]);
    expect(new Set(jobs.map((j) => j.seed)).size).toBe(12);
    expect(by('random').map((j) => j.order === 0)).toEqual([true, false, false]);
    expect(new Set(by('random').map((j) => j.order)).size).toBe(3);
    expect(by('bitstate').map((j) => j.hashSeed === 0)).toEqual([true, false, false]);
    expect(new Set(by('bitstate').map((j) => j.hashSeed)).size).toBe(3);
  });
});

describe('the adapter', () => {
  it('a search order of its own (order 99) lists the same actions and maps every index back to the model', () => {
    const m = buildModel(lsnCas);
    const { model: r, original } = reordered(m, 99);
    let s = m.initial();
    for (let step = 0; step < 6; step++) {
      const mine = m.actions(s).map((a) => `${a.actor}:${a.op.name}`);
      const theirs = r.actions(s).map((a) => `${a.actor}:${a.op.name}`);
      expect([...theirs].sort()).toEqual([...mine].sort());
      expect(theirs.map((_, i) => mine[original(s, i)])).toEqual(theirs);
      s = m.step(s, 0).next;
    }
    expect(r.actions(m.initial()).map((a) => a.actor)).not.toEqual(m.actions(m.initial()).map((a) => a.actor));
  });

  it('preemption bound 1 with order 12345 finds G6 in planted-narrow-cas 3×8, and its path violates G6 on the model itself', () => {
    const job: SearchJob = { kind: 'search', index: 0, model: deep, strategy: 'preemption', seed: 1, preemptions: 1, order: 12345 };
    const r = runJob(job);
    expect(r.outcome).toBe('violation');
    expect(r.property).toBe('G6');
    expect(execute(buildModel(deep), r.path!, r.path!.length, false).violation?.property).toBe('G6');
  });

  it('bitstate 2^14 on lsn-cas 3×2: hash seeds 0 and 7 miss different numbers of the 65,495 states', () => {
    const job = (hashSeed: number): SearchJob => ({ kind: 'search', index: 0, model: lsnCas, strategy: 'bitstate', seed: 1, order: 0, bitstate: 14, hashSeed });
    const a = runJob(job(0)).states;
    const b = runJob(job(7)).states;
    expect(a).toBeLessThan(65_495);
    expect(b).toBeLessThan(65_495);
    expect(a).not.toBe(b);
    expect(runJob({ ...job(7), bitstate: 26 }).states).toBe(65_495);
  });
});

describe('the verdict', () => {
  it('swarm seed 1, local: planted-narrow-cas 3×8 is a G6 violation, replayed and shrunk on the coordinator', () => {
    const jobs = planSearch({ ...options(1), model: deep, strategies: ['pct', 'preemption'], jobs: 4, runs: 300 });
    const run = runLocal(jobs);
    expect(run.stopped).toBe('violation');
    const v = verdictOf(1, jobs, run, (j) => `replay ${j.index}`);
    expect(v.outcome).toBe('violation');
    expect(v.violation?.property).toBe('G6');
    expect(v.violation!.rows.length).toBeLessThanOrEqual(v.violation!.foundSteps!);
    expect(execute(buildModel(deep), v.violation!.path!, 1000, false).violation?.property).toBe('G6');
    expect(v.violation?.replay).toBe(`replay ${v.violation!.job}`);
  });

  it('a job result whose schedule does not violate the property is refused, not reported', () => {
    const job: SearchJob = { kind: 'search', index: 0, model: lsnCas, strategy: 'pct', seed: 1, runs: 1, order: 0 };
    expect(() => replayViolation(job, [0, 0, 0], 'G6')).toThrow(/does not replay/);
  });

  it('swarm seed 1, local: lsn-cas passes "within this coverage", which lists every strategy with its settings', () => {
    const jobs = planSearch({ ...options(1), jobs: 4, runs: 20 });
    const v = verdictOf(1, jobs, runLocal(jobs), () => '');
    expect(v.outcome).toBe('pass');
    expect(Object.keys(v.coverage.byStrategy)).toEqual(['random', 'pct', 'preemption', 'bitstate']);
    expect(v.coverage.byStrategy.pct.settings[0]).toMatch(/^seed=\d+ runs=20 d=2$/);
    expect(v.coverage.runs).toBe(40);
    expect(v.jobs).toEqual({ total: 4, done: 4, failed: 0, cancelled: 0, notRun: 0, budgetCut: 0, retried: 0 });
  });

  it('a job that fails makes the swarm inconclusive (a model that does not exist)', () => {
    const jobs: SearchJob[] = [{ kind: 'search', index: 0, model: { model: 'no-such-model', extra: {} }, strategy: 'pct', seed: 1, runs: 1, order: 0 }];
    const v = verdictOf(1, jobs, runLocal(jobs), () => '');
    expect(v.outcome).toBe('inconclusive');
    expect(v.failures[0].message).toMatch(/unknown model 'no-such-model'/);
  });
});

describe('Redis', () => {
  it('a URL where no Redis answers is bad input at once, not a hang', async () => {
    await expect(ensureReachable('redis://127.0.0.1:1')).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
