/**
 * The sync life cycle of one client operation (push, force push or pull) as an xstate v5 state
 * machine. Each state that talks to the remote invokes exactly one remote primitive (a promise actor),
 * so a scheduler that gates remote calls sees the protocol step by step:
 *
 * ```
 * idle --SYNC--> reading --push--> appending --Ok--> confirming --Ok--> done (acknowledged)
 *                   |                 |                  |
 *                   |            conflict/missing       Err
 *                   |                 v                  v
 *                   +--force-push--> branching <---------+
 *                   |                 |Ok        |Err
 *                   +--pull--> done   v          v
 *                                   forcing --Ok--> done (acknowledged)
 *                                     |Err
 *                                     v
 *                                   failed
 * ```
 * A remote call that throws (a corrupt store, a crash) ends in `broken`, whose output carries the
 * error. The variant decides what a ref holds (`refs`), how a push is confirmed (`confirm`: Check or
 * CAS) and what Check does (`check`: read or advance); the remote implements those semantics.
 */
import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type { GroveVariant } from '../../model/grove/variant.ts';
import type { AppendOutcome, BranchOutcome, CommitId, LogId, LogRef, RefOutcome, RefRead, Remote } from '../remote/types.ts';

/** A client operation. */
export type ClientOp = 'push' | 'force-push' | 'pull';

/** Bugs a client can be built with, for tests: `early-ack` acknowledges a push right after its Append. */
export type ClientPlant = 'early-ack';

/** What a sync needs to know of a variant (the same records as the model's `variants/`). */
export type ClientVariant = Pick<GroveVariant, 'name' | 'refs' | 'confirm' | 'check' | 'client'>;

/** Input of one sync: the remote, the variant, the op and the names it writes. */
export interface SyncInput {
  readonly remote: Remote;
  readonly variant: ClientVariant;
  readonly op: ClientOp;
  /** The ref pushed to (`main`). */
  readonly ref: string;
  /** The commit a push or force push writes. */
  readonly commit: CommitId;
  /** The log a force push (or a push's fallback) creates. */
  readonly branchLog: LogId;
  /** The client's views of log tips before the sync. */
  readonly tips: Readonly<Record<LogId, number>>;
  readonly plant?: ClientPlant;
}

/** How a sync ended. */
export type SyncOutcome = 'acknowledged' | 'failed' | 'pulled' | 'broken';

/** Output of one sync. */
export interface SyncOutput {
  readonly outcome: SyncOutcome;
  readonly commit: CommitId;
  /** The position read from the ref (null if the read never happened). */
  readonly pos: LogRef | null;
  /** Where the ref was last seen to point. */
  readonly seenRef: LogRef | null;
  /** The client's views of log tips after the sync. */
  readonly tips: Readonly<Record<LogId, number>>;
  /** Why it failed, in the notation's words (`conflict`, `exists`, `Err(b@1)`). */
  readonly reason: string | null;
  /** The error a remote call threw (outcome `broken`). */
  readonly error: unknown;
}

interface SyncContext {
  readonly input: SyncInput;
  pos: LogRef | null;
  seenRef: LogRef | null;
  tips: Record<LogId, number>;
  acked: boolean;
  outcome: SyncOutcome | null;
  reason: string | null;
  error: unknown;
}

/** Emitted when the client tells its user that the push succeeded. */
export interface AckEvent {
  readonly type: 'acknowledged';
  readonly commit: CommitId;
}

const next1 = (p: LogRef): LogRef => ({ log: p.log, lsn: p.lsn + 1 });
const show = (v: ClientVariant, r: LogRef | null): string => (r === null ? '?' : v.refs === 'logref' ? `${r.log}@${r.lsn}` : r.log);

/** The sync machine. Create an actor with `createActor(syncMachine, { input })`, start it and send `SYNC`. */
export const syncMachine = setup({
  types: {
    context: {} as SyncContext,
    input: {} as SyncInput,
    events: {} as { type: 'SYNC' },
    output: {} as SyncOutput,
    emitted: {} as AckEvent,
  },
  actors: {
    readRef: fromPromise<RefRead | null, { remote: Remote; ref: string }>(({ input }) => input.remote.readRef(input.ref)),
    append: fromPromise<AppendOutcome, { remote: Remote; at: LogRef; commit: CommitId }>(({ input }) => input.remote.append(input.at.log, input.at.lsn, input.commit)),
    confirm: fromPromise<RefOutcome, { remote: Remote; variant: ClientVariant; ref: string; pos: LogRef }>(({ input }) =>
      input.variant.confirm === 'check'
        ? input.remote.check(input.ref, next1(input.pos), input.variant.check)
        : input.remote.cas(input.ref, input.pos, next1(input.pos), input.variant.refs),
    ),
    branch: fromPromise<BranchOutcome, { remote: Remote; from: LogRef; to: LogId; commit: CommitId }>(({ input }) => input.remote.branch(input.from, input.to, input.commit)),
    force: fromPromise<RefOutcome, { remote: Remote; variant: ClientVariant; ref: string; pos: LogRef; to: LogId }>(({ input }) =>
      input.remote.cas(input.ref, input.pos, { log: input.to, lsn: input.pos.lsn + 1 }, input.variant.refs),
    ),
  },
  guards: {
    isPush: ({ context }) => context.input.op === 'push',
    isForcePush: ({ context }) => context.input.op === 'force-push',
    ackEarly: ({ context }) => context.input.plant === 'early-ack' || context.input.variant.client?.ackOnAppend === true,
  },
  actions: {
    acknowledge: emit(({ context }) => ({ type: 'acknowledged' as const, commit: context.input.commit })),
    markAcked: assign({ acked: true }),
  },
}).createMachine({
  id: 'grove-sync',
  context: ({ input }) => ({ input, pos: null, seenRef: null, tips: { ...input.tips }, acked: false, outcome: null, reason: null, error: null }),
  initial: 'idle',
  output: ({ context }) => ({
    outcome: context.outcome ?? 'broken',
    commit: context.input.commit,
    pos: context.pos,
    seenRef: context.seenRef,
    tips: context.tips,
    reason: context.reason,
    error: context.error,
  }),
  states: {
    idle: { on: { SYNC: 'reading' } },
    reading: {
      invoke: {
        src: 'readRef',
        input: ({ context }) => ({ remote: context.input.remote, ref: context.input.ref }),
        onDone: [
          {
            guard: ({ event }) => event.output === null,
            target: 'broken',
            actions: assign({ error: ({ context }) => new Error(`ref '${context.input.ref}' does not exist`) }),
          },
          {
            actions: assign(({ context, event }) => {
              const read = event.output!;
              const pos = context.input.variant.refs === 'log' ? { log: read.at.log, lsn: Math.max(0, read.tip) } : read.at;
              return { pos, seenRef: read.at, tips: { ...context.tips, [read.at.log]: Math.max(context.tips[read.at.log] ?? 0, read.tip) } };
            }),
            target: 'routing',
          },
        ],
        onError: { target: 'broken', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    routing: {
      always: [
        { guard: 'isPush', target: 'appending' },
        { guard: 'isForcePush', target: 'branching' },
        { target: 'done', actions: assign({ outcome: 'pulled' }) },
      ],
    },
    appending: {
      invoke: {
        src: 'append',
        input: ({ context }) => ({ remote: context.input.remote, at: next1(context.pos!), commit: context.input.commit }),
        onDone: [
          {
            guard: ({ event }) => !event.output.ok,
            target: 'branching',
            actions: assign({ reason: ({ event }) => (event.output.ok ? null : event.output.reason) }),
          },
          {
            guard: 'ackEarly',
            target: 'confirming',
            actions: ['acknowledge', 'markAcked', assign({ tips: ({ context }) => ({ ...context.tips, [context.pos!.log]: context.pos!.lsn + 1 }) })],
          },
          { target: 'confirming', actions: assign({ tips: ({ context }) => ({ ...context.tips, [context.pos!.log]: context.pos!.lsn + 1 }) }) },
        ],
        onError: { target: 'broken', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    confirming: {
      invoke: {
        src: 'confirm',
        input: ({ context }) => ({ remote: context.input.remote, variant: context.input.variant, ref: context.input.ref, pos: context.pos! }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'done',
            actions: assign({ outcome: 'acknowledged', seenRef: ({ event }) => event.output.actual }),
          },
          {
            target: 'branching',
            actions: assign({ seenRef: ({ event }) => event.output.actual, reason: ({ context, event }) => `Err(${show(context.input.variant, event.output.actual)})` }),
          },
        ],
        onError: { target: 'broken', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    branching: {
      invoke: {
        src: 'branch',
        input: ({ context }) => ({ remote: context.input.remote, from: context.pos!, to: context.input.branchLog, commit: context.input.commit }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'forcing',
            actions: assign({ tips: ({ context }) => ({ ...context.tips, [context.input.branchLog]: context.pos!.lsn + 1 }) }),
          },
          { target: 'failed', actions: assign({ reason: ({ event }) => (event.output.ok ? null : event.output.reason) }) },
        ],
        onError: { target: 'broken', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    forcing: {
      invoke: {
        src: 'force',
        input: ({ context }) => ({ remote: context.input.remote, variant: context.input.variant, ref: context.input.ref, pos: context.pos!, to: context.input.branchLog }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'done', actions: assign({ outcome: 'acknowledged', seenRef: ({ event }) => event.output.actual }) },
          {
            target: 'failed',
            actions: assign({ seenRef: ({ event }) => event.output.actual, reason: ({ context, event }) => `Err(${show(context.input.variant, event.output.actual)})` }),
          },
        ],
        onError: { target: 'broken', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    done: {
      type: 'final',
      // A push acknowledged here tells its user now, unless it already did (early-ack).
      entry: enqueueActions(({ context, enqueue }) => {
        if (context.outcome === 'acknowledged' && !context.acked) enqueue('acknowledge');
      }),
    },
    failed: { type: 'final', entry: assign({ outcome: 'failed' }) },
    broken: { type: 'final', entry: assign({ outcome: 'broken' }) },
  },
});
