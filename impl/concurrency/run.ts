/**
 * # Real concurrency: client processes, a shared store, and one merged history
 *
 * `runStress` starts N worker processes (`worker.ts`, each `node --import tsx`) against one store of
 * the fs, SQLite or PostgreSQL backend (one directory, database file or schema), lets them run random
 * push / force-push / pull operations with the real client at full contention, kills some of them
 * with SIGKILL and restarts them, loses some replies, and then judges what happened: the merged
 * history must be linearizable against the reference model (lin/models/grove.ts), no acknowledged
 * commit may be lost (G6), and the store must read back whole (verdict.ts).
 *
 * **Time.** Each worker stamps its events with `process.hrtime.bigint()`. On Linux that is
 * CLOCK_MONOTONIC, a single clock for the whole machine (not per process, never stepped by NTP), so
 * the events of different processes are ordered correctly across files and the merge is just a sort.
 * A call's interval is stretched outwards (its invoke time is read before the invoke is written and
 * its completion time after the call returned), so the recorded interval always contains the real
 * one. Porcupine's closed intervals then mean that two events the clock cannot tell apart count as
 * concurrent: clock resolution can make the checker accept more orders, never reject a correct run.
 * (Not supported: workers on several machines; their clocks would not be comparable.)
 *
 * **Pending operations.** A call whose result the client never learned is *pending*: the history says
 * `info` (or nothing at all after its `invoke`), and the checker gives it an interval from its call to
 * infinity with an unknown output, so it may take effect at any moment after it was sent, or never.
 * That is exactly what a client can know about a lost reply (the remote applied it; we record `info`
 * anyway) and about a call cut by a kill (it may or may not have reached the remote). The final
 * read that the harness does after every worker has exited is part of the history too: it pins the
 * end state, so a pending write that did take effect must be placed somewhere before it.
 *
 * **What a kill means for the history.** SIGKILL stops a process between two instructions: with its
 * history file written up to the last fsynced event, its connection dropped (PostgreSQL rolls back
 * its transaction, SQLite's journal undoes it, the fs backend leaves a temp file and perhaps a lock
 * that the next writer breaks because its pid is dead), and its in-memory client state gone. The
 * invoke of the call it was in is durable (it is fsynced before the call is sent), its completion is
 * not: the restarted worker closes the dangling call with an `info` event and continues *as a new
 * client* (a new client id, fresh views, new commit and log names), because a client that lost its
 * memory is a different client as far as the history is concerned: one client never has two calls
 * open at once. The killed incarnation's acknowledgements stay valid: an ack is recorded only after
 * the client told its user, so every recorded ack must survive (G6).
 *
 * Kills come in two kinds: *async* (the parent sends SIGKILL a seeded 0–2 ms after the worker reports
 * its k-th call: it lands anywhere, often inside a backend write or a transaction) and *in-write*
 * (the worker sends SIGKILL to itself at a backend crash point, e.g. between the fs backend's temp
 * file and its link/rename, or inside the PostgreSQL branch transaction). Timing is seeded, but
 * the interleaving of real processes is not reproducible: the same seed makes the same plan, not the
 * same history. The merged history is kept (on failure by default) and `grove-check lin --format
 * grove` re-checks it.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLinearizable, type LinResult } from '../../lin/check.ts';
import { formatGroveRecord, parseGroveFiles, type ParsedGroveHistory } from '../../lin/formats/grove.ts';
import { describeGroveOp, groveLinModel } from '../../lin/models/grove.ts';
import { prng } from '../testkit/prng.ts';
import { HarnessError } from '../testkit/errors.ts';
import { killAll, liveWorkers, spawnWorker, stopAll } from '../testkit/supervisor.ts';
import type { Outcome } from '../../checker/outcome.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { emptyStore, type StoreSnapshot } from '../remote/types.ts';
import { GroveHistoryWriter, recordingRemote } from './recorder.ts';
import { createSharedStore, describeStore, dropSharedStore, openStore, removeDir, runDir, type StoreSpec, type StressBackend, type StressPlant } from './stores.ts';
import { checkAcks, checkStore, type AckCheck, type StoreCheck } from './verdict.ts';
import { moduleUrl } from '../../runtime/module.ts';
import { CRASH_POINTS, historyPath, type SelfKill, type WorkerConfig, type WorkerMessage } from './worker.ts';

/** The worker process's module (compiled, or TypeScript through tsx). */
const WORKER = moduleUrl('./worker.ts', import.meta.url);

/** What to run. */
export interface StressOptions {
  readonly backend: StressBackend;
  /** Worker processes running at once (≥ 1). */
  readonly processes: number;
  /** Client operations per process slot (over its incarnations). */
  readonly ops: number;
  /** SIGKILLs over the run (each followed by a restart). Default 0. */
  readonly kills?: number;
  /** Probability that a call's reply is lost after the remote applied it. Default 0. */
  readonly lostReplies?: number;
  readonly seed: string;
  /** Variant name (default `lsn-cas`). */
  readonly variant?: string;
  /** A planted bug of the backend (tests). */
  readonly plant?: StressPlant;
  /** Operation mix weights (default push 6, force-push 2, pull 2). */
  readonly mix?: WorkerConfig['mix'];
  /** Longest pause between a worker's operations, ms (default 0). */
  readonly thinkMs?: number;
  /** fsync (fs, sqlite; default true). */
  readonly durable?: boolean;
  /** Wall-clock limit of the concurrent phase (default: none). */
  readonly timeoutMs?: number;
  /** Fail when no worker has started, made a call or exited for this long (ms, default 60,000). */
  readonly stallMs?: number;
  /** Budget of the linearizability check (default 60 s; past it the verdict is `inconclusive`). */
  readonly linTimeoutMs?: number;
  /** Keep the run directory (histories, fs/sqlite store) and the PostgreSQL schema: always, never, or on a violation (default). */
  readonly keep?: 'always' | 'never' | 'on-failure';
  /** Parent of the run directory (default the OS temp dir). */
  readonly parentDir?: string;
  readonly pgUrl?: string;
  /** Progress lines (settings first, then kills and restarts). */
  readonly log?: (line: string) => void;
  /** Test hook: called once the store exists, before any worker starts (a test breaks the store here). */
  readonly afterCreate?: (spec: StoreSpec) => Promise<void>;
}

/** One planned kill. */
export interface KillPlan {
  readonly slot: number;
  readonly kind: 'async' | 'in-write';
  /** Fires once the incarnation has made this many calls. */
  readonly afterInvokes: number;
  /** Async: delay after the trigger, ms. */
  readonly delayMs: number;
  /** In-write: at which crash points. */
  readonly when?: SelfKill['when'];
}

/** Kills that happened. */
export interface KillCounts {
  readonly planned: number;
  /** Kills that actually stopped a process (each followed by a restart). */
  readonly delivered: number;
  readonly async: number;
  readonly inWrite: number;
  /** Crash points the in-write kills hit. */
  readonly points: string[];
}

/** The three outcomes, named as the checker's (`checker/outcome.ts`). */
export type StressVerdict = Outcome['outcome'];

/** What a run found. */
export interface StressReport {
  readonly verdict: StressVerdict;
  readonly backend: StressBackend;
  readonly variant: string;
  readonly seed: string;
  readonly plant?: StressPlant;
  readonly processes: number;
  /** Process incarnations started (processes + restarts). */
  readonly incarnations: number;
  readonly opsPerProcess: number;
  /** Primitive calls in the merged history (the harness's final read included). */
  readonly operations: number;
  /** Of those, pending (lost reply, killed mid-call). */
  readonly pending: number;
  /** Client operations started. */
  readonly clientOps: number;
  readonly kills: KillCounts;
  /** Replies lost (the remote applied the call; the client got `info`). */
  readonly lostReplies: number;
  /** The probability of a lost reply that was asked for. */
  readonly lostReplyRate: number;
  /** Calls cut by a kill. */
  readonly killedCalls: number;
  readonly lin: { readonly outcome: LinResult['outcome']; readonly seconds: number; readonly states: number; readonly witness?: string[] };
  readonly acks: AckCheck;
  readonly store: Omit<StoreCheck, 'snapshot'>;
  /** Seconds of the concurrent phase (process start-up included), and of the whole run. */
  readonly runSeconds: number;
  /** Seconds from the workers' first call to their last completion (CLOCK_MONOTONIC; throughput's denominator). */
  readonly activeSeconds: number;
  readonly seconds: number;
  /** The merged history (kept only when the run directory is kept). */
  readonly history: string;
  /** Where the store is/was. */
  readonly location: string;
  readonly kept: boolean;
  /** Why the verdict is not `pass`, one line each. */
  readonly reasons: string[];
}

/** The seeded kill plan of a run. */
export function planKills(o: Pick<StressOptions, 'backend' | 'processes' | 'seed' | 'kills'>): KillPlan[] {
  const rng = prng(`${o.seed}/kills`);
  const first = rng.int(o.processes);
  const plan: KillPlan[] = [];
  for (let k = 0; k < (o.kills ?? 0); k++) {
    const inWrite = o.backend !== 'sqlite' && k % 2 === 0;
    plan.push({
      slot: (first + k) % o.processes,
      kind: inWrite ? 'in-write' : 'async',
      afterInvokes: 1 + rng.int(8),
      delayMs: rng.int(3),
      ...(inWrite ? { when: o.backend === 'postgres' || rng.chance(0.6) ? ('before-publish' as const) : ('after-publish' as const) } : {}),
    });
  }
  return plan;
}

interface Slot {
  readonly index: number;
  readonly files: string[];
  kills: KillPlan[];
  child?: ChildProcess;
  client: number;
  armed?: KillPlan;
  fired: boolean;
  invokes: number;
  done: boolean;
  stderr: string;
}

/** Worker processes still running (the testkit's supervisor counts them). */
export { liveWorkers };

/** Sorts JSONL event lines by their `time` (integers compared exactly). */
function byTime(lines: string[]): string[] {
  const key = (l: string): bigint => {
    const t = (JSON.parse(l) as { time?: number | string }).time;
    return t === undefined ? -1n : BigInt(typeof t === 'number' ? Math.trunc(t) : t);
  };
  return lines
    .map((l, i) => ({ l, i, k: key(l) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.l);
}

/** Seconds between the first call and the last completion of the workers (client 0, the final read, excluded). */
function activeSpan(h: ParsedGroveHistory): number {
  const ops = h.operations.filter((x) => x.client !== 0);
  if (ops.length === 0) return 0;
  const first = Math.min(...ops.map((x) => x.call));
  const last = Math.max(...ops.map((x) => (x.ret === Infinity ? x.call : x.ret)));
  return (last - first) / 1e9;
}

/**
 * Runs one multi-process stress run and judges it. Throws {@link HarnessError} when the harness itself
 * fails; its run directory (store, histories) is then kept, and the error says where.
 */
export async function runStress(o: StressOptions): Promise<StressReport> {
  const t0 = performance.now();
  const variantName = o.variant ?? 'lsn-cas';
  const variant = variantByName(variantName);
  const log = o.log ?? (() => undefined);
  if (o.processes < 1 || o.ops < 0) throw new HarnessError('processes must be at least 1 and ops at least 0');
  const plan = planKills(o);
  log(
    `stress: seed ${o.seed}, backend ${o.backend}, variant ${variantName}, ${o.processes} processes × ${o.ops} ops, ` +
      `kills ${plan.length}${plan.length > 0 ? ` [${plan.map((k) => `slot${k.slot}:${k.kind}@${k.afterInvokes}${k.when ? `/${k.when}` : `+${k.delayMs}ms`}`).join(' ')}]` : ''}, ` +
      `lost replies p=${o.lostReplies ?? 0}${o.plant ? `, plant ${o.plant}` : ''}`,
  );
  const dir = await runDir(o.backend, o.parentDir);
  const initial: StoreSnapshot = emptyStore();
  let spec: StoreSpec | undefined;
  let keep = false;
  try {
    spec = await createSharedStore(o.backend, initial, dir, { durable: o.durable, pgUrl: o.pgUrl });
    await o.afterCreate?.(spec);
    const histDir = join(dir, 'history');
    mkdirSync(histDir);
    const slots: Slot[] = Array.from({ length: o.processes }, (_, i) => ({ index: i, files: [], kills: plan.filter((k) => k.slot === i), client: 0, fired: false, invokes: 0, done: false, stderr: '' }));
    let nextClient = 1;
    let incarnations = 0;
    const counts = { delivered: 0, async: 0, inWrite: 0, points: [] as string[] };
    const t1 = performance.now();
    await new Promise<void>((resolve, reject) => {
      let ready = 0;
      let finished = false;
      // A limit on the whole phase only when asked for; otherwise the run fails only when no worker
      // has made progress (started, made a call, exited) for stallMs: a loaded machine is slow, not stuck.
      const deadline = o.timeoutMs === undefined ? undefined : setTimeout(() => fail(new HarnessError(`the concurrent phase did not finish within ${o.timeoutMs! / 1000} s`)), o.timeoutMs);
      const stallMs = o.stallMs ?? 60_000;
      let lastProgress = performance.now();
      const progressed = (): void => void (lastProgress = performance.now());
      const watchdog = setInterval(() => {
        if (performance.now() - lastProgress > stallMs) fail(new HarnessError(`no worker made progress for ${stallMs / 1000} s`));
      }, Math.min(1000, stallMs));
      const fail = (e: Error): void => {
        if (finished) return;
        finished = true;
        clearTimeout(deadline);
        clearInterval(watchdog);
        killAll();
        reject(e);
      };
      const maybeDone = (): void => {
        if (!finished && slots.every((s) => s.done)) {
          finished = true;
          clearTimeout(deadline);
          clearInterval(watchdog);
          resolve();
        }
      };
      /** Moves an undelivered kill to a slot that is still running, as an async kill on its next call. */
      const rearm = (k: KillPlan): void => {
        const target = slots.find((s) => !s.done && s.child !== undefined && s.armed === undefined);
        if (target === undefined) return;
        target.armed = { ...k, slot: target.index, kind: 'async', afterInvokes: target.invokes + 1, when: undefined };
        target.fired = false;
      };
      const start = (s: Slot, barrier: boolean): void => {
        s.client = nextClient++;
        incarnations++;
        const k = s.kills[0];
        s.armed = k?.kind === 'async' ? k : undefined;
        s.fired = false;
        s.invokes = 0;
        s.stderr = '';
        const cfg: WorkerConfig = {
          slot: s.index,
          client: s.client,
          seed: o.seed,
          store: spec!,
          variant: variantName,
          ops: o.ops,
          dir: histDir,
          previous: [...s.files],
          lostReplies: o.lostReplies ?? 0,
          mix: o.mix,
          thinkMs: o.thinkMs,
          plant: o.plant,
          barrier,
          ...(k?.kind === 'in-write' ? { selfKill: { afterInvokes: k.afterInvokes, when: k.when ?? 'before-publish' } } : {}),
        };
        s.files.push(historyPath(histDir, s.index, s.client));
        const child = spawnWorker(WORKER, [JSON.stringify(cfg)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        s.child = child;
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (d: string) => {
          s.stderr = (s.stderr + d).slice(-4000);
        });
        child.on('message', (m: WorkerMessage) => {
          progressed();
          if (m.t === 'ready') {
            if (++ready === o.processes) for (const x of slots) x.child?.send({ t: 'go' });
          } else if (m.t === 'invoke') {
            s.invokes = m.n;
            const a = s.armed;
            if (a !== undefined && !s.fired && m.n >= a.afterInvokes) {
              s.fired = true;
              setTimeout(() => child.kill('SIGKILL'), a.delayMs);
            }
          }
        });
        child.on('error', (e) => fail(new HarnessError(`worker slot ${s.index}: cannot start (${e.message})`)));
        child.on('exit', (code, signal) => {
          progressed();
          s.child = undefined;
          if (finished) return;
          if (signal === 'SIGKILL') {
            const self = /self-kill at (\S+)/.exec(s.stderr);
            const armed = s.armed;
            s.armed = undefined;
            if (self !== null) {
              s.kills.shift(); // the in-write kill at the head of the queue
              counts.inWrite++;
              counts.points.push(self[1]);
              if (armed !== undefined && !s.kills.includes(armed)) s.kills.unshift(armed); // a re-armed kill that did not fire
              log(`  killed slot ${s.index} (client ${s.client}) in a write at ${self[1]}; restarting`);
            } else if (s.fired && armed !== undefined) {
              if (s.kills[0] === armed) s.kills.shift();
              counts.async++;
              log(`  killed slot ${s.index} (client ${s.client}) after ${s.invokes} calls; restarting`);
            } else {
              fail(new HarnessError(`worker slot ${s.index} (client ${s.client}) was killed by a SIGKILL the harness did not send:\n${s.stderr.trim()}`));
              return;
            }
            counts.delivered++;
            start(s, false);
            return;
          }
          if (code === 0) {
            s.done = true;
            // Kills this slot could not take (it finished first) go to a slot still running.
            const left = s.kills.splice(0);
            if (s.armed !== undefined && !left.includes(s.armed)) left.push(s.armed);
            s.armed = undefined;
            for (const k of left) rearm(k);
            maybeDone();
            return;
          }
          fail(new HarnessError(`worker slot ${s.index} (client ${s.client}) exited with ${signal ?? `code ${code}`}:\n${s.stderr.trim()}`));
        });
      };
      for (const s of slots) start(s, true);
    });
    const runSeconds = (performance.now() - t1) / 1000;
    // The final read: a fresh client (id 0) reads the ref after every worker has exited.
    const verifyFile = join(histDir, 'verify.jsonl');
    const fresh = await openStore(spec);
    let parsed: ParsedGroveHistory;
    let lin: LinResult;
    let store: StoreCheck;
    const meta = formatGroveRecord({ type: 'meta', variant: variantName, store: initial });
    const history = join(dir, 'merged.jsonl');
    try {
      const writer = new GroveHistoryWriter(verifyFile);
      try {
        await recordingRemote(fresh, { client: 0, writer }).readRef('main');
      } finally {
        writer.close();
      }
      const sources = readdirSync(histDir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => ({ file: join(histDir, f), text: readFileSync(join(histDir, f), 'utf8') }));
      const events = sources.flatMap((x) => x.text.split('\n').filter((l) => l.trim() !== ''));
      writeFileSync(history, [meta, ...byTime(events)].join('\n') + '\n');
      parsed = parseGroveFiles([{ file: 'meta', text: meta }, ...sources]);
      lin = checkLinearizable(groveLinModel(parsed.store, variant), parsed.operations, { timeoutMs: o.linTimeoutMs ?? 60_000 });
      store = await checkStore(fresh, parsed);
    } finally {
      await fresh.close();
    }
    const acks = store.snapshot === undefined ? { acked: parsed.acks.length, inRef: 0, informedRemovals: 0, lost: [] } : checkAcks(parsed, store.snapshot, variant);
    const reasons: string[] = [];
    let witness: string[] | undefined;
    if (lin.outcome === 'not-linearizable') {
      const p = lin.partial[0];
      const row = (id: number): string => {
        const op = parsed.operations[id];
        return `client ${op.client} ${describeGroveOp(op.input, op.output)} (${parsed.files[id].split('/').pop()}:${parsed.lines[id].invoke})`;
      };
      witness = [
        `${p.longest.length} calls linearize, reaching ${p.stateAfter}; none of these can come next:`,
        ...p.stuckAt.map((id) => `  ${row(id)}`),
        ...(p.longest.length > 0 ? ['the linearized prefix ends with:', ...p.longest.slice(-4).map((id) => `  ${row(id)}`)] : []),
      ];
      reasons.push(`L: the merged history of ${parsed.operations.length} calls is not linearizable`);
    }
    if (lin.outcome === 'unknown') reasons.push(`L: the linearizability check ran out of time (${lin.stats.seconds.toFixed(1)} s)`);
    for (const l of acks.lost) reasons.push(`G6: ${l.detail}`);
    for (const p of store.problems) reasons.push(`store: ${p}`);
    const verdict: StressVerdict = lin.outcome === 'not-linearizable' || acks.lost.length > 0 || !store.ok ? 'violation' : lin.outcome === 'unknown' ? 'inconclusive' : 'pass';
    keep = o.keep === 'always' || (o.keep !== 'never' && verdict !== 'pass');
    const { snapshot: _s, ...storeOut } = store;
    return {
      verdict,
      backend: o.backend,
      variant: variantName,
      seed: o.seed,
      ...(o.plant !== undefined ? { plant: o.plant } : {}),
      processes: o.processes,
      incarnations,
      opsPerProcess: o.ops,
      operations: parsed.operations.length,
      pending: parsed.operations.filter((x) => x.ret === Infinity).length,
      clientOps: parsed.operations.filter((x) => x.input.op === 'read' && x.client !== 0).length,
      kills: { planned: plan.length, ...counts },
      lostReplies: parsed.notes.filter((n) => n === 'reply lost').length,
      lostReplyRate: o.lostReplies ?? 0,
      killedCalls: parsed.notes.filter((n) => n === 'killed').length,
      lin: { outcome: lin.outcome, seconds: lin.stats.seconds, states: lin.stats.statesExplored, ...(witness ? { witness } : {}) },
      acks,
      store: storeOut,
      runSeconds,
      activeSeconds: activeSpan(parsed),
      seconds: (performance.now() - t0) / 1000,
      history,
      location: describeStore(spec),
      kept: keep,
      reasons,
    };
  } catch (e) {
    // The harness itself failed (a worker died on its own, a timeout, a full disk): keep the evidence.
    keep = true;
    throw new HarnessError(e instanceof HarnessError ? e.message : `stress run failed: ${e instanceof Error ? e.message : String(e)}`, { kept: dir, cause: e });
  } finally {
    await stopAll();
    if (!keep) {
      if (spec !== undefined) await dropSharedStore(spec).catch(() => undefined);
      await removeDir(dir);
    }
  }
}

/** The report as text: verdict, figures, survival counts, and why it failed. */
export function formatStressReport(r: StressReport): string {
  const out: string[] = [];
  const verdict = r.verdict === 'pass' ? 'PASS' : r.verdict === 'violation' ? 'VIOLATION' : 'INCONCLUSIVE';
  out.push(
    `${verdict}: ${r.backend}, ${r.processes} processes (${r.incarnations} incarnations), ${r.operations} calls (${r.clientOps} client ops, ${r.pending} pending), ` +
      `variant ${r.variant}${r.plant ? `, plant ${r.plant}` : ''}, seed ${r.seed}, ${r.runSeconds.toFixed(1)} s run + ${r.lin.seconds.toFixed(2)} s check`,
  );
  out.push(`  linearizable: ${r.lin.outcome} (${r.lin.states} states)`);
  out.push(`  survived: ${r.kills.delivered}/${r.kills.planned} kills (${r.kills.async} async, ${r.kills.inWrite} in a write${r.kills.points.length > 0 ? `: ${r.kills.points.join(', ')}` : ''}), ${r.lostReplies} lost replies, ${r.killedCalls} calls cut by a kill`);
  out.push(`  acks: ${r.acks.acked} acknowledged, ${r.acks.inRef} in main, ${r.acks.informedRemovals} removed by an informed force push, ${r.acks.lost.length} lost`);
  out.push(`  store: ${r.store.ok ? 'reads back whole' : `${r.store.problems.length} problem(s)`} (${r.location}${r.kept ? ', kept' : ''})`);
  for (const w of r.lin.witness ?? []) out.push(`  ${w}`);
  for (const x of r.reasons) out.push(`  ${x}`);
  if (r.kept) out.push(`  re-check: grove-check lin --format grove ${r.history}`);
  out.push(`  re-run:   grove-check stress --backend ${r.backend} --processes ${r.processes} --ops ${r.opsPerProcess} --kills ${r.kills.planned} --lost-replies ${r.lostReplyRate} --seed ${r.seed} --variant ${r.variant}${r.plant ? ` --plant ${r.plant}` : ''}`);
  return out.join('\n');
}
