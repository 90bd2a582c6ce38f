/**
 * Escape detection. Code under simulation must reach time, timers, randomness and the network only
 * through `Io`; anything else makes a run depend on the real world and breaks "same seed, same run".
 * While a run is active, the real globals are wrapped: a call made from inside an actor (known by an
 * AsyncLocalStorage context the world enters before running actor code, which follows every await) is
 * recorded as an escape naming the actor and what it used. Timers and fetch calls from an actor are
 * not performed. Calls from outside actors (the test runner, the world itself) pass through.
 *
 * Real asynchronous work of any other kind (file system, sockets, DNS, worker messages) is caught by an
 * async hook: a resource other than a promise or a tick created inside an actor is named by its type
 * (`FSREQPROMISE`, `TCPWRAP`…). Such work could finish at any moment, including after the run.
 */
import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import net from 'node:net';

/** The actor whose code is running, as the world entered it. */
export interface ActorContext {
  actor: string;
  escapes: Escape[];
}

/** One use of the real world from inside a simulated actor. */
export interface Escape {
  actor: string;
  what: string;
  hint: string;
}

/** Misuse of the harness: the code under simulation escaped it. Not a violation of a property. */
export class SimulationEscape extends Error {
  override readonly name = 'SimulationEscape';
  constructor(readonly escapes: Escape[]) {
    const e = escapes[0];
    super(
      `actor '${e.actor}' escaped the simulation: ${e.what} (${e.hint})` +
        (escapes.length > 1 ? `, and ${escapes.length - 1} more escape${escapes.length > 2 ? 's' : ''}` : ''),
    );
  }
}

export const actorContext = new AsyncLocalStorage<ActorContext>();

/** The real setImmediate, captured before any patching: the world's own microtask drain uses it. */
export const realSetImmediate = globalThis.setImmediate;

/** Async resource types that stay inside the simulation (promise jobs and ticks drain every step). */
const INSIDE = new Set(['PROMISE', 'TickObject', 'Microtask', 'Timeout', 'Immediate']);

const ioHook = createHook({
  init(_id, type) {
    if (!INSIDE.has(type)) record(`real asynchronous I/O (${type})`, 'use io.request, io.send or io.storage');
  },
});

let installed = 0;
let restore: (() => void) | undefined;

function record(what: string, hint: string): boolean {
  const ctx = actorContext.getStore();
  if (ctx === undefined) return false;
  if (!ctx.escapes.some((e) => e.actor === ctx.actor && e.what === what)) ctx.escapes.push({ actor: ctx.actor, what, hint });
  return true;
}

/** Wraps the globals (reference-counted: nested runs share one installation). Returns the undo. */
export function installGuards(): () => void {
  if (installed++ === 0) {
    const g = globalThis as Record<string, unknown>;
    const saved = {
      setTimeout: g.setTimeout,
      setInterval: g.setInterval,
      setImmediate: g.setImmediate,
      fetch: g.fetch,
      now: Date.now,
      random: Math.random,
      connect: net.Socket.prototype.connect,
    };
    const timer = (name: string, real: unknown) =>
      function (this: unknown, ...args: unknown[]) {
        if (record(`real ${name}`, 'use io.timers')) return { ref() {}, unref() {}, hasRef: () => false, [Symbol.toPrimitive]: () => 0 };
        return (real as (...a: unknown[]) => unknown).apply(this, args);
      };
    g.setTimeout = timer('setTimeout', saved.setTimeout);
    g.setInterval = timer('setInterval', saved.setInterval);
    g.setImmediate = timer('setImmediate', saved.setImmediate);
    if (typeof saved.fetch === 'function') {
      g.fetch = function (this: unknown, ...args: unknown[]) {
        if (record('real fetch', 'use io.request')) return new Promise(() => {});
        return (saved.fetch as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
    Date.now = () => {
      record('Date.now', 'use io.clock.now()');
      return saved.now();
    };
    Math.random = () => {
      record('Math.random', 'use io.random()');
      return saved.random();
    };
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      if (record('a real socket', 'use io.request or io.send')) throw new Error('grove-check sim: real network used inside a simulated actor');
      return (saved.connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    ioHook.enable();
    restore = () => {
      ioHook.disable();
      g.setTimeout = saved.setTimeout;
      g.setInterval = saved.setInterval;
      g.setImmediate = saved.setImmediate;
      if (saved.fetch !== undefined) g.fetch = saved.fetch;
      Date.now = saved.now;
      Math.random = saved.random;
      net.Socket.prototype.connect = saved.connect;
    };
  }
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    if (--installed === 0) restore?.();
  };
}

/** Records that actor code used `io` after its run ended (unawaited work outlived the run). */
export function recordLateUse(escapes: Escape[], actor: string, what: string): void {
  if (!escapes.some((e) => e.actor === actor && e.what.startsWith('io.'))) {
    escapes.push({ actor, what: `${what} after the run ended`, hint: 'unawaited work outlived the run; await it or cancel it' });
  }
}
