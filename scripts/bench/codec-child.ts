/**
 * One measurement of `codec.ts`, in its own process (so that one engine's heap and JIT state never
 * touch the other's). Prints one line `RESULT {json}`.
 *
 * Both engines and the models run from dist/, the JavaScript `npm run build` compiles (the bench
 * builds it first), as the installed `grove-check` runs them; without a build, from the TypeScript
 * sources through tsx (then said in the result's note: tsx's module transform makes every call across
 * modules a property read, which the fast engine, with more of them per state, pays more for).
 *
 * JOB is JSON (see `CodecJob`): a registered model with its options, the engine (`bfs`, the reference,
 * or `fast`, through the model's state codec), how many times to run the whole search, and whether to
 * time the model's own functions (`actions`, `step`, its properties) instead of measuring the run.
 */
import { existsSync } from 'node:fs';
import type { Model, ModelOptions, Property } from '../../model/core/model.ts';
import type { CodecCapability } from '../../model/core/codec.ts';

// The bench runs this file as compiled into dist/scripts/bench/ (plain node, as a user runs the
// engines), where dist/ is ../../; from scripts/bench/ (TypeScript through tsx) it is ../../dist/.
const built = new URL(import.meta.url.endsWith('.js') ? '../../' : '../../dist/', import.meta.url);
const fromDist = existsSync(new URL('model/registry.js', built)) && existsSync(new URL('checker/check.js', built));
const { familyByName } = (await import(fromDist ? new URL('model/registry.js', built).href : '../../model/registry.ts')) as typeof import('../../model/registry.ts');
const { check } = (await import(fromDist ? new URL('checker/check.js', built).href : '../../checker/check.ts')) as typeof import('../../checker/check.ts');

/** A measurement to take. */
export interface CodecJob {
  readonly model: string;
  readonly options: ModelOptions;
  readonly engine: 'bfs' | 'fast';
  /** Runs of the whole search (for a model of a few states); default 1. */
  readonly runs?: number;
  /** Time the model's own functions during the run (the run's own time is then not the figure). */
  readonly timeModel?: boolean;
}

/** What a measurement reports (per run, but `seconds` and `modelSeconds` for all runs). */
export interface CodecResult {
  readonly outcome: string;
  readonly property?: string;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly modelSeconds?: number;
  readonly note?: string;
}

interface Clock {
  seconds: number;
  calls: number;
}

/** `f`, adding its time to `clock.seconds` and counting its calls. */
function time<A extends unknown[], R>(f: (...a: A) => R, clock: Clock): (...a: A) => R {
  return (...a: A): R => {
    clock.calls++;
    const t = performance.now();
    try {
      return f(...a);
    } finally {
      clock.seconds += (performance.now() - t) / 1000;
    }
  };
}

/** What one timed call adds to `clock.seconds` by itself (the timer's own cost), in seconds. */
function timerCost(): number {
  const clock: Clock = { seconds: 0, calls: 0 };
  const noop = time((x: number) => x, clock);
  let sum = 0;
  for (let i = 0; i < 2_000_000; i++) sum += noop(i);
  return sum < 0 ? 0 : clock.seconds / clock.calls;
}

/** `p` whose checks add their time to `clock`. */
function timedProperty<S>(p: Property<S>, clock: Clock): Property<S> {
  return { ...p, ...(p.state ? { state: time(p.state, clock) } : {}), ...(p.transition ? { transition: time(p.transition, clock) } : {}) };
}

/** `codec` whose `expand`, `transitionParts` and `properties` (the model's own functions too) add their time to `clock`. */
function timedCodec<S>(codec: CodecCapability<S>, clock: Clock): CodecCapability<S> {
  const parts = codec.transitionParts;
  return {
    ...codec,
    ...(codec.expand !== undefined ? { expand: time(codec.expand.bind(codec), clock) } : {}),
    ...(codec.properties !== undefined ? { properties: codec.properties.map((p) => timedProperty(p, clock)) } : {}),
    ...(parts !== undefined ? { transitionParts: Object.fromEntries(Object.entries(parts).map(([id, p]) => [id, { state: time(p.state, clock), rest: time(p.rest, clock) }])) } : {}),
  };
}

/** `model` whose `actions`, `step`, property functions and codec functions add their time to `clock`. */
function timed<S>(model: Model<S>, clock: Clock): Model<S> {
  const codec = model.capabilities?.codec;
  return {
    ...model,
    ...(codec !== undefined ? { capabilities: { ...model.capabilities, codec: timedCodec(codec, clock) } } : {}),
    actions: time(model.actions.bind(model), clock),
    step: time(model.step.bind(model), clock),
    properties: model.properties.map((p) => timedProperty(p, clock)),
  };
}

function measure(job: CodecJob): CodecResult {
  const built = familyByName(job.model).build(job.options) as Model<unknown>;
  const clock: Clock = { seconds: 0, calls: 0 };
  const model = job.timeModel === true ? timed(built, clock) : built;
  const runs = job.runs ?? 1;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let last = check(model, { strategy: job.engine, maxStates: 100_000_000 });
  for (let r = 1; r < runs; r++) last = check(model, { strategy: job.engine, maxStates: 100_000_000 });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    outcome: last.outcome,
    ...(last.outcome === 'violation' ? { property: last.property } : {}),
    states: last.stats.states,
    transitions: last.stats.transitions,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    // The timers' own cost is taken out (measured on a call that does nothing).
    ...(job.timeModel === true ? { modelSeconds: Math.max(0, clock.seconds - clock.calls * timerCost()) } : {}),
    ...(fromDist ? {} : { note: 'from the TypeScript sources (no dist/: run `npm run build`)' }),
  };
}

const arg = process.argv[2];
if (arg === undefined) {
  process.stderr.write('usage: codec-child.ts JOB-JSON\n');
  process.exit(2);
}
process.stdout.write(`RESULT ${JSON.stringify(measure(JSON.parse(arg) as CodecJob))}\n`);
