/**
 * Recording what one client process sees, durably: every primitive call becomes an `invoke` event
 * written and fsynced *before* the call is sent, and an `ok` (or `info`) event written and fsynced
 * after it returns, in the `grove` history format (lin/formats/grove.ts). Times are
 * `process.hrtime.bigint()`, CLOCK_MONOTONIC on Linux, which is one clock for every process of the
 * machine, so the files of different processes merge into one history.
 *
 * The invoke time is read before the invoke event is written and the completion time after the call
 * returned, so each recorded interval contains the real one: wider intervals can only make the checker
 * accept more orders, never reject a linearizable history.
 */
import { HistoryWriter } from '../testkit/history.ts';
import { formatGroveRecord, type GroveRecord } from '../../lin/formats/grove.ts';
import type { GroveInput, GroveOutput } from '../../lin/models/grove.ts';
import type { AppendOutcome, BranchOutcome, CheckMode, CommitId, LogId, LogRef, RefCompare, RefOutcome, RefRead, Remote } from '../remote/types.ts';

/** The reply of a call that the remote applied was "lost": the caller sees this instead of the result. */
export class LostReply extends Error {
  override readonly name = 'LostReply';
  constructor(readonly op: string) {
    super(`reply of ${op} lost (simulated): the remote applied it, the client does not know`);
  }
}

/** The history file of one client process: `grove` records, one fsynced line each (the testkit's writer). */
export class GroveHistoryWriter extends HistoryWriter<GroveRecord> {
  constructor(path: string, durable = true) {
    super(path, durable, formatGroveRecord);
  }
}

/** The current time for history events. */
export const now = (): bigint => process.hrtime.bigint();

/** What the recording remote does around each call. */
export interface RecordingOptions {
  readonly client: number;
  readonly writer: HistoryWriter<GroveRecord>;
  /** Called after the invoke is durable, before the call is sent (progress reports, kill triggers). */
  readonly onInvoke?: (input: GroveInput) => void;
  /** Decides, after the remote applied a call, whether its reply is lost (default: never). */
  readonly loseReply?: (input: GroveInput) => boolean;
}

/**
 * Wraps `remote` so that every primitive call is recorded. A call that throws is recorded as `info`
 * (its effect is unknown) and the error is rethrown; a lost reply is recorded as `info` with note
 * `reply lost` and surfaces as {@link LostReply}. `listLogs`, `readRefs` and `close` pass through
 * unrecorded (they are tools, not primitives).
 */
export function recordingRemote(remote: Remote, o: RecordingOptions): Remote {
  const call = async <T extends GroveOutput>(input: GroveInput, run: () => Promise<T>): Promise<T> => {
    o.writer.write({ type: 'invoke', client: o.client, input, time: now() });
    o.onInvoke?.(input);
    let out: T;
    try {
      out = await run();
    } catch (e) {
      o.writer.write({ type: 'info', client: o.client, input, time: now(), note: `threw ${e instanceof Error ? e.name : 'error'}` });
      throw e;
    }
    const t = now();
    if (o.loseReply?.(input) === true) {
      o.writer.write({ type: 'info', client: o.client, input, time: t, note: 'reply lost' });
      throw new LostReply(input.op);
    }
    o.writer.write({ type: 'ok', client: o.client, input, output: out, time: t });
    return out;
  };
  return {
    kind: remote.kind,
    append: (log: LogId, lsn: number, commit: CommitId): Promise<AppendOutcome> => call({ op: 'append', log, lsn, commit }, () => remote.append(log, lsn, commit)),
    branch: (from: LogRef, to: LogId, commit: CommitId): Promise<BranchOutcome> =>
      call({ op: 'branch', from: { log: from.log, lsn: from.lsn }, to, commit }, () => remote.branch(from, to, commit)),
    readRef: (ref: string): Promise<RefRead | null> => call({ op: 'read', ref }, () => remote.readRef(ref)),
    check: (ref: string, at: LogRef, mode: CheckMode): Promise<RefOutcome> =>
      call({ op: 'check', ref, at: { log: at.log, lsn: at.lsn }, mode }, () => remote.check(ref, at, mode)),
    cas: (ref: string, expected: LogRef, next: LogRef, compare: RefCompare): Promise<RefOutcome> =>
      call({ op: 'cas', ref, expected: { log: expected.log, lsn: expected.lsn }, next: { log: next.log, lsn: next.lsn }, compare }, () => remote.cas(ref, expected, next, compare)),
    listLogs: () => remote.listLogs(),
    readRefs: () => remote.readRefs(),
    close: () => remote.close(),
  };
}
