/**
 * Replaying a written schedule on a real store: the reference model's counterexamples, step for
 * step, on real files. Each client runs a fixed program of stores (`['o3', 'o2']`: store content
 * `o3` on the object whose content is `o2`; the root is `o1`), and the turn scheduler lets the
 * clients through in the order the schedule names (`'2 rename-head'`), then the lowest-numbered
 * waiting client until all are done. Since contents are the model's names, the verdict's messages
 * read exactly like the reference model's (`heads/o3 holds [o2], but the history before o3 is
 * [o1, o2]`), which is what `harness.test.ts` compares.
 *
 * The reference model's step names map to labels: Write → write-object, Exists → exists-head,
 * Rename → rename-head, Append → append-head, Read → read-head, Point → write-to-head, Lock →
 * lock, Unlock → unlock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectStore } from '../inspect.ts';
import { Io, type CrashPlan } from '../io.ts';
import { openStore } from '../stores.ts';
import { CrashError, NotHeadError, hashOf, type Hash, type StoreName } from '../types.ts';
import { Recorder } from './record.ts';
import { TurnScheduler, scripted, type Pick } from './scheduler.ts';
import { HarnessError } from '../../testkit/errors.ts';
import { judge, type Verdict } from './verdict.ts';
import { finalSweep, isUnexpected } from './workload.ts';

/** Options of {@link runSchedule}. */
export interface ScheduleOptions {
  readonly store: StoreName;
  /** Per client (1, 2, …), its stores as `[content, predecessor's content]`. */
  readonly program: readonly (readonly (readonly [string, string])[])[];
  /** The schedule: `client label` per pick. */
  readonly picks: readonly string[];
  /** Kill the process before this call. */
  readonly crash?: CrashPlan;
}

/** Runs a scripted schedule (see the module comment); returns the verdict and the picks made. */
export async function runSchedule(o: ScheduleOptions): Promise<{ verdict: Verdict; trace: readonly Pick[] }> {
  const dir = await mkdtemp(join(tmpdir(), `inferno-sched-${o.store}-`));
  let clock = 0;
  const rec = new Recorder(() => clock++);
  const setup = await openStore(o.store, dir, new Io());
  const root = hashOf('o1');
  const id0 = rec.begin(0, { f: 'store', hash: root, pred: null, content: 'o1' });
  await setup.store('o1', null);
  rec.end(id0, { output: { f: 'store', ok: true } });
  await setup.close();

  const scheduler = new TurnScheduler(scripted(o.picks));
  const io = new Io({ gate: scheduler.gate, scheduled: true, crash: o.crash });
  const store = await openStore(o.store, dir, io);
  const runs = o.program.map((stores, i) =>
    scheduler.run(i + 1, async () => {
      for (const [content, pred] of stores) {
        const hash = hashOf(content);
        const id = rec.begin(i + 1, { f: 'store', hash, pred: hashOf(pred), content });
        try {
          await store.store(content, hashOf(pred));
          rec.end(id, { output: { f: 'store', ok: true } });
        } catch (e) {
          if (e instanceof CrashError || e instanceof HarnessError) throw e;
          if (e instanceof NotHeadError) rec.end(id, { output: { f: 'store', ok: false, error: 'not-head' } });
          else if (isUnexpected(e)) rec.end(id, { error: e instanceof Error ? e.message : String(e) });
          else throw e;
        }
      }
    }),
  );
  scheduler.start();
  const settled = await Promise.allSettled(runs);
  const bad = settled.find((s) => s.status === 'rejected' && !(s.reason instanceof CrashError));
  if (scheduler.error !== null || bad !== undefined) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
    throw scheduler.error ?? (bad as PromiseRejectedResult).reason;
  }
  let reader = store;
  if (io.crashed) {
    await store.close();
    reader = await openStore(o.store, dir, new Io());
  }
  const objects: Hash[] = [root, ...o.program.flat().map(([c]) => hashOf(c))];
  await finalSweep(reader, rec, o.program.length + 1, objects);
  const atRest = await inspectStore(o.store, dir, reader);
  await reader.close();
  await rm(dir, { recursive: true, force: true });
  const verdict = judge(
    {
      store: o.store,
      mode: o.crash !== undefined ? 'crash' : 'async',
      schedule: 'seeded',
      seed: 0,
      clients: o.program.length,
      ops: Math.max(...o.program.map((p) => p.length)),
      scripts: 1,
      ...(o.crash !== undefined ? { crash: { label: o.crash.label, nth: o.crash.nth, fired: io.crashed, inProcess: true } } : {}),
    },
    rec.ops,
    atRest,
    { crashed: io.crashed, trace: scheduler.trace, dir, replay: `scripted schedule: ${o.picks.join(', ')}` },
  );
  return { verdict, trace: scheduler.trace };
}
