/**
 * The three-log implementation side by side with the grove-local model (issue 6): schedules/s for
 * the model alone (step + G8–G11 on every step, as the random strategy does) and for each backend
 * through the side-by-side harness (`impl/local/harness.ts`: fresh store and local stores per
 * schedule, every remote call gated, the store read back and every client compared after every
 * step, G8–G11 evaluated on the implementation), fsyncs off as the checker runs them, then fs and
 * sqlite with fsyncs on. The same 100 fast-check schedules (3 clients × 3 writes, pages p and q).
 */
import fc from 'fast-check';
import { checkStep } from '../../checker/properties.ts';
import { localModel } from '../../model/grove-local/model.ts';
import { runLocal } from '../../impl/local/harness.ts';
import { choicesChooser } from '../../impl/testkit/chooser.ts';
import type { BackendKind } from '../../impl/remote/types.ts';

/** Runs the benchmark and prints a table. */
export default async function bench(): Promise<void> {
  const model = localModel({ clients: 3, writes: 3, pages: ['p', 'q'] });
  const n = 100;
  const schedules = fc.sample(fc.array(fc.nat(), { minLength: 60, maxLength: 60 }), { seed: 1, numRuns: n });
  let steps = 0;
  const reps = 20;
  const t0 = performance.now();
  for (let rep = 0; rep < reps; rep++) {
    for (const cs of schedules) {
      let s = model.initial();
      for (const c of cs) {
        const k = model.actions(s).length;
        if (k === 0) break;
        const st = model.step(s, c % k);
        if (checkStep(model, s, st, false).violation !== null) throw new Error('bench: the model violated a property');
        s = st.next;
        steps++;
      }
    }
  }
  const modelSec = (performance.now() - t0) / 1000 / reps;
  steps /= reps;
  const runs: [string, BackendKind, boolean][] = [
    ['memory', 'memory', false],
    ['fs', 'fs', false],
    ['sqlite', 'sqlite', false],
    ['fs (fsync on)', 'fs', true],
    ['sqlite (synchronous=FULL)', 'sqlite', true],
  ];
  const rows: { name: string; sec: number }[] = [];
  for (const [name, backend, durable] of runs) {
    const t = performance.now();
    for (const cs of schedules) {
      const e = await runLocal({ model, backend, store: { durable } }, choicesChooser(cs));
      if (e.finding !== null) throw new Error(`bench: ${name} diverged: ${e.finding.message}`);
    }
    rows.push({ name, sec: (performance.now() - t) / 1000 });
  }
  const pad = (s: string, w: number) => s.padEnd(w);
  const W = 48;
  const num = (x: number) => Math.round(x).toLocaleString('en-US');
  process.stdout.write(`grove-local three-logs, 3 clients × 3 writes, pages p,q, ${n} schedules (${num(steps)} steps, ${(steps / n).toFixed(1)} per schedule), seed 1\n`);
  process.stdout.write(`${pad('run', W)}${pad('seconds', 10)}${pad('schedules/s', 13)}${pad('steps/s', 10)}x model\n`);
  process.stdout.write(`${pad('model alone', W)}${pad(modelSec.toFixed(3), 10)}${pad(num(n / modelSec), 13)}${pad(num(steps / modelSec), 10)}1\n`);
  for (const r of rows) {
    process.stdout.write(`${pad(`side by side, impl:${r.name}`, W)}${pad(r.sec.toFixed(3), 10)}${pad(num(n / r.sec), 13)}${pad(num(steps / r.sec), 10)}${num(r.sec / modelSec)}\n`);
  }
}
