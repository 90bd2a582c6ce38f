/**
 * Counterexamples as ITF traces (the Informal Trace Format of Apalache and Quint, Apalache ADR-015):
 * what `check --itf FILE` and `check --save DIR` write and `replay FILE.itf.json` reads back.
 *
 * ```json
 * {"#meta": {"format": "ITF", "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html",
 *            "source": "grove-logid-check-G6-2x1", "description": "…",
 *            "grove-check": {"headers": [["model", "grove"], ["variant", "logid-check"], …], "initial": []}},
 *  "vars": ["acked", "actors", "failed", "logs", "refs", "mbt::actionTaken"],
 *  "states": [
 *   {"#meta": {"index": 0}, "acked": {"#set": []}, …, "mbt::actionTaken": "init"},
 *   {"#meta": {"index": 1}, …, "mbt::actionTaken": "1 Pull<main> Ok(a@0)"}, …]}
 * ```
 *
 * - State 0 is the initial state; state `i` the state after the scenario's `i`-th step.
 * - The model's variables come from its `itf` capability (model/core/model.ts; Grove's mapping is in
 *   model/grove/itf.ts), or by default one variable per field of a plain-object state (`state` for
 *   anything else); values are encoded as interchange/itf/value.ts says.
 * - `mbt::actionTaken` (Quint's name for the action that led to a state) holds the step as an
 *   `Actor Op Result` row, so the trace pastes back into a scenario; `init` for state 0.
 * - `#meta.grove-check` holds the scenario's headers (which model, variant and bounds to rebuild)
 *   and its `Initial state:` entries. Tools that do not know it ignore it, as ADR-015 allows.
 */
import { UsageError, type Model } from '../../model/core/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { header, type Scenario } from '../../scenarios/notation/types.ts';
import { modelForScenario, runScenario } from '../../checker/scenarios.ts';
import { toItf, type ItfValue } from './value.ts';

/** The variable that names the step leading to each state (Quint's convention). */
export const ACTION_VAR = 'mbt::actionTaken';

/** An ITF trace as JSON. */
export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly Readonly<Record<string, ItfValue>>[];
}

/**
 * A state's variables, not yet encoded: the model's `itf` capability, or the default for plain data
 * (one variable per field of a plain object; a single `state` variable otherwise).
 */
export function itfVariables<S>(model: Model<S>, s: S): Readonly<Record<string, unknown>> {
  if (model.itf !== undefined) return model.itf(s);
  if (typeof s === 'object' && s !== null && !Array.isArray(s) && Object.getPrototypeOf(s) === Object.prototype) return s as Record<string, unknown>;
  return { state: s };
}

/** A state's variables, encoded as ITF values (variables whose value is `undefined` left out). */
export function itfState<S>(model: Model<S>, s: S): Record<string, ItfValue> {
  const vars = itfVariables(model, s);
  const out: Record<string, ItfValue> = {};
  for (const k of Object.keys(vars).sort()) if (vars[k] !== undefined) out[k] = toItf(vars[k]);
  return out;
}

/**
 * The ITF trace of a scenario: replays it (in order; a scenario with overlapping calls has no single
 * sequence of states and is refused) and records the state before the first row and after each row
 * that ran. A counterexample's rows run up to the violating one, so the trace ends at the violation.
 */
export function scenarioToItf(scenario: Scenario, description?: string): ItfTrace {
  const run = runScenario(scenario);
  if (run.replay === undefined) throw new UsageError('a scenario with overlapping calls has no single sequence of states to write as ITF');
  const model = modelForScenario(scenario);
  const states = run.replay.states.map((s) => itfState(model, s));
  const rows = run.replay.rows.map((r) => printRow(r.written));
  const vars = [...new Set(states.flatMap((s) => Object.keys(s)))].sort();
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: header(scenario, 'scenario') ?? 'scenario',
      description: description ?? `grove-check ${run.verdict === 'ok' ? 'trace' : `counterexample (${run.verdict})`}: replay with grove-check replay FILE.itf.json`,
      'grove-check': {
        headers: scenario.headers.map((h) => [h.key, h.value]),
        initial: scenario.initial.map((e) => [e.key, e.value]),
      },
    },
    vars: [...vars, ACTION_VAR],
    states: states.map((s, i) => ({ '#meta': { index: i }, ...s, [ACTION_VAR]: i === 0 ? 'init' : rows[i - 1] }) as Record<string, ItfValue>),
  };
}

/** The trace as text: the header fields, then one state per line (so errors point at a state's line). */
export function printItf(t: ItfTrace): string {
  const states = t.states.map((s) => '  ' + JSON.stringify(s)).join(',\n');
  return `{\n "#meta": ${JSON.stringify(t['#meta'])},\n "vars": ${JSON.stringify(t.vars)},\n "states": [\n${states}\n ]\n}\n`;
}
