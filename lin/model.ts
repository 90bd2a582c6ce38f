/**
 * The sequential specification a history is checked against: a record of pure functions, after
 * Porcupine's `Model`. Nothing here may mutate its arguments; the checker keeps old states on its
 * backtracking stack and in its memo, and shares them between branches of the search.
 */
import type { Operation } from './history.ts';

/** Result of one sequential step: whether the output is allowed, and the state after the step. */
export interface StepResult<S> {
  /** `false` when the model could not have produced `output` for `input` in this state. */
  ok: boolean;
  /** The state after the operation. Only read when `ok` is true. Must be a new value, never the mutated input. */
  next: S;
  /**
   * `digest(next)`, when the model computed it with the step (from the digest of the state before,
   * which the checker passes to `step`): the checker then does not call `digest` on `next`.
   */
  digest?: number;
}

/**
 * A linearizability model: state `S`, operation input `I`, operation output `O`.
 *
 * - `init()` returns the initial state.
 * - `step(s, input, output, digest)` applies one operation. `output === undefined` means the result
 *   was never observed (a timed-out or crashed call, Jepsen's `:info`): the model must then accept
 *   the operation (`ok: true`) and return the state it would have left. It must be deterministic and
 *   must not mutate `s`. When the model has a `digest`, the checker passes `digest(s)` as the fourth
 *   argument, so that the step can return the next state's digest with it (`StepResult.digest`),
 *   updated instead of computed again; other callers may leave it out, and the step must then
 *   return the same `ok` and `next`. The checker also passes a result object of its own as the
 *   fifth argument, `into`, which it reads before its next call and never keeps: a step may fill
 *   that and return it instead of making a result per step (one object less per step for the
 *   collector: c50-ok takes 175,000 steps); the checker clears its `digest` before each call.
 *   Other callers leave it out, and the step must then return a new object.
 * - `hash(s)` returns a string key for the memo: equal states must have equal keys. Without
 *   `equal`, different states must have different keys; with `equal`, the key may be a lossy digest
 *   (it only indexes crowded memo buckets, and `equal` confirms every match).
 * - `equal(a, b)`, when given, decides whether two states are the same for the memo. Defaults to
 *   comparing `hash` keys.
 * - `digest(s)`, when given, returns a 32-bit integer with equal digests for equal states (distinct
 *   states may collide). The memo then finds a state among many for one set of operations by this
 *   number, instead of by the `hash` string (which may cost the length of the state, each time).
 *   Cheapest updated step by step: carried in the state, or returned by `step` beside the next
 *   state (`StepResult.digest`), which spares the state an object around its value: the checker
 *   keeps every distinct state it reaches (lin/states.ts), and fewer objects are less for the
 *   collector to copy.
 * - `partition(history)` splits a history into independent parts (for example one per key): the
 *   history is linearizable iff every part is. Defaults to one part.
 * - `readOnly(input, output)`, when given, says that every step that accepts this operation returns
 *   the state unchanged, in every state (a read, a compare-and-set observed to fail). The checker
 *   then linearizes such an operation as soon as it is accepted and never tries it later instead
 *   (see lin/check.ts, "Read-only operations"). Claiming it for an operation that can change the
 *   state makes the checker unsound. Defaults to false for every operation.
 * - `observed(input, output)`, when given, returns the one state in which this operation is accepted,
 *   for an operation that reads the whole state and leaves it as it is (a read of a register, a get
 *   of a key's value, with their output known), and `undefined` for any other operation. The checker
 *   then never asks `step` about it: the operation is accepted exactly in the state `equal` to that
 *   one, which it finds by comparing the states' interned ids (lin/states.ts). Claiming it where
 *   `step` would accept another state, or change the state, makes the checker unsound; the
 *   checker's tests hold every bundled model's `observed` to its `step`. Defaults to `undefined`.
 * - `describeOp` and `describeState` render operations and states for reports.
 */
export interface LinModel<S, I, O> {
  init(): S;
  step(s: S, input: I, output: O | undefined, digest?: number, into?: StepResult<S>): StepResult<S>;
  hash(s: S): string;
  equal?(a: S, b: S): boolean;
  digest?(s: S): number;
  partition?(history: readonly Operation<I, O>[]): Operation<I, O>[][];
  readOnly?(input: I, output: O | undefined): boolean;
  observed?(input: I, output: O | undefined): S | undefined;
  describeOp?(input: I, output: O | undefined): string;
  describeState?(s: S): string;
}

/** A model with every optional member filled in (see {@link withDefaults}). */
export type FullLinModel<S, I, O> = Required<Omit<LinModel<S, I, O>, 'digest' | 'observed'>> & {
  /** The model's own `observed`, if any (without it every operation goes to `step`). */
  readonly observed?: (input: I, output: O | undefined) => S | undefined;
  /** The model's own `digest`, if any (there is no default: without it the memo uses `hash`). */
  readonly digest?: (s: S) => number;
  /** True when `equal` came from the model itself rather than from the default. */
  readonly hasOwnEqual: boolean;
};

/**
 * Fills in the optional members of a model once, Porcupine-style: `equal` compares `hash` keys,
 * `partition` returns the whole history as one part, no operation is read-only, and the describers fall back to JSON.
 */
export function withDefaults<S, I, O>(model: LinModel<S, I, O>): FullLinModel<S, I, O> {
  const hash = model.hash.bind(model);
  return {
    init: model.init.bind(model),
    step: model.step.bind(model),
    hash,
    equal: model.equal ? model.equal.bind(model) : (a: S, b: S) => hash(a) === hash(b),
    partition: model.partition ? model.partition.bind(model) : (h: readonly Operation<I, O>[]) => [h.slice()],
    readOnly: model.readOnly ? model.readOnly.bind(model) : () => false,
    describeOp: model.describeOp
      ? model.describeOp.bind(model)
      : (input: I, output: O | undefined) => `${JSON.stringify(input)} -> ${output === undefined ? '?' : JSON.stringify(output)}`,
    describeState: model.describeState ? model.describeState.bind(model) : (s: S) => JSON.stringify(s),
    digest: model.digest ? model.digest.bind(model) : undefined,
    observed: model.observed ? model.observed.bind(model) : undefined,
    hasOwnEqual: model.equal !== undefined,
  };
}
