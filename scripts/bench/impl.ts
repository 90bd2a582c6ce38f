/**
 * The implementation side by side with the model (issue 4): schedules/s for each backend and the
 * overhead against the model alone on the same schedules. The same 200 fast-check schedules of
 * lsn-cas, 3 actors × 2 pushes, run (a) through the model alone (step + properties, as the random
 * strategy does), (b) against each backend with the harness (a fresh store per schedule, every call
 * gated, the store read back and compared after every step), fsyncs off as the checker runs them, and
 * (c) fs and sqlite with fsyncs on. postgres runs in a fresh schema per schedule at `GROVE_PG_URL`
 * (its durability is the server's own setting, so it has no fsync-on row).
 */
import fc from 'fast-check';
import { execute } from '../../checker/random.ts';
import { groveModel } from '../../model/grove/model.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { runImpl } from '../../impl/harness/run.ts';
import { choicesChooser } from '../../impl/testkit/chooser.ts';
import type { BackendKind } from '../../impl/remote/types.ts';

/** Runs the benchmark and prints a table. */
export default async function bench(): Promise<void> {
  const model = groveModel({ variant: variantByName('lsn-cas'), actors: 3, ops: 2 });
  const n = 200;
  const schedules = fc.sample(fc.array(fc.nat(), { minLength: 30, maxLength: 30 }), { seed: 1, numRuns: n });
  let steps = 0;
  const t0 = performance.now();
  for (let rep = 0; rep < 20; rep++) for (const cs of schedules) steps += execute(model, cs, 200, false).steps;
  const modelSec = (performance.now() - t0) / 1000 / 20;
  steps /= 20;
  const rows: { name: string; sec: number }[] = [];
  const runs: [string, BackendKind, boolean][] = [
    ['memory', 'memory', false],
    ['fs', 'fs', false],
    ['sqlite', 'sqlite', false],
    ['postgres', 'postgres', false],
    ['fs (fsync on)', 'fs', true],
    ['sqlite (synchronous=FULL)', 'sqlite', true],
  ];
  for (const [name, backend, durable] of runs) {
    const t = performance.now();
    for (const cs of schedules) {
      const e = await runImpl({ model, backend, store: { durable }, properties: true }, choicesChooser(cs));
      if (e.finding !== null) throw new Error(`bench: ${name} diverged: ${e.finding.message}`);
    }
    rows.push({ name, sec: (performance.now() - t) / 1000 });
  }
  const pad = (s: string, w: number) => s.padEnd(w);
  const num = (x: number) => Math.round(x).toLocaleString('en-US');
  process.stdout.write(`lsn-cas, 3 actors × 2 pushes, ${n} schedules (${num(steps)} steps, ${(steps / n).toFixed(1)} per schedule), seed 1\n`);
  process.stdout.write(`${pad('run', 40)}${pad('seconds', 10)}${pad('schedules/s', 13)}${pad('steps/s', 10)}x model\n`);
  process.stdout.write(`${pad('model alone', 40)}${pad(modelSec.toFixed(3), 10)}${pad(num(n / modelSec), 13)}${pad(num(steps / modelSec), 10)}1\n`);
  for (const r of rows) {
    process.stdout.write(`${pad(`against impl:${r.name}`, 40)}${pad(r.sec.toFixed(3), 10)}${pad(num(n / r.sec), 13)}${pad(num(steps / r.sec), 10)}${num(r.sec / modelSec)}\n`);
  }
}
