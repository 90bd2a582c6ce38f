/**
 * History timelines as plain data, in the manner of Porcupine's visualization: one lane per client,
 * each call a bar from its invocation to its response (open-ended when the result never came), the
 * linearization found marked in order, or, for a partition that is not linearizable, the longest
 * partial linearization and the point where it fails. `html.ts` renders this data; nothing here
 * draws.
 *
 * Each partition the model splits the history into (one per key for the kv model) is checked on its
 * own (lin/check.ts, with the model's partitioning turned off inside the part), so every partition
 * gets its own witness: a linearization when it has one, else its longest partial one.
 *
 * **Time axis.** Times are replaced by their rank among the partition's distinct finite times, so a
 * nanosecond clock and event indices draw alike and nothing is squeezed: `start` and `end` are ranks
 * (0, 1, 2, …), `end` is `null` for a pending call.
 *
 * **Linearization points.** For the calls of the linearization (or partial one), in order, the
 * point drawn is the earliest time inside the call's interval that is not before the previous
 * call's point (`max(previous, start)`); a valid order always has one, so the points rise
 * monotonically through the bars, as a reader follows them.
 */
import { checkLinearizable } from '../../lin/check.ts';
import type { Operation } from '../../lin/history.ts';
import { withDefaults, type LinModel } from '../../lin/model.ts';

/** One call on the timeline. */
export interface TimelineCall {
  /** The operation's id in the history. */
  readonly id: number;
  readonly client: number;
  /** The lane (row) it is drawn in: clients in increasing order. */
  readonly lane: number;
  /** The call as the model describes it (`put("x") -> ok`). */
  readonly label: string;
  /** The input and output as JSON text (`?` for an unknown output). */
  readonly input: string;
  readonly output: string;
  /** Rank of the invocation time. */
  readonly start: number;
  /** Rank of the response time; `null` for a pending call (drawn open-ended). */
  readonly end: number | null;
  /** 1-based place in the linearization (or the partial one); absent when not in it. */
  readonly order?: number;
  /** Where its linearization point is drawn (a rank, possibly fractional); with `order`. */
  readonly point?: number;
  /** The model's state after it, in the linearization; with `order`. */
  readonly stateAfter?: string;
  /** True for a call that had to come next where the search stopped, and could not. */
  readonly stuck?: boolean;
  /** The line of the history file it was read from, when known. */
  readonly line?: number;
}

/** One partition (a tab). */
export interface TimelinePartition {
  readonly index: number;
  /** `key "3"`, or `partition N`. */
  readonly label: string;
  readonly outcome: 'linearizable' | 'not-linearizable' | 'unknown';
  /** The clients, one lane each, in lane order. */
  readonly lanes: readonly number[];
  readonly calls: readonly TimelineCall[];
  /** The number of distinct times (the axis runs from 0 to `span - 1`). */
  readonly span: number;
  /** Ids of the linearization (or the longest partial one), in order. */
  readonly order: readonly number[];
  /** For a partition that is not linearizable: where the partial linearization stops. */
  readonly failure?: {
    /** How many calls linearize before it stops. */
    readonly after: number;
    /** The model's state there. */
    readonly state: string;
    /** The calls that could come next and were all rejected. */
    readonly stuck: readonly number[];
    /** The rank at which some call had to be linearized and none could: the earliest response among the calls left. */
    readonly at: number;
    readonly message: string;
  };
}

/** A whole timeline: what `html.ts` renders. JSON-serialisable. */
export interface Timeline {
  readonly title: string;
  readonly outcome: 'linearizable' | 'not-linearizable' | 'unknown';
  readonly operations: number;
  readonly partitions: readonly TimelinePartition[];
}

/** Options of {@link buildTimeline}. */
export interface TimelineOptions {
  readonly title: string;
  /** A tab's label from its calls (default `partition N`). */
  readonly labelOf?: (part: readonly Operation<unknown, unknown>[], index: number) => string;
  /** The source line of an operation id, when known. */
  readonly lineOf?: (id: number) => number | undefined;
  /** Budget per partition (default 60 s); a partition that runs out is `unknown`. */
  readonly timeoutMs?: number;
}

const json = (x: unknown): string => (x === undefined ? '?' : JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));

/** Builds the timeline of a history against a model (checking each partition for its witness). */
export function buildTimeline<S, I, O>(model: LinModel<S, I, O>, history: readonly Operation<I, O>[], o: TimelineOptions): Timeline {
  const m = withDefaults(model);
  const single: LinModel<S, I, O> = { ...model, partition: undefined };
  const parts = m.partition(history);
  const partitions = parts.map((part, index): TimelinePartition => {
    const r = checkLinearizable(single, part, { timeoutMs: o.timeoutMs ?? 60_000 });
    const times = [...new Set(part.flatMap((op) => (op.ret === Infinity ? [op.call] : [op.call, op.ret])))].sort((a, b) => a - b);
    const rank = new Map(times.map((t, i) => [t, i]));
    const lanes = [...new Set(part.map((op) => op.client))].sort((a, b) => a - b);
    const byId = new Map(part.map((op) => [op.id, op]));
    const order = r.outcome === 'linearizable' ? r.linearization[0] ?? [] : r.outcome === 'not-linearizable' ? r.partial[0].longest : [];
    const stuck = new Set(r.outcome === 'not-linearizable' ? r.partial[0].stuckAt : []);
    // Replay the order through the model for the states after each call and the points drawn.
    const placed = new Map<number, { order: number; point: number; state: string }>();
    let s = m.init();
    let point = 0;
    order.forEach((id, k) => {
      const op = byId.get(id)!;
      s = m.step(s, op.input, op.output).next;
      point = Math.max(point, rank.get(op.call)!);
      placed.set(id, { order: k + 1, point, state: m.describeState(s) });
    });
    const calls = part.map((op): TimelineCall => {
      const p = placed.get(op.id);
      const line = o.lineOf?.(op.id);
      return {
        id: op.id,
        client: op.client,
        lane: lanes.indexOf(op.client),
        label: m.describeOp(op.input, op.output),
        input: json(op.input),
        output: json(op.output),
        start: rank.get(op.call)!,
        end: op.ret === Infinity ? null : rank.get(op.ret)!,
        ...(p !== undefined ? { order: p.order, point: p.point, stateAfter: p.state } : {}),
        ...(stuck.has(op.id) ? { stuck: true } : {}),
        ...(line !== undefined ? { line } : {}),
      };
    });
    let failure: TimelinePartition['failure'];
    if (r.outcome === 'not-linearizable') {
      const p = r.partial[0];
      const left = part.filter((op) => !placed.has(op.id) && op.ret !== Infinity);
      const at = Math.min(...left.map((op) => rank.get(op.ret)!));
      failure = {
        after: p.longest.length,
        state: p.stateAfter,
        stuck: p.stuckAt,
        at,
        message: `${p.longest.length} call${p.longest.length === 1 ? '' : 's'} linearize, reaching ${p.stateAfter}; none of the ${p.stuckAt.length} call${p.stuckAt.length === 1 ? '' : 's'} that could come next is accepted by the model`,
      };
    }
    return {
      index,
      label: o.labelOf?.(part as readonly Operation<unknown, unknown>[], index) ?? `partition ${index}`,
      outcome: r.outcome,
      lanes,
      calls,
      span: times.length,
      order,
      ...(failure !== undefined ? { failure } : {}),
    };
  });
  const outcome = partitions.some((p) => p.outcome === 'not-linearizable') ? 'not-linearizable' : partitions.some((p) => p.outcome === 'unknown') ? 'unknown' : 'linearizable';
  return { title: o.title, outcome, operations: history.length, partitions };
}
