/**
 * One measurement of `explore.ts`, run in its own process so that its peak memory is its own and a
 * heap limit can be set per run (`node --max-old-space-size=… --import tsx explore-child.ts JOB`).
 * Prints one line `RESULT {json}`.
 *
 * JOB is JSON: `{ "kind": "fast" | "ref" | "deep", … }`; see `Job` below.
 */
import fc from 'fast-check';
import { groveModel } from '../../model/grove/model.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { plantedNarrowCas } from '../../model/grove/variants/deep.ts';
import { check } from '../../checker/check.ts';
import { fastCheck } from '../../checker/fast/engine.ts';
import { pctSearch } from '../../checker/pct.ts';
import { preemptionSearch } from '../../checker/preemption.ts';
import { execute, randomSearch } from '../../checker/random.ts';

/** A measurement to take. */
export type Job =
  | { kind: 'fast'; variant: string; actors: number; ops: number; symmetry?: boolean; por?: boolean; bitstate?: number; timeout: number; lost?: number; crashes?: number }
  | { kind: 'ref'; variant: string; actors: number; ops: number; timeout: number; lost?: number; crashes?: number }
  | { kind: 'deep'; chooser: 'fast-check' | 'fast-check-full' | 'pct' | 'preemption'; timeout: number };

/** What a measurement reports. */
export interface Result {
  outcome: string;
  property?: string;
  states: number;
  transitions?: number;
  seconds: number;
  peakRssMB: number;
  risk?: string;
  runs?: number;
  note?: string;
}

function peakMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function deepJob(chooser: 'fast-check' | 'fast-check-full' | 'pct' | 'preemption', timeout: number): Result {
  const m = groveModel({ variant: plantedNarrowCas, actors: 3, ops: 8 });
  const t0 = performance.now();
  const secs = () => (performance.now() - t0) / 1000;
  if (chooser === 'pct') {
    const o = pctSearch(m, { seed: 1, runs: 10_000_000, depth: 2, timeoutSeconds: timeout, minimize: false });
    return { outcome: o.outcome, property: o.outcome === 'violation' ? o.property : undefined, states: o.stats.states, seconds: secs(), peakRssMB: peakMB(), runs: o.stats.runs };
  }
  if (chooser === 'preemption') {
    const o = preemptionSearch(m, { preemptions: 2, timeoutSeconds: timeout });
    return { outcome: o.outcome, property: o.outcome === 'violation' ? o.property : undefined, states: o.stats.states, seconds: secs(), peakRssMB: peakMB(), note: o.outcome === 'violation' ? o.message.replace(/.*\(/, '(') : undefined };
  }
  // fast-check, in batches of its default 1000 runs with successive seeds, until found or out of time.
  let runs = 0;
  let steps = 0;
  for (let seed = 1; secs() < timeout; seed++) {
    if (chooser === 'fast-check') {
      const o = randomSearch(m, { seed, timeoutSeconds: Math.max(0.001, timeout - secs()) });
      runs += o.stats.runs ?? 0;
      steps += o.stats.states;
      if (o.outcome === 'violation') return { outcome: 'violation', property: o.property, states: steps, seconds: secs(), peakRssMB: peakMB(), runs };
    } else {
      let found: string | null = null;
      fc.check(
        fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 200, maxLength: 200 }), (cs) => {
          if (found !== null || secs() >= timeout) return true;
          const e = execute(m, cs, 200, false);
          runs++;
          steps += e.steps;
          if (e.violation !== null) found = e.violation.property;
          return true;
        }),
        { seed, numRuns: 1000 },
      );
      if (found !== null) return { outcome: 'violation', property: found, states: steps, seconds: secs(), peakRssMB: peakMB(), runs };
    }
  }
  return { outcome: 'inconclusive', states: steps, seconds: secs(), peakRssMB: peakMB(), runs };
}

function runJob(job: Job): Result {
  if (job.kind === 'deep') return deepJob(job.chooser, job.timeout);
  const m = groveModel({ variant: variantByName(job.variant), actors: job.actors, ops: job.ops, maxLostReplies: job.lost, maxCrashes: job.crashes });
  if (job.kind === 'ref') {
    const o = check(m, { strategy: 'bfs', timeoutSeconds: job.timeout, maxStates: 100_000_000 });
    return { outcome: o.outcome, property: o.outcome === 'violation' ? o.property : undefined, states: o.stats.states, transitions: o.stats.transitions, seconds: o.stats.seconds, peakRssMB: peakMB() };
  }
  const o = fastCheck(m, { symmetry: job.symmetry, por: job.por, bitstate: job.bitstate, timeoutSeconds: job.timeout });
  return {
    outcome: o.outcome,
    property: o.outcome === 'violation' ? o.property : undefined,
    states: o.stats.states,
    transitions: o.stats.transitions,
    seconds: o.stats.seconds,
    peakRssMB: peakMB(),
    risk: o.fast.risk,
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
try {
  process.stdout.write(`RESULT ${JSON.stringify(runJob(job))}\n`);
} catch (e) {
  process.stdout.write(`RESULT ${JSON.stringify({ outcome: 'error', states: 0, seconds: 0, peakRssMB: peakMB(), note: e instanceof Error ? e.message : String(e) })}\n`);
}
