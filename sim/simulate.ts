/**
 * `simulate(spec, options)`: runs the user's real client and server code in simulated worlds, one per
 * seed, until a property fails or the runs are spent, shrinks a failure, and returns the checker's
 * outcome shape (pass, violation with witness, inconclusive with the budget that ran out) plus the
 * replay token. `assertSimulation` throws an Error holding the minimal rows, the seed and the replay
 * call. Misuse (code escaping the simulation, a bad spec) throws `SimulationEscape` / `SimSpecError`.
 */
import type { Bounds, Inconclusive, Pass, Stats, Violation } from '../checker/outcome.ts';
import { printRow } from '../scenarios/notation/print.ts';
import type { Row } from '../scenarios/notation/types.ts';
import { printFaults, type FaultBudget } from './faults.ts';
import { SimulationEscape } from './guard.ts';
import { BUILTIN_IDS } from './properties.ts';
import { prng, streamSeed } from './random.ts';
import { shrink, type Candidate } from './shrink.ts';
import type { SimSpec } from './spec.ts';
import { chooserFor, keyChooser, replayChooser, type SimStrategy } from './strategies.ts';
import { decodeReplay, encodeReplay, type Replay, type TraceEntry } from './trace.ts';
import { DEFAULT_TIMING, World, type RunResult, type Timing, type WorkItem } from './world.ts';

/** A spec that cannot be run (no ops, no clients, an unknown property). */
export class SimSpecError extends Error {
  override readonly name = 'SimSpecError';
}

/** Options of {@link simulate}. Every field has a default. */
export interface SimOptions {
  /** The first run's seed; run i uses `seed + i` (default 1). */
  seed?: number;
  /** Runs (seeds) to try (default 100). */
  runs?: number;
  strategy?: SimStrategy;
  /** With `strategy: 'replay'`: the token a violation printed. */
  replay?: string;
  faults?: FaultBudget;
  /** Steps per run before the run is inconclusive (default 3000). */
  maxSteps?: number;
  /** Wall-clock seconds for the whole search (default 60; 0 = none). */
  timeoutSeconds?: number;
  /** Shrink a failure (default true). */
  shrink?: boolean;
  timing?: Partial<Timing>;
}

interface SimExtra {
  /** The shrunk run's trace (sends included), for reports. */
  trace: TraceEntry[];
  faults: FaultBudget;
  /** `grove-check sim` flags that re-run this exact case. */
  replayFlags: string;
  /** The call that re-runs this exact case. */
  replayCall: string;
}

export type SimPass = Pass & Pick<SimExtra, 'faults'>;
export type SimViolation = Violation & SimExtra & { shrinkRuns: number };
export type SimInconclusive = Inconclusive & Pick<SimExtra, 'faults'> & { trace?: TraceEntry[] };
export type SimOutcome = SimPass | SimViolation | SimInconclusive;

/** The workload of a run: `opsPerClient` ops per client drawn from the run's own stream. */
export function workload<C>(spec: SimSpec<C, unknown>, seed: number): WorkItem[] {
  const rand = prng(streamSeed(seed, 'workload'));
  const out: WorkItem[] = [];
  for (let c = 1; c <= spec.clients; c++) {
    for (let k = 0; k < (spec.opsPerClient ?? 3); k++) {
      const op = Math.floor(rand() * spec.ops.length);
      out.push({ client: `c${c}`, op, args: spec.ops[op].args?.(rand) ?? [] });
    }
  }
  return out;
}

function validate(spec: SimSpec): void {
  if (typeof spec !== 'object' || spec === null) throw new SimSpecError('the spec is not an object');
  if (typeof spec.client !== 'function' || typeof spec.server !== 'function') throw new SimSpecError('the spec needs client(io) and server(io) factories');
  if (!Number.isInteger(spec.clients) || spec.clients < 1) throw new SimSpecError('the spec needs clients >= 1');
  if (!Array.isArray(spec.ops) || spec.ops.length === 0) throw new SimSpecError('the spec needs at least one op');
  for (const p of spec.properties ?? []) if (!BUILTIN_IDS.includes(p)) throw new SimSpecError(`unknown property '${p}' (built in: ${BUILTIN_IDS.join(', ')})`);
}

/** Runs one case of a spec: its seed's workload filtered by `keep`, choices from `chooser`. */
export async function runOnce(spec: SimSpec, seed: number, options: SimOptions, replay?: Replay | Candidate): Promise<{ result: RunResult; keep: boolean[] }> {
  const work = workload(spec, seed);
  const keep = replay?.keep.length === work.length ? replay.keep : work.map(() => true);
  const strategy = options.strategy ?? 'random';
  const chooser =
    replay === undefined
      ? chooserFor(strategy === 'replay' ? 'random' : strategy, streamSeed(seed, 'chooser'))
      : 'keys' in replay
        ? keyChooser(replay.keys)
        : replayChooser(replay.path);
  const selected = spec.properties ?? BUILTIN_IDS;
  const world = new World(spec, seed, work.filter((_, i) => keep[i]), options.faults ?? {}, chooser, { ...DEFAULT_TIMING, ...spec.timing, ...options.timing }, options.maxSteps ?? 3000, selected);
  return { result: await world.run(), keep };
}

/** Explores the spec; never throws for a property failure (see {@link assertSimulation}). */
export async function simulate(spec: SimSpec, options: SimOptions = {}): Promise<SimOutcome> {
  validate(spec);
  const started = performance.now();
  const seed = options.seed ?? 1;
  const strategy = options.strategy ?? (options.replay !== undefined ? 'replay' : 'random');
  const faults = options.faults ?? {};
  const runs = strategy === 'replay' ? 1 : (options.runs ?? 100);
  const timeout = options.timeoutSeconds ?? 60;
  const config = { clients: spec.clients, opsPerClient: spec.opsPerClient ?? 3, faults: printFaults(faults) };
  const bounds: Bounds = { actors: spec.clients, ops: spec.opsPerClient ?? 3, maxDepth: options.maxSteps ?? 3000, runs, timeoutSeconds: timeout };
  let steps = 0;
  let depth = 0;
  const stats = (n: number): Stats => ({ states: steps, transitions: steps, depth, seconds: (performance.now() - started) / 1000, runs: n });
  const common = { model: spec.name, strategy, config, bounds, advisories: [] as Violation['advisories'], faults };
  const replay = options.replay === undefined ? undefined : decodeReplay(options.replay);
  for (let i = 0; i < runs; i++) {
    const runSeed = seed + i;
    const { result, keep } = await runOnce(spec, runSeed, { ...options, strategy }, replay);
    steps += result.path.length;
    depth = Math.max(depth, result.path.length);
    if (result.escapes.length > 0) throw new SimulationEscape(result.escapes);
    if (result.stoppedBy === 'max-steps') {
      return { ...common, seed: runSeed, outcome: 'inconclusive', budget: 'max-depth', note: `run with seed ${runSeed} took more than ${bounds.maxDepth} steps`, stats: stats(i + 1), trace: result.trace };
    }
    if (result.failure !== undefined) {
      const property = result.failure.property;
      const rerun = async (r: Candidate) => {
        const out = (await runOnce(spec, runSeed, { ...options, strategy }, r)).result;
        steps += out.path.length;
        return out;
      };
      const s = options.shrink === false || strategy === 'replay' ? { keep, result, runs: 0 } : await shrink(keep, result, property, rerun);
      const failure = s.result.failure ?? result.failure;
      const shrunk: Replay = { keep: s.keep, path: s.result.path.slice(0, failure.step) };
      const rows: Row[] = s.result.trace.filter((e) => e.row !== undefined && e.step <= failure.step).map((e) => e.row as Row);
      const token = encodeReplay(shrunk);
      const flags = `--seed ${runSeed} --faults ${printFaults(faults)} --replay ${token}`;
      return {
        ...common,
        seed: runSeed,
        outcome: 'violation',
        property,
        message: failure.message,
        path: shrunk.path,
        rows,
        atRow: rows.length,
        stats: stats(i + 1),
        trace: s.result.trace.filter((e) => e.step <= failure.step),
        replayFlags: flags,
        replayCall: `simulate(spec, { seed: ${runSeed}, faults: ${JSON.stringify(faults)}, replay: '${token}' })`,
        shrinkRuns: s.runs,
      };
    }
    if (timeout > 0 && (performance.now() - started) / 1000 > timeout && i + 1 < runs) {
      return { ...common, seed, outcome: 'inconclusive', budget: 'timeout', note: `${i + 1} of ${runs} runs in ${timeout} s`, stats: stats(i + 1) };
    }
  }
  return { ...common, seed, outcome: 'pass', exhaustive: false, stats: stats(runs) };
}

/** The rows of a violation, its seed and the replay call, as one message. */
export function describeViolation(o: SimViolation): string {
  return [
    `${o.model}: ${o.property} violated (seed ${o.seed}, faults ${printFaults(o.faults)}): ${o.message}`,
    ...o.rows.map((r) => '  ' + printRow(r)),
    `replay: ${o.replayCall}`,
  ].join('\n');
}

/** Like {@link simulate} but throws an Error (rows, seed, replay call) on a violation or an inconclusive run. */
export async function assertSimulation(spec: SimSpec, options: SimOptions = {}): Promise<SimPass> {
  const o = await simulate(spec, options);
  if (o.outcome === 'violation') throw new Error(describeViolation(o));
  if (o.outcome === 'inconclusive') throw new Error(`${o.model}: inconclusive (${o.budget}): ${o.note ?? ''} (seed ${o.seed})`);
  return o;
}
