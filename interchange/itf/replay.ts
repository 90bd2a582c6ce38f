/**
 * Reading an ITF trace back and judging it against the model, step by step (`grove-check replay
 * FILE.itf.json`). The trace may come from grove-check or from another tool (Quint, Apalache, a
 * hand-written file) that describes the same protocol with the same variables.
 *
 * The model is rebuilt from `#meta.grove-check.headers` (the scenario headers: model, variant,
 * actors, …). State 0 must equal the model's initial state. For every later state `i`:
 * - when it names its step in `mbt::actionTaken` (an `Actor Op Result` row), the model takes that step
 *   (the result written must be the model's) and the state after it must equal state `i`;
 * - when it does not, the model must have an enabled action that leads to exactly state `i` (the
 *   first such, in the model's order, is taken).
 * States are compared variable by variable on their ITF values (interchange/itf/value.ts: integers
 * compare equal as numbers or `#bigint`, sets and maps in any order). The first step where trace and
 * model part is the verdict `diverges`, with the variable and both values. A trace that agrees to the
 * end is then replayed as a scenario: its verdict (`ok`, `violation(G6)`) is compared with the
 * headers' `expect:` line, as `replay` does for scenario files.
 *
 * A malformed file (bad JSON, a missing variable, an ill-formed value, a row that does not parse) is
 * an {@link ItfError} at `file:line:column`.
 */
import { UsageError, type Model } from '../../model/core/model.ts';
import { resultMatches, startState, stepForRow } from '../../checker/replay.ts';
import { parseScenarioFile, ParseError, printRow, type Header, type Row, type Scenario } from '../../scenarios/notation/index.ts';
import { modelForScenario, runScenario, type ScenarioRun } from '../../checker/scenarios.ts';
import { ItfError, readJson, type PositionedJson } from './json.ts';
import { ACTION_VAR, itfState } from './trace.ts';
import { canonicalKey, malformedItf, showItf, type ItfValue } from './value.ts';

/** A trace read from a file: its scenario headers, initial entries, states and where each state is. */
export interface ReadTrace {
  readonly file: string;
  readonly headers: Header[];
  readonly initial: { key: string; value: string }[];
  readonly vars: readonly string[];
  readonly states: readonly Readonly<Record<string, ItfValue>>[];
  /** The row each state names in `mbt::actionTaken` (undefined for state 0 and when absent). */
  readonly actions: readonly (Row | undefined)[];
  /** 1-based line and column of each state. */
  readonly at: readonly { line: number; column: number }[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Reads and validates an ITF trace. Throws {@link ItfError} at `file:line:column`. The model is named
 * by `#meta.grove-check.headers`; `given` headers (model, variant, actors, ops: for a trace another
 * tool wrote) replace those of the same key, and suffice alone when they name a model.
 */
export function readItf(text: string, file: string, given: readonly Header[] = []): ReadTrace {
  const doc: PositionedJson = readJson(text, file);
  const top = doc.value;
  const fail = (x: unknown, expected: string, found: string): never => {
    const p = doc.at(x);
    throw new ItfError(file, p.line, p.column, expected, found);
  };
  if (!isObj(top)) return fail(top, 'an ITF trace object {"#meta", "vars", "states"}', JSON.stringify(top).slice(0, 30));
  for (const k of Object.keys(top)) if (!['#meta', 'params', 'vars', 'states', 'loop'].includes(k)) fail(top, 'only #meta, params, vars, states and loop at the top', `"${k}"`);
  const vars = top.vars;
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string')) return fail(Array.isArray(vars) ? vars : top, '"vars": a list of variable names', JSON.stringify(vars)?.slice(0, 30) ?? 'none');
  const states = top.states;
  if (!Array.isArray(states) || states.length === 0) return fail(Array.isArray(states) ? states : top, '"states": a non-empty list of states', JSON.stringify(states)?.slice(0, 30) ?? 'none');
  const meta = isObj(top['#meta']) ? top['#meta'] : {};
  const own = meta['grove-check'];
  const named = given.some((h) => h.key === 'model');
  if (!named && (!isObj(own) || !Array.isArray(own.headers) || !own.headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === 'string')))) {
    return fail(isObj(own) ? own : isObj(top['#meta']) ? top['#meta'] : top, '"#meta": {"grove-check": {"headers": [["model", "grove"], ["variant", …], …]}} naming the model to judge the trace by (or replay --model M)', 'none');
  }
  const ownHeaders = isObj(own) && Array.isArray(own.headers) ? (own.headers as string[][]).map(([key, value]) => ({ key, value })) : [];
  const headers = [...ownHeaders.filter((h) => !given.some((g) => g.key === h.key)), ...given];
  const initial = isObj(own) && Array.isArray(own.initial) ? (own.initial as string[][]).map(([key, value]) => ({ key, value })) : [];
  const actions: (Row | undefined)[] = [];
  states.forEach((s, i) => {
    if (!isObj(s)) fail(states, `state ${i}: an object of variables`, JSON.stringify(s).slice(0, 30));
    for (const v of vars as string[]) if (!(v in s)) fail(s, `state ${i}: variable "${v}" (every state assigns every variable in "vars")`, 'none');
    for (const [k, x] of Object.entries(s)) {
      if (k === '#meta') continue;
      if (!(vars as string[]).includes(k)) fail(s, `state ${i}: only the variables in "vars"`, `"${k}"`);
      const bad = malformedItf(x);
      if (bad) fail(isObj(bad.value) || Array.isArray(bad.value) ? bad.value : s, `state ${i}, variable "${k}": ${bad.expected}`, JSON.stringify(bad.value)?.slice(0, 40) ?? 'undefined');
    }
    const label = s[ACTION_VAR];
    if (i === 0 || label === undefined || label === 'init' || label === 'step') {
      actions.push(undefined);
      return;
    }
    if (typeof label !== 'string') return fail(s, `state ${i}: "${ACTION_VAR}" an Actor Op Result row`, JSON.stringify(label));
    try {
      const parsed = parseScenarioFile(label + '\n', file).scenarios[0]?.rows.filter((r) => r.kind !== 'note') ?? [];
      if (parsed.length !== 1) throw new ParseError(file, 1, 1, 'one Actor Op Result row', `'${label}'`);
      actions.push(parsed[0]);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      fail(s, `state ${i}: "${ACTION_VAR}" an Actor Op Result row (${e.expected}, found ${e.found})`, `'${label}'`);
    }
  });
  return {
    file,
    headers,
    initial,
    vars: vars as string[],
    states: states as Record<string, ItfValue>[],
    actions,
    at: states.map((s) => doc.at(s)),
  };
}

/** The verdict of judging a trace against the model. */
export type ItfVerdict =
  | {
      readonly verdict: 'agrees';
      /** Steps checked (states − 1). */
      readonly steps: number;
      /** The steps as rows (named or inferred), a scenario that replays the trace. */
      readonly rows: readonly string[];
      /** The replayed scenario's verdict and whether it is the one its `expect:` header names. */
      readonly run: ScenarioRun;
    }
  | {
      readonly verdict: 'diverges';
      /** The first state that differs (1-based step number; 0 for the initial state). */
      readonly atStep: number;
      readonly line: number;
      readonly column: number;
      /** Why, in one line. */
      readonly reason: string;
      /** The step the trace names, if any. */
      readonly action?: string;
      /** The first variable that differs, with the trace's and the model's values. */
      readonly variable?: string;
      readonly trace?: string;
      readonly model?: string;
      /** The steps that agreed. */
      readonly rows: readonly string[];
    };

/** The first variable whose values differ (the trace's variables and the model's, by canonical key). */
function firstDifference(trace: Readonly<Record<string, ItfValue>>, model: Record<string, ItfValue>, vars: readonly string[]): { variable: string; trace: string; model: string } | undefined {
  const names = [...new Set([...vars.filter((v) => !v.startsWith('mbt::')), ...Object.keys(model)])].sort();
  for (const v of names) {
    const t = trace[v];
    const m = model[v];
    if (t === undefined || m === undefined || canonicalKey(t) !== canonicalKey(m)) {
      return { variable: v, trace: t === undefined ? '(absent)' : showItf(t), model: m === undefined ? '(absent)' : showItf(m) };
    }
  }
  return undefined;
}

/** Judges a trace against the model its headers name (see the module comment). Pure. */
export function judgeItf(t: ReadTrace): ItfVerdict {
  const scenario: Scenario = { headers: t.headers, initial: t.initial, rows: [] };
  const model: Model<unknown> = modelForScenario(scenario);
  const rows: string[] = [];
  const diverge = (i: number, reason: string, extra: Partial<Extract<ItfVerdict, { verdict: 'diverges' }>> = {}): ItfVerdict => ({
    verdict: 'diverges',
    atStep: i,
    ...t.at[i],
    reason,
    ...(t.actions[i] ? { action: printRow(t.actions[i]!) } : {}),
    ...extra,
    rows,
  });
  let s = startState(model, { ...scenario, rows: t.actions.filter((a): a is Row => a !== undefined) });
  const d0 = firstDifference(t.states[0], itfState(model, s), t.vars);
  if (d0) return diverge(0, `the initial state differs in ${d0.variable}`, d0);
  const taken: Row[] = [];
  for (let i = 1; i < t.states.length; i++) {
    const row = t.actions[i];
    if (row !== undefined && row.kind !== 'note' && row.kind !== 'complete') {
      let step;
      try {
        step = stepForRow(model, s, row);
      } catch (e) {
        if (e instanceof UsageError) return diverge(i, `the model cannot take this step: ${e.message.replace(/^line \d+: /, '')}`);
        throw e;
      }
      if (row.kind === 'call' && step.row.kind === 'call' && !resultMatches(row.result, step.row.result)) {
        return diverge(i, `the model's result is ${printRow(step.row)}`);
      }
      const d = firstDifference(t.states[i], itfState(model, step.next), t.vars);
      if (d) return diverge(i, `after this step the state differs in ${d.variable}`, d);
      taken.push(row);
      rows.push(printRow(row));
      s = step.next;
    } else {
      const actions = model.actions(s);
      let found = false;
      for (let k = 0; k < actions.length && !found; k++) {
        const step = model.step(s, k);
        if (firstDifference(t.states[i], itfState(model, step.next), t.vars) === undefined) {
          taken.push(step.row);
          rows.push(printRow(step.row));
          s = step.next;
          found = true;
        }
      }
      if (!found) return diverge(i, `no enabled action of the model (${actions.length}) leads to this state`);
    }
  }
  return { verdict: 'agrees', steps: t.states.length - 1, rows, run: runScenario({ ...scenario, rows: taken }) };
}

/** One line describing a verdict, for the CLI. */
export function describeItfVerdict(v: ItfVerdict): string {
  if (v.verdict === 'agrees') {
    const expect = v.run.expected === undefined ? '' : v.run.asExpected ? `, as expected` : `, expected ${v.run.expected}`;
    return `${v.rows.length} steps agree with the model; verdict ${v.run.verdict}${expect}`;
  }
  const what = v.variable !== undefined ? `\n  ${v.variable}: trace ${v.trace}\n  ${' '.repeat(v.variable.length)}  model ${v.model}` : '';
  return `diverges at step ${v.atStep}${v.action ? ` (${v.action})` : ''}, line ${v.line}: ${v.reason}${what}`;
}
