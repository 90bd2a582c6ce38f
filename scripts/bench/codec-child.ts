/**
 * One measurement of `codec.ts`, in its own process (so that one engine's heap and JIT state never
 * touch the other's). Prints one line `RESULT {json}`.
 *
 * JOB is JSON (see `CodecJob`): a registered model with its options, the engine (`bfs`, the reference,
 * or `fast`, through the model's state codec), how many times to run the whole search, and whether to
 * time the model's own functions (`actions`, `step`, its properties) instead of measuring the run.
 */
import { familyByName } from '../../model/registry.ts';
import type { Model, ModelOptions } from '../../model/core/model.ts';
import { check } from '../../checker/check.ts';

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

/** `model` whose `actions`, `step` and property functions add their time to `clock.seconds`. */
function timed<S>(model: Model<S>, clock: { seconds: number }): Model<S> {
  const time =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      const t = performance.now();
      try {
        return f(...a);
      } finally {
        clock.seconds += (performance.now() - t) / 1000;
      }
    };
  return {
    ...model,
    actions: time(model.actions.bind(model)),
    step: time(model.step.bind(model)),
    properties: model.properties.map((p) => ({
      ...p,
      ...(p.state ? { state: time(p.state) } : {}),
      ...(p.transition ? { transition: time(p.transition) } : {}),
    })),
  };
}

function measure(job: CodecJob): CodecResult {
  const built = familyByName(job.model).build(job.options) as Model<unknown>;
  const clock = { seconds: 0 };
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
    ...(job.timeModel === true ? { modelSeconds: clock.seconds } : {}),
  };
}

const arg = process.argv[2];
if (arg === undefined) {
  process.stderr.write('usage: codec-child.ts JOB-JSON\n');
  process.exit(2);
}
process.stdout.write(`RESULT ${JSON.stringify(measure(JSON.parse(arg) as CodecJob))}\n`);
