/**
 * An exploring session, as pure data: a model, the state it started from, and a *timeline* of steps
 * with a cursor into it. The steps before the cursor have been taken (the undo stack, most recent
 * last); the steps after it were undone and can be taken again (the redo stack, next first). Taking a
 * new step at the cursor drops the redo stack, as in an editor.
 *
 * Every operation returns a new session and leaves its argument untouched; a session never holds a
 * mutable state, and the model's states are themselves immutable, so undo is a cursor move and never
 * a recomputation. Each step carries the findings of every property on it (transition properties on
 * the step, state properties on the state after it), computed once when the step is taken.
 *
 * What a session does not do: run concurrent histories (overlapping `invoke`/`complete` rows; those
 * are `grove-check replay`'s), or anything asynchronous (SVG rendering and the HTTP server live in
 * `view.ts`'s callers).
 */
import { UsageError, type Action, type Model, type Step } from '../model/core/model.ts';
import { locate, modelForScenario, valueSpan } from '../checker/scenarios.ts';
import { startState, stepForRow, resultMatches } from '../checker/replay.ts';
import { parseScenarioFile } from '../scenarios/notation/parse.ts';
import { header, type InitialEntry, type Row, type Scenario } from '../scenarios/notation/types.ts';
import { buildModel, configOfModel, LIMITS, type ExploreConfig } from './config.ts';

/** What one property says about one step (or about the initial state). */
export interface Finding {
  readonly property: string;
  readonly message: string;
  readonly advisory: boolean;
}

/** One step of the timeline. */
export interface Entry<S> {
  /** The row as the model printed it (its result is the model's). */
  readonly row: Row;
  /** A loaded row as written, when the model gives another result. */
  readonly written?: Row;
  /** The state after the step. */
  readonly next: S;
  readonly effect?: unknown;
  /** The index into the enabled actions that was fired; null for a scripted row applied by `apply`. */
  readonly action: number | null;
  /** The action's fault kind, for fault steps. */
  readonly fault?: Action['fault'];
  /** Every property that fails on this step, advisory ones included. */
  readonly findings: readonly Finding[];
}

/** A session: see the module comment. Treat as immutable. */
export interface Session<S = unknown> {
  readonly config: ExploreConfig;
  readonly model: Model<S>;
  /** The state before the first step. */
  readonly initial: S;
  /** State properties failing on the initial state. */
  readonly initialFindings: readonly Finding[];
  /** A loaded scenario's `Initial state:` block, kept so that a saved scenario starts where it did. */
  readonly initialBlock: readonly InitialEntry[];
  readonly timeline: readonly Entry<S>[];
  /** Steps taken: `timeline[0 .. cursor)`. */
  readonly cursor: number;
  /** Where the session came from, when loaded (a file name, `upload`, `find`). */
  readonly source?: string;
  /** A remark for the person exploring (a load that stopped early, what a search found). */
  readonly notice?: string;
}

/** A property's status at the cursor. */
export interface PropertyStatus {
  readonly id: string;
  readonly title: string;
  readonly advisory: boolean;
  /** `violated` once some step up to the cursor (or the initial state) failed it. */
  readonly status: 'ok' | 'violated';
  /** The witness message of the first failure. */
  readonly message?: string;
  /** Step number (1-based; 0 for the initial state) of the first failure. */
  readonly step?: number;
  /** True when it fails on the current step itself (or on the initial state, at cursor 0). */
  readonly now: boolean;
}

/** Every property that fails on `before --step--> step.next`, in the model's order. */
export function findingsOf<S>(model: Model<S>, before: S, step: Step<S>): Finding[] {
  const out: Finding[] = [];
  for (const p of model.properties) {
    const m = p.transition?.(before, step) ?? p.state?.(step.next) ?? null;
    if (m !== null) out.push({ property: p.id, message: m, advisory: p.advisory === true });
  }
  return out;
}

function initialFindingsOf<S>(model: Model<S>, s: S): Finding[] {
  const out: Finding[] = [];
  for (const p of model.properties) {
    const m = p.state?.(s) ?? null;
    if (m !== null) out.push({ property: p.id, message: m, advisory: p.advisory === true });
  }
  return out;
}

/** A fresh session at the initial state of `model`. */
export function sessionOf<S>(model: Model<S>, config: ExploreConfig, initial: S = model.initial(), initialBlock: readonly InitialEntry[] = []): Session<S> {
  return { config, model, initial, initialFindings: initialFindingsOf(model, initial), initialBlock, timeline: [], cursor: 0 };
}

/** A fresh session for a configuration. Throws `UsageError` for an unknown model or variant. */
export function startSession(config: ExploreConfig): Session {
  return sessionOf(buildModel(config), config);
}

/** The state after `k` steps of the timeline (default: at the cursor). */
export function stateAt<S>(s: Session<S>, k: number = s.cursor): S {
  return k === 0 ? s.initial : s.timeline[k - 1].next;
}

/** The actions enabled at the cursor, in the model's order. */
export function enabled<S>(s: Session<S>): readonly Action[] {
  return s.model.actions(stateAt(s));
}

function push<S>(s: Session<S>, entry: Entry<S>): Session<S> {
  const { notice: _notice, ...rest } = s;
  return { ...rest, timeline: [...s.timeline.slice(0, s.cursor), entry], cursor: s.cursor + 1 };
}

/**
 * Takes enabled action number `index` at the cursor; drops the redo stack. Throws `UsageError`
 * when `index` is not a whole number naming an enabled action.
 */
export function fire<S>(s: Session<S>, index: number): Session<S> {
  const actions = enabled(s);
  if (!Number.isInteger(index) || index < 0 || index >= actions.length) {
    throw new UsageError(actions.length === 0 ? 'no step is enabled here (every actor is done)' : `index must be a whole number from 0 to ${actions.length - 1}, got ${JSON.stringify(index)}`);
  }
  const before = stateAt(s);
  const step = s.model.step(before, index);
  const fault = actions[index].fault;
  return push(s, { row: step.row, next: step.next, effect: step.effect, action: index, ...(fault !== undefined ? { fault } : {}), findings: findingsOf(s.model, before, step) });
}

/**
 * Takes the step a scenario row describes: the actor's program step when it has one enabled (its op
 * must match), else the model's `apply` for a scripted actor (as `grove-check replay` does). Keeps
 * the written row beside the model's when their results differ. Throws `UsageError` for a row the
 * model cannot take here.
 */
export function applyRow<S>(s: Session<S>, row: Row): Session<S> {
  if (row.kind === 'note') throw new UsageError('a note is not a step');
  if (row.kind === 'invoke' || row.kind === 'complete') throw new UsageError('overlapping calls (invoke/complete rows) are not supported by the explorer; use grove-check replay');
  const before = stateAt(s);
  const step = stepForRow(s.model, before, row);
  const differs = row.kind === 'call' && step.row.kind === 'call' && !resultMatches(row.result, step.row.result);
  const action = programIndex(s.model, before, step);
  const fault = action === null ? undefined : s.model.actions(before)[action]?.fault;
  return push(s, { row: step.row, ...(differs ? { written: row } : {}), next: step.next, effect: step.effect, action, ...(fault !== undefined ? { fault } : {}), findings: findingsOf(s.model, before, step) });
}

/** The enabled action that gives exactly `step` (same row and next state), or null for a scripted step. */
function programIndex<S>(model: Model<S>, before: S, step: Step<S>): number | null {
  const want = model.fingerprint(step.next);
  const n = model.actions(before).length;
  for (let i = 0; i < n; i++) if (model.fingerprint(model.step(before, i).next) === want) return i;
  return null;
}

/** One step back. Throws `UsageError` at the initial state. */
export function undo<S>(s: Session<S>): Session<S> {
  if (s.cursor === 0) throw new UsageError('nothing to undo: this is the initial state');
  const { notice: _notice, ...rest } = s;
  return { ...rest, cursor: s.cursor - 1 };
}

/** One step forward along the redo stack. Throws `UsageError` when there is nothing to redo. */
export function redo<S>(s: Session<S>): Session<S> {
  if (s.cursor === s.timeline.length) throw new UsageError('nothing to redo');
  const { notice: _notice, ...rest } = s;
  return { ...rest, cursor: s.cursor + 1 };
}

/** Moves the cursor to step `k` (0 … timeline length) without changing the timeline. */
export function goto<S>(s: Session<S>, k: number): Session<S> {
  if (!Number.isInteger(k) || k < 0 || k > s.timeline.length) throw new UsageError(`step must be a whole number from 0 to ${s.timeline.length}, got ${JSON.stringify(k)}`);
  const { notice: _notice, ...rest } = s;
  return { ...rest, cursor: k };
}

/** The same session with a remark for the page. */
export function withNotice<S>(s: Session<S>, notice: string | undefined, source?: string): Session<S> {
  const { notice: _n, ...rest } = s;
  return { ...rest, ...(notice !== undefined ? { notice } : {}), ...(source !== undefined ? { source } : {}) };
}

/**
 * The model a loaded scenario describes, refused (before it is built) when it asks for more than the
 * form may: `LIMITS` on actors, ops and fault budgets, scripted actors and rows included.
 * Errors name `name:line:column`.
 */
function withinLimits(sc: Scenario, name: string): ReturnType<typeof modelForScenario> {
  const over = (what: string, n: number, max: number, at?: { line: number; column: number }) =>
    locate(new UsageError(`${what} is ${n}; the explorer takes at most ${max}`, at), name, sc);
  for (const [key, max] of [['actors', LIMITS.actors], ['ops', LIMITS.ops], ['max-lost-replies', LIMITS.faults], ['max-crashes', LIMITS.faults], ['max-faults', LIMITS.faults]] as const) {
    const h = sc.headers.find((x) => x.key === key);
    if (h !== undefined && /^\d+$/.test(h.value) && Number(h.value) > max) throw over(`'${key}'`, Number(h.value), max, valueSpan(h));
  }
  const scripted = new Set(sc.rows.flatMap((r) => (r.kind === 'note' ? [] : [r.actor])));
  if (scripted.size > MAX_LOADED_ACTORS) throw over('the number of actors in the rows', scripted.size, MAX_LOADED_ACTORS);
  const steps = sc.rows.filter((r) => r.kind !== 'note');
  if (steps.length > MAX_LOADED_ROWS) throw over('the number of rows', steps.length, MAX_LOADED_ROWS, steps[MAX_LOADED_ROWS].span);
  try {
    return modelForScenario(sc);
  } catch (e) {
    throw locate(e, name, sc);
  }
}

/** Most rows a loaded scenario may have (each is a step of the timeline, kept with its state). */
export const MAX_LOADED_ROWS = 1_000;
/** Most distinct actors the rows of a loaded scenario may name (program-driven ones included). */
export const MAX_LOADED_ACTORS = 16;

/**
 * Starts a session from a scenario: the model its headers describe (`modelForScenario`), its start
 * state (`startState`: the `Initial state:` block, scripted actors that have seen it), then every row
 * taken in order through `applyRow`. A row the model cannot take ends the load there, with a notice
 * naming it; the rows before it stay. The cursor is left at the end (`at: 'end'`, to see where the
 * scenario leads) or at the start (`at: 'start'`, to step through it with redo). `index` picks a
 * scenario of a file that holds several (0-based; default the first).
 * @throws ParseError for malformed text; UsageError for an empty file, an unknown model or variant,
 *   or a concurrent history, and for one that asks for more than the explorer's limits.
 */
export function loadScenario(text: string, options: { name?: string; at?: 'start' | 'end'; index?: number } = {}): Session {
  const name = options.name ?? 'pasted scenario';
  const file = parseScenarioFile(text, name);
  if (file.scenarios.length === 0) throw new UsageError(`${name}: no scenario in it (no headers and no rows)`);
  const index = options.index ?? 0;
  const sc: Scenario | undefined = file.scenarios[index];
  if (sc === undefined) throw new UsageError(`${name}: it holds ${file.scenarios.length} scenarios; there is no number ${index + 1}`);
  if (sc.rows.some((r) => r.kind === 'invoke' || r.kind === 'complete')) {
    throw new UsageError(`${name}: overlapping calls (invoke/complete rows) are a concurrent history; the explorer steps through sequential scenarios only (use grove-check replay)`);
  }
  const model = withinLimits(sc, name);
  let s: Session = sessionOf(model, configOfModel(model), startState(model, sc), sc.initial);
  let notice: string | undefined;
  let taken = 0;
  const steps = sc.rows.filter((r) => r.kind !== 'note');
  for (const row of steps) {
    try {
      s = applyRow(s, row);
      taken++;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      notice = `stopped after ${taken} of ${steps.length} rows: ${(locate(e, name, sc) as Error).message}`;
      break;
    }
  }
  const more = file.scenarios.length > 1 ? ` (scenario ${index + 1} of ${file.scenarios.length} in the file${header(sc, 'scenario') !== undefined ? `: ${header(sc, 'scenario')}` : ''})` : '';
  const mismatches = s.timeline.filter((e) => e.written !== undefined).length;
  const said = notice ?? `loaded ${taken} rows${more}${mismatches > 0 ? `; ${mismatches} written result${mismatches > 1 ? 's differ' : ' differs'} from the model's` : ''}`;
  return withNotice(options.at === 'start' ? { ...s, cursor: 0 } : s, said, name);
}

/** Every property's status at the cursor (see `PropertyStatus`), in the model's order. */
export function propertyStatus<S>(s: Session<S>): PropertyStatus[] {
  return s.model.properties.map((p) => {
    const advisory = p.advisory === true;
    let first: { message: string; step: number } | undefined;
    const atStart = s.initialFindings.find((f) => f.property === p.id);
    if (atStart !== undefined) first = { message: atStart.message, step: 0 };
    for (let k = 0; first === undefined && k < s.cursor; k++) {
      const f = s.timeline[k].findings.find((x) => x.property === p.id);
      if (f !== undefined) first = { message: f.message, step: k + 1 };
    }
    const now = s.cursor === 0 ? atStart !== undefined : s.timeline[s.cursor - 1].findings.some((x) => x.property === p.id);
    return first === undefined
      ? { id: p.id, title: p.title, advisory, status: 'ok' as const, now: false }
      : { id: p.id, title: p.title, advisory, status: 'violated' as const, message: first.message, step: first.step, now };
  });
}

/** The first failure of a non-advisory property up to the cursor (what the checker would report), if any. */
export function firstViolation<S>(s: Session<S>): { property: string; message: string; step: number } | undefined {
  const f0 = s.initialFindings.find((f) => !f.advisory);
  if (f0 !== undefined) return { property: f0.property, message: f0.message, step: 0 };
  for (let k = 0; k < s.cursor; k++) {
    const f = s.timeline[k].findings.find((x) => !x.advisory);
    if (f !== undefined) return { property: f.property, message: f.message, step: k + 1 };
  }
  return undefined;
}

/** The rows taken so far (up to the cursor), as the model printed them. */
export function rowsTaken<S>(s: Session<S>): Row[] {
  return s.timeline.slice(0, s.cursor).map((e) => e.row);
}
