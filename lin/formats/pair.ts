/**
 * Pairs Jepsen's invoke/complete events per process into operations. Internal to `lin/formats`;
 * {@link ParsedHistory} is what the parsers return.
 */
import type { Operation } from '../history.ts';
import { FormatError } from './error.ts';

/** A parsed history file: the operations, and where each came from. */
export interface ParsedHistory<I, O> {
  format: 'jepsen-kv' | 'jepsen-etcd';
  /** Operations in invocation order; ids are 0, 1, 2, … in that order. */
  operations: Operation<I, O>[];
  /** For each operation id, the 1-based lines of its invocation and completion (absent if pending). */
  lines: { invoke: number; complete?: number }[];
  /** Number of events read (times run from 0 to `events - 1`). */
  events: number;
  /** Operations dropped because they definitely did not happen (Jepsen `:fail` without effect). */
  dropped: number;
}

/** How a completion event resolves the open invocation of its process. */
export type Resolution<O> =
  | { kind: 'ok'; output: O }
  | { kind: 'unknown' } // returned, result unknown (e.g. :fail :read :timed-out)
  | { kind: 'pending' } // :info: may take effect any time after the call, or never
  | { kind: 'drop' }; // :fail that certainly had no effect

interface Entry<I, O> {
  op: Operation<I, O>;
  lines: { invoke: number; complete?: number };
  dropped: boolean;
}

interface Open<I, O> {
  entry: Entry<I, O>;
  f: string;
  line: number;
}

/** Accumulates events of one file and pairs them per process, in order. */
export class Pairer<I, O> {
  private readonly open = new Map<number, Open<I, O>>();
  private readonly ops: Entry<I, O>[] = [];
  events = 0;

  constructor(private readonly file: string) {}

  /** Records an invocation at `line`; the process must not have another open one. */
  invoke(process: number, f: string, input: I, line: number, column: number): void {
    const prior = this.open.get(process);
    if (prior !== undefined) {
      throw new FormatError(this.file, line, column, `a completion of process ${process}'s :${prior.f} (invoked on line ${prior.line})`, ':invoke');
    }
    const op: Operation<I, O> = { id: -1, client: process, input, output: undefined, call: this.events++, ret: Infinity };
    const entry: Entry<I, O> = { op, lines: { invoke: line }, dropped: false };
    this.ops.push(entry);
    this.open.set(process, { entry, f, line });
  }

  /**
   * Returns the input of the open invocation of `process`, checking that its function is `f`;
   * throws a {@link FormatError} at `typeColumn` when there is none, at `fColumn` on a mismatch.
   */
  pending(process: number, f: string, type: string, line: number, typeColumn: number, fColumn: number): I {
    const o = this.open.get(process);
    if (o === undefined) throw new FormatError(this.file, line, typeColumn, `an :invoke by process ${process} before this completion`, `:${type}`);
    if (o.f !== f) throw new FormatError(this.file, line, fColumn, `:${o.f} (process ${process} invoked :${o.f} on line ${o.line})`, `:${f}`);
    return o.entry.op.input;
  }

  /** Completes the open invocation of `process` (validated by {@link pending} first). */
  complete(process: number, resolution: Resolution<O>, line: number): void {
    const o = this.open.get(process);
    if (o === undefined) throw new Error('Pairer.complete without pending()');
    this.open.delete(process);
    const time = this.events++;
    const entry = o.entry;
    switch (resolution.kind) {
      case 'ok':
        entry.op.output = resolution.output;
        entry.op.ret = time;
        entry.lines.complete = line;
        break;
      case 'unknown':
        entry.op.ret = time;
        entry.lines.complete = line;
        break;
      case 'pending':
        break;
      case 'drop':
        entry.dropped = true;
        break;
    }
  }

  /** The history: invocations still open at the end are pending, like `:info`. */
  finish(format: ParsedHistory<I, O>['format']): ParsedHistory<I, O> {
    const kept = this.ops.filter((e) => !e.dropped);
    kept.forEach((e, i) => (e.op.id = i));
    return {
      format,
      operations: kept.map((e) => e.op),
      lines: kept.map((e) => e.lines),
      events: this.events,
      dropped: this.ops.length - kept.length,
    };
  }
}
