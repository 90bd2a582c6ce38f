/**
 * What a user hands to `simulate`: a server factory, a client factory, the operations a workload is
 * drawn from, and an adapter that reads state for the built-in properties. The user's code reaches
 * the outside world only through {@link Io}; every await on it is a scheduling point the world owns.
 *
 * Rules for code under simulation (violations are detected and named, see `guard.ts`):
 * - time comes from `io.clock.now()`, timers from `io.timers`, randomness from `io.random()`;
 * - the network is `io.request` (a fetch-like call with a timeout) or `io.send`/`io.onMessage`;
 * - durable state is `io.storage`: reads see every write, a crash keeps only what `flush()` made durable;
 * - no work may outlive the run (an unawaited call into `io` after the run ended is reported).
 */

/** A virtual clock in milliseconds, starting at 0. */
export interface Clock {
  now(): number;
}

/** Timers that fire in virtual time. Handles are plain numbers. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: number): void;
  /** Resolves after `ms` of virtual time. */
  sleep(ms: number): Promise<void>;
}

/** Durable key-value storage. Writes are visible at once and durable after `flush()` resolves. */
export interface Storage {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Makes every write so far durable; a scheduling point (a crash may come first). */
  flush(): Promise<void>;
}

/** The reply of a request: `ok: false` is an error the server (or a fault) reported. */
export type Reply<T = unknown> = { ok: true; body: T } | { ok: false; error: string };

/** The I/O a simulated actor gets. Values crossing the network are deep-copied (JSON). */
export interface Io {
  /** `c1`, `c2`, … for clients, `server` for the server. */
  readonly name: string;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly storage: Storage;
  /** A deterministic random number in [0, 1) from the run's seed. */
  random(): number;
  /** A fetch-like call to the server; rejects with `Error('timeout')` after `timeoutMs` of virtual time. */
  request<T = unknown>(body: unknown, opts?: { timeoutMs?: number }): Promise<Reply<T>>;
  /** Fire-and-forget message to `to` (`server`, or a client's name from the server). */
  send(to: string, message: unknown): void;
  /** Registers the handler of incoming messages (one per actor; a later call replaces it). */
  onMessage(handler: (from: string, message: unknown) => void): void;
}

/** The server side: answers requests and may send messages. Never crashes in this version. */
export interface ServerInstance {
  handle?(from: string, body: unknown): Promise<Reply> | Reply;
}

/** An operation of the workload: drawn with `args(random)`, run against the current client. */
export interface OpSpec<C> {
  name: string;
  args?(random: () => number): (string | number)[];
  /** Runs the op; a mutation resolves with the id the client gave it (for exactly-once checks). */
  run(client: C, ...args: (string | number)[]): Promise<unknown>;
  /** True for ops that change data; their resolved value is the mutation id. */
  mutation?: boolean;
  /** For no-resurrection: the key an op deletes / writes, from its args. */
  deletes?(...args: (string | number)[]): string | undefined;
  writes?(...args: (string | number)[]): string | undefined;
}

/** How the built-in properties read state. Every field is optional; a property needing one skips without it. */
export interface SyncAdapter<C, S> {
  /** The data as a client sees it (JSON-serialisable; compared canonically). */
  clientView?(client: C): unknown;
  serverView?(server: S): unknown;
  /** Mutations the client holds that the server has not acknowledged. */
  pending?(client: C): number;
  /** Mutation ids the client believes the server has acknowledged. */
  acked?(client: C): (string | number)[];
  /** The mutations the server applied, in order. */
  applied?(server: S): { client: string; id: string | number }[];
}

/** A user property: returns a message when it fails. `at: 'end'` runs once at quiescence. */
export interface SimProperty<C, S> {
  id: string;
  at?: 'step' | 'end';
  check(view: { clients: Record<string, C>; server: S; now: number }): string | undefined;
}

/** Everything `simulate` needs. */
export interface SimSpec<C = any, S = any> {
  name: string;
  clients: number;
  server(io: Io): S | Promise<S>;
  client(io: Io): C | Promise<C>;
  ops: OpSpec<C>[];
  /** Ops per client in a run (default 3). */
  opsPerClient?: number;
  adapter?: SyncAdapter<C, S>;
  /** Built-in property ids to check (default: every one the adapter can feed). */
  properties?: string[];
  custom?: SimProperty<C, S>[];
  /** Virtual-time settings this system was written for (milliseconds; `simulate`'s `timing` option wins). */
  timing?: { timeoutMs?: number; lateMs?: number; partitionMs?: number; horizonMs?: number; drainMs?: number };
  /** A short label of a message for the trace (default: compact JSON). */
  describe?(message: unknown): string;
}
