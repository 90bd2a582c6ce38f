/**
 * Independent verification of a linearization witness: replays it through the model and checks
 * the real-time order, without sharing any code with the search in `check.ts`.
 */
import type { Operation } from './history.ts';
import { type LinModel, withDefaults } from './model.ts';

/** Result of {@link verifyLinearization}: fine, or the first problem found. */
export type VerifyResult =
  | { ok: true }
  | {
      ok: false;
      /** Partition index, as returned by the model's `partition`. */
      partition: number;
      /** Position in that partition's order (or -1 for a problem with the order as a whole). */
      position: number;
      message: string;
    };

/**
 * Checks that `linearization` (one order of operation ids per partition, as returned by
 * `checkLinearizable`) is a valid linearization of `history`:
 * every operation with a return appears exactly once, pending operations at most once, ids belong to
 * the partition, every step is accepted by the model from `init()`, and no operation is placed
 * before one that returned strictly before it was called (closed intervals).
 */
export function verifyLinearization<S, I, O>(
  model: LinModel<S, I, O>,
  history: readonly Operation<I, O>[],
  linearization: readonly (readonly number[])[],
): VerifyResult {
  const m = withDefaults(model);
  const parts = m.partition(history);
  if (parts.length !== linearization.length) {
    return { ok: false, partition: -1, position: -1, message: `${parts.length} partitions but ${linearization.length} orders` };
  }
  for (let p = 0; p < parts.length; p++) {
    const byId = new Map(parts[p].map((o) => [o.id, o]));
    const placed = new Set<number>();
    let state = m.init();
    let maxCall = -Infinity;
    const order = linearization[p];
    for (let i = 0; i < order.length; i++) {
      const op = byId.get(order[i]);
      const fail = (message: string): VerifyResult => ({ ok: false, partition: p, position: i, message });
      if (op === undefined) return fail(`operation ${order[i]} is not in this partition`);
      if (placed.has(op.id)) return fail(`operation ${op.id} is placed twice`);
      placed.add(op.id);
      if (op.ret < maxCall) return fail(`operation ${op.id} returned at ${op.ret}, before an earlier-placed operation was called at ${maxCall}`);
      maxCall = Math.max(maxCall, op.call);
      const r = m.step(state, op.input, op.output);
      if (!r.ok) return fail(`model rejects ${m.describeOp(op.input, op.output)} in state ${m.describeState(state)}`);
      state = r.next;
    }
    for (const op of parts[p]) {
      if (op.ret !== Infinity && !placed.has(op.id)) {
        return { ok: false, partition: p, position: -1, message: `operation ${op.id} returned but is not placed` };
      }
    }
  }
  return { ok: true };
}
