/**
 * Histories: what clients saw. Two equivalent forms, as in Porcupine:
 *
 * - {@link Operation}: one record per operation with its call and return times;
 * - {@link Event}: a flat sequence of call and return events, where time is the position.
 *
 * A *pending* operation (Jepsen's `:info`, a crashed or timed-out client) has `ret = Infinity` and
 * `output = undefined`: it may have taken effect at any point after its call, or never. An operation
 * with a finite `ret` and `output = undefined` returned without a usable result (Jepsen's
 * `:fail :read :timed-out`): it took effect somewhere inside its interval, result unknown.
 */

/** One operation of a history. Times are any totally ordered numbers (here: event indices). */
export interface Operation<I, O> {
  /** Unique id within the history; witnesses name operations by this id. */
  id: number;
  /** The client (Jepsen process) that issued it. */
  client: number;
  input: I;
  /** `undefined` when the result is unknown (pending or timed out). */
  output: O | undefined;
  /** Time of the invocation. */
  call: number;
  /** Time of the response, `Infinity` while pending. Intervals are closed: `[call, ret]`. */
  ret: number;
}

/** A call or return event; `id` pairs them. */
export type Event<I, O> =
  | { kind: 'call'; id: number; client: number; input: I }
  | { kind: 'return'; id: number; client: number; output: O | undefined };

/** Misuse of the history helpers: a return without a call, an id used twice. */
export class HistoryError extends Error {
  override readonly name = 'HistoryError';
}

/** True for an operation that never returned (`ret === Infinity`). */
export function isPending(op: Operation<unknown, unknown>): boolean {
  return op.ret === Infinity;
}

/**
 * Turns events into operations, timing each event by its index. A call without a return becomes a
 * pending operation (`ret = Infinity`, `output = undefined`). Throws {@link HistoryError} on a
 * return without a call or a repeated call id. Operations come out in call order.
 */
export function eventsToOperations<I, O>(events: readonly Event<I, O>[]): Operation<I, O>[] {
  const open = new Map<number, Operation<I, O>>();
  const seen = new Set<number>();
  const ops: Operation<I, O>[] = [];
  events.forEach((e, time) => {
    if (e.kind === 'call') {
      if (seen.has(e.id)) throw new HistoryError(`event ${time}: operation id ${e.id} is called twice`);
      seen.add(e.id);
      const op: Operation<I, O> = { id: e.id, client: e.client, input: e.input, output: undefined, call: time, ret: Infinity };
      open.set(e.id, op);
      ops.push(op);
    } else {
      const op = open.get(e.id);
      if (op === undefined) throw new HistoryError(`event ${time}: return of operation ${e.id} without an open call`);
      open.delete(e.id);
      op.output = e.output;
      op.ret = time;
    }
  });
  return ops;
}

/**
 * Turns operations into events ordered by time; on equal times calls come before returns (closed
 * intervals: touching operations overlap). Pending operations contribute only their call.
 */
export function operationsToEvents<I, O>(ops: readonly Operation<I, O>[]): Event<I, O>[] {
  type Timed = { time: number; call: boolean; seq: number; event: Event<I, O> };
  const timed: Timed[] = [];
  ops.forEach((op, seq) => {
    timed.push({ time: op.call, call: true, seq, event: { kind: 'call', id: op.id, client: op.client, input: op.input } });
    if (op.ret !== Infinity) {
      timed.push({ time: op.ret, call: false, seq, event: { kind: 'return', id: op.id, client: op.client, output: op.output } });
    }
  });
  timed.sort((a, b) => a.time - b.time || (a.call === b.call ? a.seq - b.seq : a.call ? -1 : 1));
  return timed.map((t) => t.event);
}
