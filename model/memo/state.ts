/**
 * Memo's state: replicas, the epochs created so far (with the ghost causal past that M2 needs), and
 * the messages in flight with how often each was delivered to each replica. Immutable data; arrays
 * of ids are kept sorted so that a state has one representation.
 */

/** An epoch: `e0` (the base every replica starts at) or `e<replica>.<k>` (that replica's k-th). */
export interface Epoch {
  readonly id: string;
  /** Lamport timestamp at creation (0 for `e0`). */
  readonly ts: number;
  /** Creating replica's number, 1-based (0 for `e0`); the tie-break of `lamport-tiebreak`. */
  readonly replica: number;
  /** Ghost: every epoch that happened before this one (its creator had seen it, transitively), sorted. */
  readonly after: readonly string[];
}

/** One replica's durable state. */
export interface Replica {
  /** Lamport clock. */
  readonly clock: number;
  /** The one active epoch. */
  readonly active: string;
  /** Epochs this replica has seen (created or delivered), sorted. */
  readonly seen: readonly string[];
  /** The work tree, abstracted to the ids of the ops applied in the active epoch, sorted. */
  readonly tree: readonly string[];
  /** Epochs created so far (names the next one). */
  readonly made: number;
  /** Ops made so far (names the next one). */
  readonly ops: number;
}

/** A broadcast message: an epoch creation or an op, with per-replica delivery counts. */
export interface MemoMessage {
  /** The epoch id (`e1.1`) or op id (`o1.1`). */
  readonly id: string;
  readonly kind: 'epoch' | 'op';
  /** Sender's index (0-based). */
  readonly from: number;
  /** The epoch created (kind epoch) or the epoch the op is tagged with (kind op). */
  readonly epoch: string;
  /** Deliveries so far to each replica, by index; the sender's slot is pinned at the maximum. */
  readonly delivered: readonly number[];
}

/** A whole Memo state: what `fingerprint` keys and the properties read. */
export interface MemoState {
  readonly replicas: readonly Replica[];
  /** Every epoch created, by id (including `e0`). */
  readonly epochs: Readonly<Record<string, Epoch>>;
  /** Every message ever broadcast, sorted by id (delivered ones stay, to bound re-delivery). */
  readonly msgs: readonly MemoMessage[];
}

/** Name of replica number `i` (0-based index): `r1`, `r2`, … */
export function replicaName(i: number): string {
  return `r${i + 1}`;
}

/** The base epoch every replica starts in. */
export const BASE_EPOCH: Epoch = { id: 'e0', ts: 0, replica: 0, after: [] };

/** Returns sorted `xs` with `x` added (the same array when present). */
export function addSorted(xs: readonly string[], x: string): readonly string[] {
  if (xs.includes(x)) return xs;
  return [...xs, x].sort();
}
