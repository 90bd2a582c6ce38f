/**
 * The simulated world: one run of the user's real client and server code under a scheduler that
 * owns every point where that code waits.
 *
 * How it stays deterministic. Actor code only waits on promises the world creates (a reply, a timer,
 * a flush). After each step the world drains the microtask queue completely (one hop through the real
 * `setImmediate`: Node runs every pending promise job before the next macrotask), so when it looks at
 * the state again every actor is blocked on simulated I/O. It then lists what can happen next in a
 * fixed order (deliveries by message id, flushes, workload ops by client, the next timer; faults
 * last) and asks the chooser for an index. The same seed and the same choices give the same run, bit
 * for bit: V8 runs promise jobs in a fixed order, and everything else comes from seeded streams.
 *
 * Virtual time. Messages and flushes take no time; the clock moves only when nothing but timers is
 * left (network latency is far below any timeout), so a timeout fires before a reply only when a
 * fault made it so. Workload ops compete with timers, so ops land between retries.
 *
 * Phases. While ops remain, and until the network and the disks are quiet after the last op, faults
 * may be injected within their budgets. Then the world settles: partitions heal (held messages still
 * arrive late, at their time), no more faults, and the run goes on until nothing is left to do or
 * `drainMs` of virtual time have passed; the end properties are checked there.
 */
import { VirtualClock } from './clock.ts';
import type { FaultBudget, FaultKind } from './faults.ts';
import { FAULT_KINDS, faultOpName } from './faults.ts';
import { actorContext, installGuards, realSetImmediate, recordLateUse, type ActorContext, type Escape } from './guard.ts';
import { Network, nextRelease, type Message } from './network.ts';
import { checkProperties, type Failure, type OpRecord, type PropertyView } from './properties.ts';
import { prng, streamSeed } from './random.ts';
import type { Io, Reply, ServerInstance, SimSpec } from './spec.ts';
import { DurableStore } from './storage.ts';
import { arg, describeMessage, line, type TraceEntry } from './trace.ts';
import type { Result, Row } from '../scenarios/notation/types.ts';

/** Virtual-time settings of a run (milliseconds). */
export interface Timing {
  /** Default `io.request` timeout. */
  timeoutMs: number;
  /** How long `timeout-late` holds a message. */
  lateMs: number;
  /** How long a partition lasts. */
  partitionMs: number;
  /** Faults stop and the world settles once the clock passes this, even with ops left. */
  horizonMs: number;
  /** The bound within which pending queues must drain after the faults heal. */
  drainMs: number;
}

/** The timing a run gets unless the spec or the options say otherwise. */
export const DEFAULT_TIMING: Timing = { timeoutMs: 1000, lateMs: 1500, partitionMs: 2000, horizonMs: 20_000, drainMs: 3000 };

/** One generated workload op: which client runs which op with which arguments. */
export interface WorkItem {
  client: string;
  op: number;
  args: (string | number)[];
}

/** Something that can happen next. Index 0 of the enabled list is never a fault. */
export interface Choice {
  /** Names the choice independently of its index (`d:c1>server`, `i:c2`, `t`, `x:lost-reply:server>c1`), for shrinking. */
  key: string;
  actor: string;
  fault?: FaultKind;
  apply: () => void;
}

/** Picks the index of the next choice. `step` counts from 0. */
export interface Chooser {
  choose(enabled: readonly Choice[], step: number): number;
}

/** What one run did. */
export interface RunResult {
  failure?: Failure & { step: number };
  escapes: Escape[];
  /** The index chosen at every step. */
  path: number[];
  /** The key of the choice at every step. */
  keys: string[];
  /** Steps whose choice was a fault. */
  faultSteps: number[];
  trace: TraceEntry[];
  stoppedBy?: 'max-steps';
  faultsUsed: FaultBudget;
  /** Virtual time at the end. */
  now: number;
}

interface Actor {
  name: string;
  incarnation: number;
  instance: unknown;
  ready: boolean;
  store: DurableStore;
  handler?: (from: string, message: unknown) => void;
  calls: Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void; timer: number }>;
  flushes: (() => void)[];
  ctx: ActorContext;
  /** Workload ops left, and the record of the op now running. */
  queue: WorkItem[];
  running?: OpRecord;
  random: () => number;
}

/** One run. Create, `await run()`, read the result. Not reusable. */
export class World<C, S> {
  private readonly clock = new VirtualClock();
  private readonly net = new Network();
  private readonly actors = new Map<string, Actor>();
  private readonly clientNames: string[];
  private readonly escapes: Escape[] = [];
  private readonly trace: TraceEntry[] = [];
  private readonly ops: OpRecord[] = [];
  private readonly accepted: Record<string, (string | number)[]> = {};
  private readonly ackedEver: Record<string, Set<string>> = {};
  private readonly used: FaultBudget = {};
  private readonly path: number[] = [];
  private readonly keys: string[] = [];
  private readonly faultSteps: number[] = [];
  private step = 0;
  private nextCall = 1;
  private settling = false;
  private settleStart = 0;
  private closed = false;
  private failure?: Failure & { step: number };
  private server?: S;

  constructor(
    private readonly spec: SimSpec<C, S>,
    private readonly seed: number,
    work: readonly WorkItem[],
    private readonly budget: FaultBudget,
    private readonly chooser: Chooser,
    private readonly timing: Timing,
    private readonly maxSteps: number,
    private readonly selected: readonly string[],
  ) {
    this.clientNames = Array.from({ length: spec.clients }, (_, i) => `c${i + 1}`);
    for (const name of ['server', ...this.clientNames]) {
      this.actors.set(name, {
        name,
        incarnation: 0,
        instance: undefined,
        ready: false,
        store: new DurableStore(),
        calls: new Map(),
        flushes: [],
        ctx: { actor: name, escapes: this.escapes },
        queue: work.filter((w) => w.client === name),
        random: prng(streamSeed(seed, `io:${name}:0`)),
      });
      if (name !== 'server') {
        this.accepted[name] = [];
        this.ackedEver[name] = new Set();
      }
    }
  }

  /** Runs to the end: quiescence, the drain bound, a failed property, an escape or `maxSteps`. */
  async run(): Promise<RunResult> {
    const undo = installGuards();
    let stoppedBy: RunResult['stoppedBy'];
    try {
      this.start('server');
      await this.drain();
      for (const c of this.clientNames) this.start(c);
      for (;;) {
        await this.drain();
        if (this.escapes.length > 0 || this.failure !== undefined) break;
        this.sample();
        const f = this.check(false);
        if (f !== undefined) {
          this.failure = { ...f, step: this.step };
          break;
        }
        if (!this.settling && this.shouldSettle()) this.settle();
        const enabled = this.enabled();
        if (enabled.length === 0) break;
        if (this.step >= this.maxSteps) {
          stoppedBy = 'max-steps';
          break;
        }
        const i = this.chooser.choose(enabled, this.step);
        const choice = enabled[Math.min(Math.max(0, i), enabled.length - 1)];
        this.path.push(enabled.indexOf(choice));
        this.keys.push(choice.key);
        if (choice.fault !== undefined) {
          this.faultSteps.push(this.step);
          this.used[choice.fault] = (this.used[choice.fault] ?? 0) + 1;
        }
        this.step++;
        choice.apply();
      }
      if (this.failure === undefined && stoppedBy === undefined && this.escapes.length === 0) {
        const f = this.check(true);
        if (f !== undefined) this.failure = { ...f, step: this.step };
      }
      this.closed = true;
      await this.drain();
      await this.drain();
    } finally {
      undo();
    }
    return {
      failure: this.failure,
      escapes: [...this.escapes],
      path: [...this.path],
      keys: [...this.keys],
      faultSteps: [...this.faultSteps],
      trace: this.trace,
      stoppedBy,
      faultsUsed: { ...this.used },
      now: this.clock.now,
    };
  }

  // ---- the scheduler ---------------------------------------------------------------------------

  private drain(): Promise<void> {
    return new Promise((resolve) => realSetImmediate(resolve));
  }

  private shouldSettle(): boolean {
    if (this.clock.now >= this.timing.horizonMs) return true;
    const opsDone = this.clientNames.every((c) => {
      const a = this.actor(c);
      return a.queue.length === 0 && a.running === undefined;
    });
    const quiet = this.net.ready(this.clock.now).length === 0 && [...this.actors.values()].every((a) => a.flushes.length === 0);
    return opsDone && quiet;
  }

  private settle(): void {
    this.settling = true;
    this.settleStart = this.clock.now;
    for (const c of [...this.net.partitions.keys()]) this.heal(c);
  }

  private enabled(): Choice[] {
    const out: Choice[] = [];
    const ready = this.net.ready(this.clock.now);
    for (const { link, queue } of ready) out.push({ key: `d:${link}`, actor: queue[0].to, apply: () => this.deliver(queue[0], 'normal') });
    for (const a of this.actors.values()) if (a.flushes.length > 0) out.push({ key: `f:${a.name}`, actor: a.name, apply: () => this.flush(a) });
    for (const c of this.clientNames) {
      const a = this.actor(c);
      if (a.ready && a.running === undefined && a.queue.length > 0 && !this.settling) out.push({ key: `i:${c}`, actor: c, apply: () => this.invoke(a) });
    }
    const busy = ready.length > 0 || [...this.actors.values()].some((a) => a.flushes.length > 0);
    if (!busy) {
      const t = this.nextTime();
      if (t !== undefined && (!this.settling || t.due <= this.settleStart + this.timing.drainMs)) out.push({ key: 't', actor: t.actor, apply: t.apply });
    }
    if (out.length === 0 || this.settling) return out;
    const can = (k: FaultKind) => (this.used[k] ?? 0) < (this.budget[k] ?? 0);
    const fault = (kind: FaultKind, target: string, actor: string, apply: () => void) => {
      if (can(kind)) out.push({ key: `x:${kind}:${target}`, actor, fault: kind, apply });
    };
    for (const kind of FAULT_KINDS) {
      for (const { link, queue } of ready) {
        const m = queue[0];
        const up = m.to === 'server';
        if (kind === 'lost-request' && up) fault(kind, link, m.from, () => this.drop(m, kind));
        if (kind === 'lost-reply' && !up && m.from === 'server') fault(kind, link, m.to, () => this.drop(m, kind));
        if (kind === 'applied-error' && m.kind === 'request') fault(kind, link, m.to, () => this.deliver(m, 'applied-error'));
        if (kind === 'timeout-late') fault(kind, link, m.to, () => this.hold(m));
        if (kind === 'reorder' && queue.length > 1) fault(kind, link, m.to, () => this.deliver(queue[1], 'reorder'));
        if (kind === 'duplicate') fault(kind, link, m.to, () => this.deliver(m, 'duplicate'));
      }
      for (const c of this.clientNames) {
        const a = this.actor(c);
        if (!a.ready) continue;
        if (kind === 'crash-after-send' && this.net.from(c).length > 0) fault(kind, c, c, () => this.crash(a, kind));
        if (kind === 'crash-before-flush' && a.store.unflushed > 0) fault(kind, c, c, () => this.crash(a, kind));
        if (kind === 'partition' && !this.net.partitions.has(c)) fault(kind, c, c, () => this.partition(c));
      }
    }
    return out;
  }

  /** The next timer or held message, whichever is due first. */
  private nextTime(): { due: number; actor: string; apply: () => void } | undefined {
    const t = this.clock.peek();
    const release = nextRelease(this.net, this.clock.now);
    if (release !== undefined && (t === undefined || release < t.due)) {
      return {
        due: release,
        actor: 'net',
        apply: () => {
          this.clock.now = release;
        },
      };
    }
    if (t === undefined) return undefined;
    return {
      due: t.due,
      actor: t.owner,
      apply: () => {
        const fired = this.clock.pop();
        fired?.fire();
      },
    };
  }

  // ---- actors ----------------------------------------------------------------------------------

  private actor(name: string): Actor {
    const a = this.actors.get(name);
    if (a === undefined) throw new Error(`no actor '${name}'`);
    return a;
  }

  private record(e: Omit<TraceEntry, 'step' | 'time'>): void {
    this.trace.push({ step: this.step, time: this.clock.now, ...e });
  }

  private call(name: string, op: string, args: string[], result: Result): Row {
    return { kind: 'call', actor: name, op: { name: op, args }, result };
  }

  /** Runs `fn` as actor code: escapes are attributed to the actor, throws become a failure. */
  private inActor<T>(a: Actor, fn: () => T): T | undefined {
    try {
      return actorContext.run(a.ctx, fn);
    } catch (e) {
      this.fail('no-uncaught-error', `${a.name} threw: ${line(e instanceof Error ? e.message : String(e))}`);
      return undefined;
    }
  }

  private fail(property: string, message: string): void {
    if (this.failure === undefined) this.failure = { property, message, step: this.step };
  }

  private start(name: string): void {
    const a = this.actor(name);
    const incarnation = a.incarnation;
    const io = this.io(a, incarnation);
    const factory = name === 'server' ? this.spec.server : this.spec.client;
    const made = this.inActor(a, () => Promise.resolve().then(() => factory(io)));
    made?.then(
      (instance) => {
        if (a.incarnation !== incarnation) return;
        a.instance = instance;
        a.ready = true;
        if (name === 'server') this.server = instance as S;
      },
      (e: unknown) => this.fail('no-uncaught-error', `${name}'s factory failed: ${line(e instanceof Error ? e.message : String(e))}`),
    );
  }

  private io(a: Actor, incarnation: number): Io {
    const live = (what: string): boolean => {
      if (this.closed) {
        recordLateUse(this.escapes, a.name, `io.${what}`);
        return false;
      }
      return a.incarnation === incarnation;
    };
    const never = new Promise<never>(() => {});
    return {
      name: a.name,
      clock: { now: () => this.clock.now },
      random: () => a.random(),
      timers: {
        setTimeout: (fn, ms) => {
          if (!live('timers.setTimeout')) return 0;
          return this.clock.set(a.name, incarnation, ms, () => {
            this.record({ kind: 'timer', actor: a.name, text: 'timer', row: this.call(a.name, 'Timer', [`@${this.clock.now}`], { kind: 'ok' }) });
            this.inActor(a, fn);
          });
        },
        clearTimeout: (h) => {
          if (live('timers.clearTimeout')) this.clock.clear(h);
        },
        sleep: (ms) => {
          if (!live('timers.sleep')) return never;
          return new Promise<void>((resolve) => {
            this.clock.set(a.name, incarnation, ms, () => {
              this.record({ kind: 'timer', actor: a.name, text: 'sleep', row: this.call(a.name, 'Timer', [`@${this.clock.now}`], { kind: 'ok' }) });
              resolve();
            });
          });
        },
      },
      storage: {
        get: <T>(key: string) => a.store.get(key) as T | undefined,
        set: (key, value) => {
          if (live('storage.set')) a.store.set(key, value);
        },
        delete: (key) => {
          if (live('storage.delete')) a.store.delete(key);
        },
        flush: () => {
          if (!live('storage.flush')) return never;
          return new Promise<void>((resolve) => a.flushes.push(resolve));
        },
      },
      request: <T>(body: unknown, opts?: { timeoutMs?: number }) => {
        if (!live('request')) return never as Promise<Reply<T>>;
        const call = this.nextCall++;
        this.post(a, 'server', 'request', body, call);
        return new Promise<Reply<T>>((resolve, reject) => {
          const timer = this.clock.set(a.name, incarnation, opts?.timeoutMs ?? this.timing.timeoutMs, () => {
            a.calls.delete(call);
            this.record({ kind: 'timer', actor: a.name, text: `timeout of call ${call}`, row: this.call(a.name, 'Timeout', [`call${call}`, `@${this.clock.now}`], { kind: 'ok' }) });
            reject(new Error('timeout'));
          });
          a.calls.set(call, { resolve: resolve as (r: Reply) => void, reject, timer });
        });
      },
      send: (to, message) => {
        if (!live('send')) return;
        if (!this.actors.has(to)) throw new Error(`io.send: no actor '${to}' (actors: ${[...this.actors.keys()].join(', ')})`);
        this.post(a, to, 'send', message);
      },
      onMessage: (handler) => {
        if (live('onMessage')) a.handler = handler;
      },
    };
  }

  private post(a: Actor, to: string, kind: Message['kind'], body: unknown, call?: number, toIncarnation?: number): void {
    const payload = JSON.stringify(body ?? null);
    const label = arg(this.spec.describe?.(JSON.parse(payload)) ?? describeMessage(JSON.parse(payload)));
    const m = this.net.post({ from: a.name, to, kind, payload, label, call, toIncarnation: kind === 'request' ? a.incarnation : toIncarnation, sentStep: this.step, sentAt: this.clock.now });
    if (m === undefined) {
      this.record({ kind: 'drop', actor: a.name, peer: to, text: `${label} lost in the partition`, fault: 'partition' });
      return;
    }
    this.record({ kind: 'send', actor: a.name, peer: to, msg: m.id, text: label });
  }

  private deliver(m: Message, how: 'normal' | 'applied-error' | 'reorder' | 'duplicate'): void {
    if (how !== 'duplicate') this.net.take(m);
    const to = this.actor(m.to);
    const name = m.kind === 'request' ? 'Request' : m.kind === 'reply' ? 'Reply' : 'Recv';
    const fault = how === 'normal' ? undefined : how;
    const body = JSON.parse(m.payload) as unknown;
    if (m.kind === 'reply') {
      const pending = to.incarnation === m.toIncarnation ? to.calls.get(m.call ?? -1) : undefined;
      this.record({ kind: 'deliver', actor: m.to, peer: m.from, msg: m.id, fault, text: m.label, row: this.call(m.to, name, [m.from, m.label], pending === undefined ? { kind: 'err', message: 'late, ignored' } : { kind: 'ok' }) });
      if (pending === undefined) return;
      to.calls.delete(m.call ?? -1);
      this.clock.clear(pending.timer);
      pending.resolve(body as Reply);
      return;
    }
    const result = how === 'applied-error' ? ({ kind: 'err', message: 'applied, error reply' } as const) : ({ kind: 'ok' } as const);
    this.record({ kind: 'deliver', actor: m.to, peer: m.from, msg: m.id, fault, text: m.label, row: this.call(m.to, how === 'normal' ? name : faultOpName(how), [m.from, m.label], result) });
    if (m.kind === 'send') {
      const h = to.handler;
      if (h !== undefined) this.inActor(to, () => h(m.from, body));
      return;
    }
    const server = this.server as ServerInstance | undefined;
    const handled = this.inActor(to, () => Promise.resolve().then(() => (server?.handle === undefined ? ({ ok: false, error: 'server has no handle()' } as Reply) : server.handle(m.from, body))));
    handled?.then(
      (reply: Reply) => this.post(to, m.from, 'reply', how === 'applied-error' ? { ok: false, error: 'internal error' } : reply, m.call, m.toIncarnation),
      (e: unknown) => this.post(to, m.from, 'reply', { ok: false, error: line(e instanceof Error ? e.message : String(e)) }, m.call, m.toIncarnation),
    );
  }

  private drop(m: Message, kind: FaultKind): void {
    this.net.take(m);
    this.record({ kind: 'drop', actor: m.to, peer: m.from, msg: m.id, fault: kind, text: m.label, row: this.call('net', faultOpName(kind), [m.from, m.to, m.label], { kind: 'ok' }) });
  }

  private hold(m: Message): void {
    m.heldUntil = this.clock.now + this.timing.lateMs;
    this.record({ kind: 'fault', actor: m.to, peer: m.from, msg: m.id, fault: 'timeout-late', text: m.label, row: this.call('net', 'TimeoutLate', [m.from, m.to, m.label, `until@${m.heldUntil}`], { kind: 'ok' }) });
  }

  private flush(a: Actor): void {
    const waiting = a.flushes;
    a.flushes = [];
    a.store.flush();
    this.record({ kind: 'flush', actor: a.name, text: 'flush', row: this.call(a.name, 'Flush', [], { kind: 'ok' }) });
    for (const w of waiting) w();
  }

  private crash(a: Actor, kind: FaultKind): void {
    const lost = a.store.crash();
    a.incarnation++;
    a.random = prng(streamSeed(this.seed, `io:${a.name}:${a.incarnation}`));
    this.clock.clearOwner(a.name);
    a.calls.clear();
    a.flushes = [];
    a.handler = undefined;
    a.instance = undefined;
    a.ready = false;
    const text = kind === 'crash-before-flush' ? `${lost} unflushed write${lost === 1 ? '' : 's'} lost` : 'crash with a message in flight';
    this.record({ kind: 'crash', actor: a.name, fault: kind, text, row: { kind: 'note', text: `${kind}: ${text}` } });
    this.record({ kind: 'crash', actor: a.name, fault: kind, text, row: { kind: 'fault', actor: a.name, fault: 'crash' } });
    if (a.running !== undefined) {
      this.record({ kind: 'complete', actor: a.name, text: '?', row: { kind: 'complete', actor: a.name, result: { kind: 'unknown' } } });
      a.running = undefined;
    }
    this.record({ kind: 'restart', actor: a.name, text: 'restart', row: { kind: 'fault', actor: a.name, fault: 'restart' } });
    this.start(a.name);
  }

  private partition(c: string): void {
    const until = this.clock.now + this.timing.partitionMs;
    this.net.partitions.set(c, until);
    for (const m of this.net.cut(c)) this.record({ kind: 'drop', actor: m.to, peer: m.from, msg: m.id, fault: 'partition', text: m.label });
    this.record({ kind: 'fault', actor: c, fault: 'partition', text: `partition until ${until}`, row: this.call('net', 'Partition', [c, `until@${until}`], { kind: 'ok' }) });
    this.clock.set('net', 0, this.timing.partitionMs, () => this.heal(c));
  }

  private heal(c: string): void {
    if (!this.net.partitions.delete(c)) return;
    this.record({ kind: 'heal', actor: c, text: 'heal', row: this.call('net', 'Heal', [c], { kind: 'ok' }) });
  }

  private invoke(a: Actor): void {
    const w = a.queue.shift();
    if (w === undefined) return;
    const op = this.spec.ops[w.op];
    const rec: OpRecord = { client: a.name, name: op.name, args: w.args, invokedStep: this.step, deletes: op.deletes?.(...w.args), writes: op.writes?.(...w.args) };
    this.ops.push(rec);
    a.running = rec;
    const opName = op.name[0].toUpperCase() + op.name.slice(1);
    this.record({ kind: 'invoke', actor: a.name, text: op.name, row: { kind: 'invoke', actor: a.name, op: { name: arg(opName), args: w.args.map((x) => arg(String(x))) } } });
    const incarnation = a.incarnation;
    const instance = a.instance as C;
    const p = this.inActor(a, () => Promise.resolve().then(() => op.run(instance, ...w.args)));
    const done = (ok: boolean, value: unknown) => {
      if (a.incarnation !== incarnation || a.running !== rec) return;
      a.running = undefined;
      rec.completedStep = this.step;
      rec.ok = ok;
      rec.value = value;
      if (ok && op.mutation === true && (typeof value === 'string' || typeof value === 'number')) this.accepted[a.name].push(value);
      const result: Row = ok
        ? { kind: 'complete', actor: a.name, result: value === undefined ? { kind: 'ok' } : { kind: 'ok', value: arg(String(value)) } }
        : { kind: 'complete', actor: a.name, result: { kind: 'err', message: line(value instanceof Error ? value.message : String(value)) } };
      this.record({ kind: 'complete', actor: a.name, text: ok ? 'ok' : 'err', row: result });
    };
    p?.then(
      (v) => done(true, v),
      (e: unknown) => done(false, e),
    );
  }

  // ---- properties ------------------------------------------------------------------------------

  private sample(): void {
    const acked = this.spec.adapter?.acked;
    if (acked === undefined) return;
    for (const c of this.clientNames) {
      const a = this.actor(c);
      if (a.ready) for (const id of acked(a.instance as C)) this.ackedEver[c].add(String(id));
    }
  }

  private check(end: boolean): Failure | undefined {
    if (this.server === undefined) return undefined;
    const view: PropertyView<C, S> = {
      clients: Object.fromEntries(this.clientNames.map((c) => [c, this.actor(c).ready ? (this.actor(c).instance as C) : undefined])),
      server: this.server,
      now: this.clock.now,
      accepted: this.accepted,
      ackedEver: this.ackedEver,
      ops: this.ops,
      drainMs: this.timing.drainMs,
    };
    return checkProperties(view, this.spec.adapter ?? {}, this.selected, this.spec.custom ?? [], end);
  }
}
