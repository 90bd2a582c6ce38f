/**
 * The seeds' `Actor Op Result` notation as data.
 *
 * Every schedule, counterexample and scenario in this project is a list of these rows. The notation
 * is model-agnostic: an op is a name with angle-bracketed arguments (`Append<a@1>`, `CAS<main, a, b>`,
 * `Deliver<r2, e1>`), a result is `Ok`, `Ok(x)`, `Err`, `Err(x)`, `Err: message`, or `?` when the
 * actor never learned it (a lost reply). Which ops exist and what they mean is the model's business.
 */

/** An operation: `Name<arg, arg>`. Arguments are kept as written (`a`, `a@2`, `main`). */
export interface Op {
  readonly name: string;
  readonly args: readonly string[];
}

/**
 * A result as written. `value` is the parenthesised part (`Err(b)`, `Ok(a@2)`), `message` the part after
 * a colon (`Err: conflict`). `unknown` is a lost reply: the remote may or may not have applied the op.
 */
export type Result =
  | { readonly kind: 'ok'; readonly value?: string }
  | { readonly kind: 'err'; readonly value?: string; readonly message?: string }
  | { readonly kind: 'unknown' };

/** Where a row came from, for `file:line:column` errors and replay reports. */
export interface Span {
  readonly line: number;
  readonly column: number;
}

/**
 * One line of a schedule.
 * - `call`: `1 Append<a> Ok`, an op and its result in one step.
 * - `invoke`: `1 Check<main, a> ...`, an op whose result comes later (overlapping calls).
 * - `complete`: `1 ... Err(b)`, the result of that actor's oldest pending `invoke`.
 * - `fault`: `2 crash`, `2 restart` (MODEL.md §4).
 * - `note`: a `//` or `#` comment line, kept so that re-printing a user's file keeps its comments.
 */
export type Row =
  | { readonly kind: 'call'; readonly actor: string; readonly op: Op; readonly result: Result; readonly span?: Span }
  | { readonly kind: 'invoke'; readonly actor: string; readonly op: Op; readonly span?: Span }
  | { readonly kind: 'complete'; readonly actor: string; readonly result: Result; readonly span?: Span }
  | { readonly kind: 'fault'; readonly actor: string; readonly fault: 'crash' | 'restart'; readonly span?: Span }
  | {
      readonly kind: 'note';
      readonly text: string;
      /** Set when the comment was written with `//` (printed back so); `#` otherwise. */
      readonly marker?: '//';
      /** Set when a blank line stood before the comment inside its block (printed back). */
      readonly gap?: true;
      readonly span?: Span;
    };

/** A `- key: value` line of an `Initial state:` block (`- main: a@2`). */
export interface InitialEntry {
  readonly key: string;
  readonly value: string;
  readonly span?: Span;
}

/** A header line before the rows (`model: grove`, `variant: lsn-cas`, `expect: …`). Order is kept. */
export interface Header {
  readonly key: string;
  readonly value: string;
  readonly span?: Span;
}

/** One scenario: headers, an optional initial state, and rows. A file may hold several. */
export interface Scenario {
  /** Comments written above the scenario's first header or `Initial state:` line (only notes; absent when none). */
  readonly preamble?: readonly Row[];
  readonly headers: readonly Header[];
  readonly initial: readonly InitialEntry[];
  readonly rows: readonly Row[];
}

/** A parsed file. */
export interface ScenarioFile {
  readonly scenarios: readonly Scenario[];
}

/** Convenience: the value of the first header named `key`, if any. */
export function header(s: Scenario, key: string): string | undefined {
  return s.headers.find((h) => h.key === key)?.value;
}
