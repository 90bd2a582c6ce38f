/**
 * What a model may offer beyond its semantics, so that the engines, the reports and the explorer ask
 * the model instead of testing its name. Every capability is optional:
 *
 * - `picture`: how its states are drawn (Grove's log forest, grove-local's three logs, memo's epochs,
 *   obsmarkers' marker graphs, Inferno's store tree). A model without one is drawn by the default
 *   picture (`reports/models/default.ts`): a sequence diagram of its steps and a table of its state.
 * - `packed`: a compiled kernel over packed state vectors, which `--strategy fast` runs
 *   (`checker/fast/engine.ts`); without one (or a `codec`), the fast engine refuses the model.
 * - `codec`: a state codec (`codec.ts`): a model without a kernel still runs in the fast engine, which
 *   then keeps encoded vectors and 64-bit fingerprints instead of state objects and strings.
 * - `against`: an implementation that `check --against` and `replay --against` hold to the model.
 *
 * The options a family understands are its schema (`model/core/options.ts`), on `ModelFamily`.
 * A capability is attached by the model's own folder (`model/<name>/`); nothing outside that folder
 * looks at a model's name or state type.
 */
import type { Model } from './model.ts';
import type { Row, Scenario } from '../../scenarios/notation/types.ts';
import type { CodecCapability } from './codec.ts';

/** A violation as the pictures need it (the checker's `Violation` is one). */
export interface FoundViolation {
  readonly model: string;
  readonly property: string;
  readonly message: string;
  readonly path: readonly number[];
  readonly rows: readonly Row[];
  readonly atRow: number;
  readonly seed: number;
  readonly strategy: string;
  readonly stats: { readonly states: number; readonly transitions: number; readonly depth: number };
}

/** One step of a run, as a picture draws it (a report's trace, the explorer's timeline). */
export interface PictureStep<S> {
  /** 1-based. */
  readonly index: number;
  /** The row as the model printed it. */
  readonly row: Row;
  /** For scenario rows: the row as written, when its result differs from the model's. */
  readonly written?: Row;
  readonly before: S;
  readonly after: S;
  readonly effect?: unknown;
  readonly violations: readonly { readonly property: string; readonly message: string; readonly advisory: boolean }[];
}

/** What the explorer shows as the picture of the state at its cursor. */
export type PictureView =
  | { readonly kind: 'forest'; readonly ascii: string; readonly dot: string; readonly witness: readonly string[]; readonly sequence?: string }
  | { readonly kind: 'state'; readonly text: string };

/** The files of a written report: `html` is the page, `files` every file written (the page included). */
export interface WrittenFiles {
  readonly html: string;
  readonly files: string[];
}

/** What a picture may read of a model instance besides its state: name, variant and configuration. */
export type ModelInfo = Pick<Model<unknown>, 'name' | 'variant' | 'config'>;

/** One swatch of a picture's legend (as the HTML report shows it). */
export interface LegendItem {
  readonly label: string;
  readonly fill: string;
  readonly color: string;
}

/**
 * How one model family's states are drawn. `data` is pure and returns JSON-serialisable data;
 * `ascii` and `dot` are pure functions of that data (no trailing newline for ASCII; DOT ends with one).
 */
export interface ModelPicture<S, P> {
  /** The model family's name (`memo`, …). */
  readonly model: string;
  /** What the picture shows, as a heading: `Epochs per replica`, `Marker graphs`, … */
  readonly title: string;
  readonly legend: readonly LegendItem[];
  /** The picture of state `s` of a `model` instance. */
  data(s: S, model: ModelInfo): P;
  /** The picture as text lines, in the seed's notation where it has one. */
  ascii(p: P): string;
  /** The picture as a Graphviz digraph named `name`. */
  dot(p: P, name?: string): string;
  /** What changed from `before` to `after`, as short phrases (the sequence diagram's right column). */
  changes(before: P, after: P): string[];
}

/** How a model's states are drawn, in the three places that draw them. Implementations live in `reports/`. */
export interface PictureCapability<S> {
  /** The ASCII picture of `state` (what `check` prints after a violation's rows). Pure; no trailing newline. */
  ascii(model: Model<S>, state: S): string;
  /** Writes the HTML report of a violation of `model` to `dir` (created if needed). */
  writeReport(model: Model<S>, violation: FoundViolation, replayCommand: string, dir: string): Promise<WrittenFiles>;
  /**
   * The explorer's picture after `steps` from `initial` (the state shown is the last `after`, or
   * `initial`). `violated` are the property findings up to there (their messages name commits to mark).
   */
  view(model: Model<S>, initial: S, steps: readonly PictureStep<S>[], violated: readonly { readonly property: string; readonly message: string }[]): PictureView;
  /**
   * The data-first picture behind these, when the model has one in `ModelPicture`'s shape (what the
   * generic report pipeline, `reports/models/`, and `grove-check render` draw). Grove's forest has
   * its own pipeline and no `drawing`.
   */
  readonly drawing?: ModelPicture<S, unknown>;
  /**
   * Optional, for a picture with its own pipeline (no `drawing`): draws one scenario of `model` as
   * `grove-check render` does, writing its report files under `o.dir`. Returns the text to print and
   * the scenario's entry of `--json`.
   */
  renderScenario?(model: Model<S>, scenario: Scenario, o: { readonly name: string; readonly file: string; readonly dir: string; readonly variant?: string }): Promise<{ readonly text: string; readonly json: unknown }>;
}

/** The facts a packed kernel returns for one step (overwritten by the next call). */
export interface PackedStepInfo {
  /** First violated property, as index + 1 into `PackedKernel.propertyIds`; 0 if none. */
  readonly violated: number;
  /** True when the watched advisory property failed on this step (not strict). */
  readonly advisoryG7: boolean;
  /**
   * True when `step` found the successor to be the state it stepped from (a model step that
   * returned its state object unchanged) and wrote nothing: the engine's loop for variable-length
   * vectors then counts the transition and judges it as one to a known state, without encoding,
   * hashing or looking the successor up. Only the codec kernel sets it.
   */
  readonly same?: boolean;
}

/**
 * A compiled model over fixed-size byte vectors: what the fast engine (`checker/fast/`) searches. It
 * is not pure in the allocation sense: `step` writes into a caller-owned vector and never writes its
 * input. Action numbers index `enabled`'s output, in the order of the model's `actions` (so a path
 * of indices replays on the reference model).
 */
export interface PackedKernel {
  /** Vector size in bytes and 32-bit words (bytes = 4 × words), and the number of actors. */
  readonly layout: { readonly bytes: number; readonly words: number; readonly actors: number };
  /** The most actions one state enables (the size of `enabled`'s output buffer). */
  readonly maxActions: number;
  /** Advisory failures fail the check. */
  strict: boolean;
  /** Evaluate the watched advisory property (the engine turns it off once one was recorded). */
  checkG7: boolean;
  initial(out: Uint8Array): void;
  /** Writes the enabled action codes of `s` to `out`; returns their count. */
  enabled(s: Uint8Array, out: Int32Array): number;
  /** Takes action code `action` from `s`, writing the successor to `out`. */
  step(s: Uint8Array, action: number, out: Uint8Array): PackedStepInfo;
  /** True when `s` violates the watched advisory property. */
  violatesG7(s: Uint8Array): boolean;
  /**
   * Optional: the words of the last `step`'s output that may differ from its input (ascending, no
   * repeats) into `out` (length ≥ `layout.words`); returns how many. With it the engine updates a
   * successor's fingerprint from those words only instead of comparing every word.
   */
  written?(out: Int32Array): number;
  /**
   * Optional: how many leading words of the vector the last `initial` or `step` wrote (the rest is
   * zero). The engine then hashes and copies only those; without it, all of `layout.words`.
   */
  used?(): number;
  /**
   * Optional: the state properties of a successor the engine has not seen before. A kernel with it
   * evaluates only its transition properties in `step` (and the state properties ordered before a
   * transition property that failed), and the engine calls this for each new successor. Sound
   * because a state seen before passed its state properties when it was first reached (the search
   * stops at the first violation, and the first transition into a state is the first one that
   * reaches it), so the verdict, the first advisory and the counterexample stay the same.
   */
  stateCheck?(s: Uint8Array): PackedStepInfo;
  /**
   * Optional: the transition properties of the last `step`, judged once the engine knows whether its
   * successor was seen before (`known`). A kernel with it judges none in `step`, and the engine calls
   * this for every transition, before `stateCheck`. With `known`, a kernel may leave out the part of a
   * transition property that looks at the successor alone (`CodecCapability.transitionParts`), for
   * the reason `stateCheck` gives.
   */
  transitionCheck?(known: boolean): PackedStepInfo;
}

/** One state per orbit of actor permutations, on packed vectors. */
export interface PackedSymmetry {
  canonical(s: Uint8Array, out: Uint8Array): void;
  /** Renamed vectors compared so far. */
  readonly candidates: number;
}

/** Partial-order reduction on packed vectors: a single-step ample set, or -1 for all. */
export interface PackedPartialOrder<C = unknown> {
  ample(s: Uint8Array, enabled: Int32Array, n: number): number;
  readonly counts: C;
}

/**
 * What the fast engine needs from a model: its kernel, the property ids in the kernel's numbering,
 * the watched advisory, the reductions it supports, and how a worker thread rebuilds the kernel.
 */
export interface PackedCapability<S = unknown, K extends PackedKernel = PackedKernel> {
  /** Compiles `model` (throws `UsageError` for a configuration the kernel cannot run faithfully). */
  kernel(model: Model<S>): K;
  /** Property ids by number: `step().violated` is index + 1. */
  readonly propertyIds: readonly string[];
  /** Properties the kernel evaluates only under `strict` (reported as not evaluated otherwise). */
  readonly strictOnly?: readonly string[];
  /** The advisory property the kernel watches (`advisoryG7`), or undefined. */
  readonly advisory?: string;
  symmetry?(kernel: K): PackedSymmetry;
  partialOrder?(kernel: K): PackedPartialOrder;
  /**
   * Parallel search (`--workers N`): the module a worker imports (it exports `kernelFromInit`,
   * `symmetryOf` and `partialOrderOf`) and the structured-cloneable data that rebuilds `kernel`.
   */
  readonly worker?: { readonly module: string; init(kernel: K, model: Model<S>): unknown };
}

/** How `--against` runs an implementation beside the model. The harness is imported lazily. */
export interface AgainstCapability<S = unknown> {
  /** `check --against IMPL`: runs generated schedules on both; resolves to the exit code. */
  check(model: Model<S>, flags: Readonly<Record<string, string | string[] | boolean | undefined>>): Promise<number>;
}

/** The capabilities of a model instance (see the module comment). */
export interface Capabilities<S> {
  readonly picture?: PictureCapability<S>;
  readonly packed?: PackedCapability<S>;
  readonly codec?: CodecCapability<S>;
  readonly against?: AgainstCapability<S>;
}
