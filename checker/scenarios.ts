/**
 * The scenario runner: builds the model a scenario's headers describe, replays it (in order, or as a
 * concurrent history when it has overlapping calls) and compares the verdict with its `expect:` line.
 *
 * Headers read here:
 * - `model:` (default `grove`), `variant:` (default `lsn-cas`), `actors:` and `ops:` (program-driven
 *   actors; default 0, so every actor is scripted), `program:` (client ops, e.g. `push,force-push`),
 *   `max-lost-replies:`, `max-crashes:`, `max-faults:`, `collide: true` (faults, MODEL.md §4), and
 *   `set: key=value` for any other model option (as `check --set`);
 * - `expect:` one verdict per variant, `;`-separated: `logid-check=ok; lsn-cas=mismatch(row 3)`.
 *   A verdict without `variant=` is for the scenario's own variant. Verdicts: `ok`,
 *   `violation(G6)`, `mismatch(row N)`, `linearizable`, `not-linearizable`.
 *
 * Every size a file can ask for is bounded before any work (`SCENARIO_LIMITS`), and every error the
 * runner or the model raises while reading a scenario names the header, entry or row it came from:
 * `locate` turns it into `file:line:column: message`.
 */
import { UsageError, type Model } from '../model/core/model.ts';
import { familyByName } from '../model/registry.ts';
import { readOptions, readSetting } from '../model/core/options.ts';
import { replayHistory, replaySequential, type HistoryVerdict, type ReplayResult } from './replay.ts';
import { header, type Header, type Scenario, type Span } from '../scenarios/notation/types.ts';

/**
 * The largest numbers a scenario header may give: `actors:`, `ops:`, the fault budgets and every
 * whole number in a `set:` line. A scenario is a hand-sized schedule; anything bigger is a typo or
 * an attack, and is refused before the model is built.
 */
export const SCENARIO_LIMITS = { actors: 64, ops: 1_000, number: 1_000 } as const;

/**
 * A scenario file's error at a position: `message` is `file:line:column: what`. Raised by `locate`;
 * a `UsageError`, so the command line prints it as one line with exit code 2.
 */
export class ScenarioError extends UsageError {
  constructor(
    readonly file: string,
    at: Span,
    readonly what: string,
  ) {
    super(`${file}:${at.line}:${at.column}: ${what}`, at);
  }
}

/**
 * Names the file and position of an error met while reading or replaying scenario `s` of `file`:
 * a `UsageError` with a position (`at`) is placed there, one without at the scenario's first line;
 * any other error is returned as it is (a bug of the harness, not of the file).
 */
export function locate(e: unknown, file: string, s?: Scenario): unknown {
  if (!(e instanceof UsageError) || e instanceof ScenarioError) return e;
  const at = e.at ?? firstSpan(s) ?? { line: 1, column: 1 };
  return new ScenarioError(file, at, e.message);
}

function firstSpan(s: Scenario | undefined): Span | undefined {
  if (s === undefined) return undefined;
  return [...s.headers, ...s.initial, ...s.rows].map((x) => x.span).filter((x): x is Span => x !== undefined).sort((a, b) => a.line - b.line || a.column - b.column)[0];
}

function headerAt(s: Scenario, key: string): Header | undefined {
  return s.headers.find((h) => h.key === key);
}

/** The position of a header's value (where the number or name starts), for errors. */
export function valueSpan(h: Header | undefined): Span | undefined {
  if (h?.span === undefined) return undefined;
  return { line: h.span.line, column: h.span.column + h.key.length + 2 };
}

/** A scenario's name: its `scenario:` header, or `#N` (its position in the file). */
export function scenarioName(s: Scenario, index: number): string {
  return header(s, 'scenario') ?? `#${index + 1}`;
}

function intHeader(s: Scenario, key: string, fallback: number, max: number = SCENARIO_LIMITS.number): number {
  const h = headerAt(s, key);
  if (h === undefined) return fallback;
  const v = h.value;
  if (!/^\d+$/.test(v)) throw new UsageError(`header '${key}: ${v}' must be a whole number`, valueSpan(h));
  const n = Number(v);
  if (n > max) throw new UsageError(`header '${key}: ${v}' is too large: a scenario may have at most ${max.toLocaleString('en-US')}`, valueSpan(h));
  return n;
}

/**
 * Builds the model a scenario describes, for `variant` (default: its own `variant:` header). Its
 * headers are read by the model option schema (`model/core/options.ts`), after the sizes a scenario
 * may give are checked (`SCENARIO_LIMITS`, with the header's position); `actors:` and `ops:` default
 * to 0 here (every actor scripted), and `set: key=value` lines give the family's other options (as
 * `check --set`).
 */
export function modelForScenario(s: Scenario, variant?: string): Model<unknown> {
  const family = atHeader(s, 'model', () => familyByName(header(s, 'model') ?? 'grove'));
  intHeader(s, 'actors', 0, SCENARIO_LIMITS.actors);
  intHeader(s, 'ops', 0, SCENARIO_LIMITS.ops);
  for (const key of ['max-lost-replies', 'max-crashes', 'max-faults']) intHeader(s, key, 0);
  const { top, extra } = positioned(s, () =>
    readOptions(
      (spec) => (spec.name === 'variant' ? undefined : spec.type === 'boolean' ? header(s, spec.header) === 'true' : header(s, spec.header)),
      (spec) => `header '${spec.header}'`,
    ),
  );
  for (const h of s.headers.filter((x) => x.key === 'set')) {
    const m = /^([A-Za-z][\w-]*)=(-?\d+)$/.exec(h.value);
    if (m !== null && Math.abs(Number(m[2])) > SCENARIO_LIMITS.number) {
      throw new UsageError(`header 'set: ${h.value}' is too large: a scenario may have at most ${SCENARIO_LIMITS.number.toLocaleString('en-US')}`, valueSpan(h));
    }
    const [key, value] = positioned(s, () => readSetting(h.value, "header 'set:'", family.options), h);
    extra[key] = value;
  }
  const options = {
    variant: variant ?? header(s, 'variant') ?? family.defaultVariant,
    actors: (top.actors as number | undefined) ?? 0,
    ops: (top.ops as number | undefined) ?? 0,
    extra,
  };
  // A build error (unknown variant, a bad program or option) is the variant header's, else the model's.
  const own = header(s, 'variant');
  return atHeader(s, own !== undefined && (variant === undefined || variant === own) ? 'variant' : 'model', () => family.build(options));
}

/**
 * Runs `f`; a `UsageError` without a position gets the position of the header it names
 * (`header 'KEY…'`), or of `at` when given.
 */
function positioned<T>(s: Scenario, f: () => T, at?: Header): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof UsageError) || e.at !== undefined) throw e;
    const named = /header '([\w-]+)/.exec(e.message)?.[1];
    const h = at ?? (named === undefined ? undefined : headerAt(s, named));
    if (h !== undefined) throw new UsageError(e.message, valueSpan(h));
    throw e;
  }
}

/** Runs `f`; a `UsageError` without a position gets the position of header `key` (when present). */
function atHeader<T>(s: Scenario, key: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError && e.at === undefined && headerAt(s, key) !== undefined) throw new UsageError(e.message, valueSpan(headerAt(s, key)));
    throw e;
  }
}

/** True when the scenario has overlapping calls and so reads as a concurrent history. */
export function isHistory(s: Scenario): boolean {
  return s.rows.some((r) => r.kind === 'invoke' || r.kind === 'complete');
}

/** The expected verdict per variant (`*` for the scenario's own variant). */
export function expectations(s: Scenario): Map<string, string> {
  const out = new Map<string, string>();
  const raw = header(s, 'expect');
  if (raw === undefined) return out;
  for (const part of raw.split(';').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(?:([\w./-]+)\s*=\s*)?(ok|violation\(\w+\)|mismatch\(row \d+\)|linearizable|not-linearizable)$/.exec(part);
    if (m === null) throw new UsageError(`expect: cannot read '${part}'; expected [variant=]ok|violation(G6)|mismatch(row N)|linearizable|not-linearizable`, valueSpan(headerAt(s, 'expect')));
    out.set(m[1] ?? '*', m[2]);
  }
  return out;
}

export interface ScenarioRun {
  readonly variant: string;
  readonly verdict: string;
  readonly expected?: string;
  /** True when there is no expectation or the verdict equals it. */
  readonly asExpected: boolean;
  readonly replay?: ReplayResult<unknown>;
  readonly history?: HistoryVerdict;
}

/** The verdict of one replay, as the text an `expect:` line holds. */
export function verdictText(r: ReplayResult<unknown>): string {
  const v = r.result;
  return v.verdict === 'ok' ? 'ok' : v.verdict === 'violation' ? `violation(${v.property})` : `mismatch(row ${v.atRow})`;
}

/** Runs a scenario against one variant and compares with its expectation for that variant. */
export function runScenario(s: Scenario, variant?: string, strict = false): ScenarioRun {
  const built = modelForScenario(s, variant);
  const name = built.variant ?? '';
  const exp = expectations(s);
  const expected = exp.get(name) ?? (variant === undefined || variant === header(s, 'variant') ? exp.get('*') : undefined);
  // A scenario that expects an advisory property (G7, D1) to fail is replayed with that one enforced.
  const wanted = /^violation\((\w+)\)$/.exec(expected ?? '')?.[1];
  const model = wanted === undefined ? built : { ...built, properties: built.properties.map((p) => (p.id === wanted ? { ...p, advisory: false } : p)) };
  if (isHistory(s)) {
    const h = replayHistory(model, s);
    return { variant: name, verdict: h.verdict, expected, asExpected: expected === undefined || expected === h.verdict, history: h };
  }
  const r = replaySequential(model, s, strict);
  const verdict = verdictText(r);
  return { variant: name, verdict, expected, asExpected: expected === undefined ? r.result.verdict === 'ok' : expected === verdict, replay: r };
}

/** The variants a scenario is to be replayed against: those its `expect:` names, else its own. */
export function variantsOf(s: Scenario): string[] {
  const named = [...expectations(s).keys()].filter((k) => k !== '*');
  const own = header(s, 'variant');
  if (named.length === 0) return [own ?? atHeader(s, 'model', () => familyByName(header(s, 'model') ?? 'grove')).defaultVariant];
  return expectations(s).has('*') && own !== undefined && !named.includes(own) ? [own, ...named] : named;
}
