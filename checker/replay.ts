/**
 * Replay: a scenario's rows as a chooser over the model.
 *
 * Read in order (every row a step that takes effect when written), each row is matched to a step:
 * a program-driven actor's row must be that actor's next enabled step (the op must be the one its
 * program takes), a scripted actor's row is applied with `model.apply`. The model's result is then
 * compared with the written one and the model's properties are checked after every step. Verdicts:
 * `ok` (every result as written, no property violated), `violation` (a property failed at a row),
 * `mismatch` (the model gives another result than the one written, at a row).
 *
 * Read as a concurrent history (when the scenario has overlapping calls: a pending `invoke` row and
 * its later `complete`), the rows are intervals instead of points: a call takes effect at some moment
 * between its invocation and its completion, and an invocation never completed may take effect at
 * any later moment or never. `replayHistory` searches for an order of the calls that respects real
 * time and gives every written result, with the linearizability checker of `lin/` (the model as a
 * `LinModel` over its `apply`); it returns the order it found or the longest prefix it could build.
 */
import { UsageError, type Model } from '../model/core/model.ts';
import type { Op, Result, Row, Scenario } from '../scenarios/notation/types.ts';
import { printOp, printResult, printRow } from '../scenarios/notation/print.ts';
import { checkInitial, checkStep } from './properties.ts';
import { checkLinearizable } from '../lin/check.ts';
import type { Operation } from '../lin/history.ts';

/** Does the written result accept the model's? `b` written accepts `b@1` given; `?` accepts anything. */
export function resultMatches(written: Result, actual: Result): boolean {
  if (written.kind === 'unknown') return true;
  if (actual.kind === 'unknown') return false;
  if (written.kind !== actual.kind) return false;
  if (written.value !== undefined) {
    const a = actual.value;
    if (a === undefined) return false;
    if (a !== written.value && !(written.value.indexOf('@') < 0 && a.split('@')[0] === written.value)) return false;
  }
  if (written.kind === 'err' && actual.kind === 'err' && written.message !== undefined && written.message !== actual.message) return false;
  return true;
}

/** Do two ops name the same step? Arguments compare as written, with `a` accepting `a@n`. */
export function opMatches(written: Op, actual: Op): boolean {
  if (written.name !== actual.name || written.args.length !== actual.args.length) return false;
  return written.args.every((w, i) => w === actual.args[i] || (w.indexOf('@') < 0 && actual.args[i].split('@')[0] === w));
}

export interface RowVerdict {
  /** 1-based number among the scenario's rows (notes included). */
  readonly index: number;
  readonly written: Row;
  /** The row as the model gives it (its result), when the row was run. */
  readonly actual?: Row;
  readonly match: boolean;
}

export type ReplayVerdict =
  | { readonly verdict: 'ok' }
  | { readonly verdict: 'violation'; readonly property: string; readonly message: string; readonly atRow: number }
  | { readonly verdict: 'mismatch'; readonly atRow: number; readonly written: string; readonly actual: string };

export interface ReplayResult<S> {
  readonly result: ReplayVerdict;
  readonly rows: readonly RowVerdict[];
  /** States before the first row and after each row run (for reports). */
  readonly states: readonly S[];
  /** Advisory findings (G7) met on the way. */
  readonly advisories: readonly { property: string; message: string; atRow: number }[];
}

/** The state a scenario starts from: its `Initial state:` block if any, else the model's initial state. */
export function startState<S>(model: Model<S>, scenario: Scenario): S {
  const initial = model.initial();
  const programmed = new Set(model.actions(initial).map((a) => a.actor));
  const scripted = [...new Set(scenario.rows.flatMap((r) => (r.kind === 'note' ? [] : [r.actor])))].filter((a) => !programmed.has(a));
  if (model.initialFrom !== undefined) return model.initialFrom(scenario.initial, scripted);
  if (scenario.initial.length > 0) throw new UsageError(`model ${model.name} does not read an Initial state block`);
  return initial;
}

/**
 * Takes the step a row describes: the actor's program step if it has one enabled, else `apply`.
 * A `UsageError` the model raises without a position gets the row's (`UsageError.at`).
 */
export function stepForRow<S>(model: Model<S>, s: S, row: Extract<Row, { kind: 'call' | 'invoke' | 'fault' }>) {
  try {
    return stepForRowUnplaced(model, s, row);
  } catch (e) {
    if (e instanceof UsageError && e.at === undefined && row.span !== undefined) throw new UsageError(e.message, row.span);
    throw e;
  }
}

function stepForRowUnplaced<S>(model: Model<S>, s: S, row: Extract<Row, { kind: 'call' | 'invoke' | 'fault' }>) {
  const actions = model.actions(s);
  const wantedOp: Op = row.kind === 'fault' ? { name: row.fault, args: [] } : row.op;
  const wantedFault = row.kind === 'fault' ? row.fault : row.kind === 'call' && row.result.kind === 'unknown' ? 'lost-reply' : undefined;
  const mine = actions.map((a, i) => ({ a, i })).filter(({ a }) => a.actor === row.actor && a.fault === wantedFault);
  if (mine.length > 0) {
    const hit = mine.find(({ a }) => opMatches(wantedOp, a.op));
    if (hit === undefined) {
      throw new UsageError(`actor ${row.actor}'s next step is ${mine.map(({ a }) => printOp(a.op)).join(' or ')}, not ${printOp(wantedOp)}`, row.span);
    }
    return model.step(s, hit.i);
  }
  if (model.apply === undefined || row.kind === 'fault') {
    throw new UsageError(`actor ${row.actor} has no enabled step ${printOp(wantedOp)}`, row.span);
  }
  return model.apply(s, row);
}

/** Replays a scenario read in order. Throws UsageError for rows the model cannot take at all. */
export function replaySequential<S>(model: Model<S>, scenario: Scenario, strict = false): ReplayResult<S> {
  let s = startState(model, scenario);
  const states: S[] = [s];
  const rows: RowVerdict[] = [];
  const advisories: { property: string; message: string; atRow: number }[] = [];
  const v0 = checkInitial(model, s, strict);
  if (v0.violation) return { result: { verdict: 'violation', ...v0.violation, atRow: 0 }, rows, states, advisories };
  let index = 0;
  for (const row of scenario.rows) {
    index++;
    if (row.kind === 'note') continue;
    if (row.kind === 'complete' || row.kind === 'invoke') {
      throw new UsageError('overlapping calls are read with replayHistory, not in order', row.span);
    }
    const step = stepForRow(model, s, row);
    const actual = step.row;
    const match = row.kind === 'fault' || actual.kind !== 'call' || row.kind !== 'call' || resultMatches(row.result, actual.result);
    rows.push({ index, written: row, actual, match });
    const v = checkStep(model, s, step, strict);
    for (const a of v.advisories) if (!advisories.some((x) => x.property === a.property)) advisories.push({ ...a, atRow: index });
    s = step.next;
    states.push(s);
    if (!match && row.kind === 'call' && actual.kind === 'call') {
      return { result: { verdict: 'mismatch', atRow: index, written: printResult(row.result), actual: printResult(actual.result) }, rows, states, advisories };
    }
    if (v.violation) return { result: { verdict: 'violation', ...v.violation, atRow: index }, rows, states, advisories };
  }
  return { result: { verdict: 'ok' }, rows, states, advisories };
}

/** A call of a concurrent history: its op, written result, and real-time interval over row numbers. */
interface Call {
  readonly id: number;
  readonly actor: string;
  readonly op: Op;
  readonly result: Result;
  readonly call: number;
  readonly ret: number;
  readonly row: number;
}

export type HistoryVerdict =
  | { readonly verdict: 'linearizable'; readonly order: readonly number[] }
  | { readonly verdict: 'not-linearizable'; readonly longest: readonly number[]; readonly stuck: readonly number[] };

/** The calls of a history: rows become intervals; a pending invoke never completed runs to infinity. */
export function callsOf(scenario: Scenario): Call[] {
  const calls: Call[] = [];
  const pending = new Map<string, { op: Op; call: number; row: number }[]>();
  scenario.rows.forEach((row, i) => {
    const at = i + 1;
    if (row.kind === 'call') calls.push({ id: calls.length, actor: row.actor, op: row.op, result: row.result, call: at, ret: at, row: at });
    else if (row.kind === 'invoke') {
      const q = pending.get(row.actor) ?? [];
      q.push({ op: row.op, call: at, row: at });
      pending.set(row.actor, q);
    } else if (row.kind === 'complete') {
      const p = pending.get(row.actor)?.shift();
      if (p === undefined) throw new UsageError(`row ${at}: actor ${row.actor} completes a call it never made`);
      calls.push({ id: calls.length, actor: row.actor, op: p.op, result: row.result, call: p.call, ret: at, row: p.row });
    } else if (row.kind === 'fault') throw new UsageError(`row ${at}: faults are not supported in a concurrent history`);
  });
  for (const [actor, q] of pending) for (const p of q) calls.push({ id: calls.length, actor, op: p.op, result: { kind: 'unknown' }, call: p.call, ret: Number.POSITIVE_INFINITY, row: p.row });
  return calls.sort((a, b) => a.call - b.call || a.id - b.id).map((c, id) => ({ ...c, id }));
}

/**
 * Searches for a linearization of a scenario's calls (see the module comment) with the project's
 * linearizability checker (`lin/check.ts`: Wing–Gong with memoisation on the set of calls taken and
 * the model state). Calls are applied with `model.apply` (scripted actors), so this reads
 * hand-written tables, not program schedules.
 */
export function replayHistory<S>(model: Model<S>, scenario: Scenario): HistoryVerdict {
  const apply = model.apply?.bind(model);
  if (apply === undefined) throw new UsageError(`model ${model.name} cannot apply hand-written rows`);
  const calls = callsOf(scenario);
  const clients = [...new Set(calls.map((c) => c.actor))];
  const history: Operation<Call, Result>[] = calls.map((c) => ({
    id: c.id,
    client: clients.indexOf(c.actor),
    input: c,
    // A call still pending at the end may take effect or not; a returned call must, whatever it returned.
    output: c.ret === Number.POSITIVE_INFINITY ? undefined : c.result,
    call: c.call,
    ret: c.ret,
  }));
  const start = startState(model, scenario);
  const r = checkLinearizable<S, Call, Result>(
    {
      init: () => start,
      step(s, c, output) {
        const step = apply(s, { kind: 'call', actor: c.actor, op: c.op, result: output ?? c.result });
        return { ok: step.row.kind === 'call' && resultMatches(output ?? c.result, step.row.result), next: step.next };
      },
      hash: (s) => model.fingerprint(s),
    },
    history,
  );
  if (r.outcome === 'linearizable') return { verdict: 'linearizable', order: r.linearization[0] ?? [] };
  if (r.outcome === 'not-linearizable') return { verdict: 'not-linearizable', longest: r.partial[0].longest, stuck: r.partial[0].stuckAt };
  throw new Error('replayHistory: the linearizability search stopped without a verdict');
}

/** A history's call as text, for reports: `1 Check<main, a> Err(b)` with its row number. */
export function describeCall(scenario: Scenario, id: number): string {
  const c = callsOf(scenario)[id];
  return `row ${c.row}: ${c.actor} ${printOp(c.op)} ${printResult(c.result)}`;
}

/** One row's verdict as a line for the terminal. */
export function describeRow(v: RowVerdict): string {
  const shown = v.actual && v.actual.kind === 'call' && !v.match ? `   <- model gives ${printResult(v.actual.result)}` : '';
  return `${String(v.index).padStart(3)} ${v.match ? 'ok  ' : 'DIFF'} ${printRow(v.written)}${shown}`;
}
