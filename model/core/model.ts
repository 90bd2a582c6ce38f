/**
 * What a model is, for the checker.
 *
 * A model is a record of pure functions over an immutable state, in the manner of Porcupine's `Model`
 * and Stateright's `Model`: the checker never looks inside a state, it only asks the model what can
 * happen next, takes one step, fingerprints the result and evaluates the model's properties.
 *
 * Two rules every model keeps:
 * - **Purity.** `step` returns a new state and never mutates its input; the same state and action
 *   always give the same result. This is what lets the checker hash, deduplicate and replay states.
 * - **A fixed order of enabled actions.** `actions(s)` lists what can happen next in an order that
 *   depends on `s` alone. A *chooser* (breadth-first, random, replay, …) picks an index into that list;
 *   a path is a list of such indices.
 */
import type { Op, Result, Row } from '../../scenarios/notation/types.ts';
import type { Capabilities } from './capabilities.ts';
import type { OptionSpec } from './options.ts';

/** One enabled action, described so that a chooser or a person can tell actions apart. */
export interface Action {
  /** The actor that takes the step (`1`, `2`, … or a replica name). */
  readonly actor: string;
  /** The op it will perform, as far as it is known before the step runs. */
  readonly op: Op;
  /**
   * What the step reads and writes (`log:a`, `ref:main`), for partial-order reduction: two actions of
   * different actors whose footprints are disjoint commute. Optional: no footprint means "touches all".
   */
  readonly footprint?: readonly string[];
  /**
   * A fault step rather than the actor's own: `lost-reply` (the op is applied but the actor sees a
   * timeout), `crash`, `restart`. Replay picks a `lost-reply` action for a row whose result is `?`.
   */
  readonly fault?: 'lost-reply' | 'crash' | 'restart';
}

/** What a step did: the row it prints as, and the state after it. */
export interface Step<S> {
  readonly next: S;
  readonly row: Row;
  /**
   * What the step did, as the model's own structured data (which commit it acknowledged, what a CAS
   * expected, …). Transition properties read it; the checker passes it through untouched.
   */
  readonly effect?: unknown;
}

/**
 * A violated property: which one, and why, in words a person can check against the rows.
 */
export interface Violation {
  readonly property: string;
  readonly message: string;
}

/**
 * A named safety property. A state property looks at one state; a transition property at a step
 * (the state before, the row it printed, the state after). `advisory` properties are reported but do
 * not fail a check unless the caller asks for them to (`strict`).
 */
export interface Property<S> {
  readonly id: string;
  readonly title: string;
  readonly advisory?: boolean;
  /** Returns a witness message when `s` violates the property, `null` otherwise. */
  readonly state?: (s: S) => string | null;
  /** Returns a witness message when the step `before --step--> step.next` violates the property. */
  readonly transition?: (before: S, step: Step<S>) => string | null;
}

/** A model instance with its configuration fixed (actors, ops, variant). */
export interface Model<S> {
  /** `grove`, `memo`, … */
  readonly name: string;
  /** Variant name, when the model has variants. */
  readonly variant?: string;
  /** The configuration it was built from, printed in reports and saved with counterexamples. */
  readonly config: Readonly<Record<string, string | number | boolean>>;
  initial(): S;
  /** Enabled actions in a fixed order; empty means the state is terminal. */
  actions(s: S): readonly Action[];
  /** Takes enabled action number `index` (an index into `actions(s)`). */
  step(s: S, index: number): Step<S>;
  /**
   * Optional: takes the step a scenario row describes, for actors that follow no program (the seeds'
   * hand-written tables). Throws `UsageError` when the row names an op the model does not know.
   * Replay uses `step` for program-driven actors and `apply` for scripted ones.
   */
  apply?(s: S, row: Row): Step<S>;
  /**
   * Optional: the state a scenario's `Initial state:` block describes (an empty block: the model's
   * own initial remote), with `scripted` actors that have all seen that state.
   */
  initialFrom?(entries: readonly { key: string; value: string }[], scripted: readonly string[]): S;
  /** A cheap canonical key: equal states give equal keys, different states different keys. */
  fingerprint(s: S): string;
  readonly properties: readonly Property<S>[];
  /**
   * Optional: a canonical representative under actor symmetry (actors are interchangeable). Models
   * that provide it let the checker explore one state per orbit.
   */
  canonical?(s: S): S;
  /**
   * Optional: the state as the variables of an ITF trace (the Informal Trace Format of Apalache and
   * Quint; interchange/itf/). One entry per variable, in a fixed set for every state of the model;
   * values are plain data, `Set`, `Map` and `tup(…)` tuples (interchange/itf/value.ts says how each is
   * written). Pure. Without it, a state that is a plain object gives one variable per field.
   */
  itf?(s: S): Readonly<Record<string, unknown>>;
  /**
   * Optional: what the model offers beyond its semantics (a picture, a packed kernel for the fast
   * engine, an implementation for `--against`; `capabilities.ts`). Engines and reports ask for these
   * and never look at `name`.
   */
  readonly capabilities?: Capabilities<S>;
}

/**
 * A model family as listed by `grove-check list`: how to build instances, which variants exist and
 * which properties it states.
 */
export interface ModelFamily<S = unknown> {
  readonly name: string;
  readonly title: string;
  readonly variants: readonly { readonly name: string; readonly title: string; readonly planted?: string }[];
  readonly properties: readonly { readonly id: string; readonly title: string; readonly advisory?: boolean }[];
  /** Default variant when none is named. */
  readonly defaultVariant: string;
  /**
   * Options of the family beyond `MODEL_OPTIONS` (`model/core/options.ts`), given with `--set` and
   * `set:` headers, read and range-checked by their specs.
   */
  readonly options?: readonly OptionSpec[];
  build(options: ModelOptions): Model<S>;
  /**
   * Optional: reads a variant from a file a user wrote (`--variant ./my-variant.ts`) and returns the
   * name `build` then accepts for it (it also appears in `variants` from then on). Throws a one-line
   * `UsageError` for a file that is missing, does not load or does not hold a well-formed variant.
   * A family without it has no variant files.
   */
  loadVariant?(path: string): Promise<string>;
}

/** True when a `--variant` value names a file (a path separator or a script extension). */
export function isVariantPath(spec: string): boolean {
  return /[/\\]|\.[cm]?[tj]s$/.test(spec);
}

/**
 * The variant name `family.build` takes for `spec`: `spec` itself, or, when it is a path, the name of
 * the variant the family loads from that file. @throws UsageError for a family without variant files.
 */
export async function resolveVariant(family: ModelFamily<unknown>, spec: string | undefined): Promise<string | undefined> {
  if (spec === undefined || !isVariantPath(spec)) return spec;
  if (family.loadVariant === undefined) throw new UsageError(`${spec}: model ${family.name} does not read variant files; name one of its variants (grove-check list)`);
  return family.loadVariant(spec);
}

/** The options every family understands; families may read more from `extra`. */
export interface ModelOptions {
  readonly variant?: string;
  readonly actors?: number;
  readonly ops?: number;
  readonly extra?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Raised for misuse of the harness (unknown variant, bad configuration): exit code 2, not a verdict.
 * `at` is where in a scenario file the misuse was written (a row, a header, an initial-state entry),
 * when it came from one; the reader of the file then prefixes `file:line:column: ` (`locate` in
 * `checker/scenarios.ts`). The message itself never carries a position.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    readonly at?: { readonly line: number; readonly column: number },
  ) {
    super(message);
  }
}

/** Helper to build an `Op`. */
export function op(name: string, ...args: string[]): Op {
  return { name, args };
}

/** Helpers to build results. */
export const ok = (value?: string): Result => (value === undefined ? { kind: 'ok' } : { kind: 'ok', value });
export const err = (value?: string, message?: string): Result => {
  if (value !== undefined) return { kind: 'err', value };
  if (message !== undefined) return { kind: 'err', message };
  return { kind: 'err' };
};
