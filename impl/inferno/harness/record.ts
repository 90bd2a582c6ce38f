/**
 * Histories of real calls: what each client invoked, when, and what came back, in a form that
 * serializes to JSON lines (a worker process appends one line per event) and converts to the
 * linearizability checker's operations.
 *
 * Times are numbers from one clock that every recorder of a run shares: in one process a counter
 * (each call and each return gets the next integer, so the order is exact), across processes the
 * system-wide monotonic clock (`process.hrtime`, CLOCK_MONOTONIC on Linux) minus a base the parent
 * hands out, in nanoseconds. Call times are taken just before the call, return times just after the
 * answer, so each recorded interval contains the real one.
 */
import type { Operation } from '../../../lin/history.ts';
import type { InfernoInput, InfernoOutput } from '../spec.ts';

/**
 * One recorded operation. `output` is the answer; `error` an unexpected failure (neither an answer
 * nor a crash: a lock timeout, a file that vanished inside a store), whose effect is unknown;
 * `ret = Infinity` a call that never returned (the process died).
 */
export interface RecordedOp {
  id: number;
  client: number;
  input: InfernoInput;
  output?: InfernoOutput;
  error?: string;
  call: number;
  ret: number;
}

/** One JSON line of a worker's history file. */
export type HistoryLine =
  | { readonly e: 'call'; readonly id: number; readonly client: number; readonly input: InfernoInput; readonly t: number }
  | { readonly e: 'ret'; readonly id: number; readonly output?: InfernoOutput; readonly error?: string; readonly t: number };

/** Collects a history; `sink` sees every event as it happens (a worker writes it to its file). */
export class Recorder {
  /** The operations, in call order. */
  readonly ops: RecordedOp[] = [];
  private readonly byId = new Map<number, RecordedOp>();

  constructor(
    /** The shared clock. */
    private readonly clock: () => number,
    /** Receives each event (a worker's file writer). */
    private readonly sink?: (line: HistoryLine) => void,
    /** First id to hand out (a worker uses `client * 1e6`, so ids never collide across processes). */
    private nextId = 0,
  ) {}

  /** Records a call; returns its id. */
  begin(client: number, input: InfernoInput): number {
    const id = this.nextId++;
    const t = this.clock();
    this.sink?.({ e: 'call', id, client, input, t });
    const op: RecordedOp = { id, client, input, call: t, ret: Infinity };
    this.ops.push(op);
    this.byId.set(id, op);
    return id;
  }

  /** Records the answer (or unexpected error) of call `id`. */
  end(id: number, r: { output: InfernoOutput } | { error: string }): void {
    const t = this.clock();
    const op = this.byId.get(id);
    if (op === undefined) throw new Error(`Recorder: no call ${id}`);
    op.ret = t;
    if ('output' in r) op.output = r.output;
    else op.error = r.error;
    this.sink?.({ e: 'ret', id, ...r, t });
  }
}

/** Rebuilds operations from history lines (several files' lines, in any order). */
export function opsFromLines(lines: readonly HistoryLine[]): RecordedOp[] {
  const ops = new Map<number, RecordedOp>();
  for (const l of lines) if (l.e === 'call') ops.set(l.id, { id: l.id, client: l.client, input: l.input, call: l.t, ret: Infinity });
  for (const l of lines) {
    if (l.e !== 'ret') continue;
    const op = ops.get(l.id);
    if (op === undefined) throw new Error(`history: a return of ${l.id} without its call`);
    op.ret = l.t;
    if (l.output !== undefined) op.output = l.output;
    if (l.error !== undefined) op.error = l.error;
  }
  return [...ops.values()].sort((a, b) => a.call - b.call || a.id - b.id);
}

/**
 * The checker's operations: an answered call as it is; an unexpected error or a call that never
 * returned as pending (`ret = Infinity`, output unknown: it may have taken effect at any point after
 * its call, or never).
 */
export function toLinOps(ops: readonly RecordedOp[]): Operation<InfernoInput, InfernoOutput>[] {
  return ops.map((o) =>
    o.output !== undefined ? { id: o.id, client: o.client, input: o.input, output: o.output, call: o.call, ret: o.ret } : { id: o.id, client: o.client, input: o.input, output: undefined, call: o.call, ret: Infinity },
  );
}
