/**
 * Replaying a scenario against an implementation: the scenario's program-driven schedule (its rows'
 * actors in order, or its `picks:` header for a run that split calls) runs against the model and a
 * fresh store of the backend, side by side, as in `run.ts`. Scenarios with scripted actors (the seeds'
 * hand-written tables, whose ops are not a client's program) are not replayed against an
 * implementation: the verdict says so.
 */
import { isGroveModel } from '../../model/grove/model.ts';
import type { GroveState } from '../../model/grove/state.ts';
import { startState } from '../../checker/replay.ts';
import { modelForScenario } from '../../checker/scenarios.ts';
import { header, type Scenario } from '../../scenarios/notation/types.ts';
import type { BackendKind, StoreOptions } from '../remote/index.ts';
import { runImpl, type ImplExecution } from './run.ts';
import { keysChooser } from '../testkit/chooser.ts';

/** The verdict of a scenario against an implementation. */
export type ImplReplay =
  | { readonly verdict: 'skipped'; readonly reason: string }
  | { readonly verdict: 'agrees'; readonly run: ImplExecution }
  | { readonly verdict: 'finding'; readonly run: ImplExecution };

/**
 * Why a scenario cannot run against an implementation yet, or null: faults (lost replies `?`, crashes,
 * the `max-*` fault bounds, `collide`) are the model's (MODEL.md §4) and are not injected into clients.
 */
export function faultReason(s: Scenario): string | null {
  if (s.rows.some((r) => r.kind === 'fault')) return 'crash/restart rows: faults are not injected into implementation clients';
  if (s.rows.some((r) => r.kind === 'call' && r.result.kind === 'unknown')) return "lost replies ('?' results): faults are not injected into implementation clients";
  for (const k of ['max-lost-replies', 'max-crashes', 'max-faults']) if (Number(header(s, k) ?? '0') > 0) return `${k} header: faults are not injected into implementation clients`;
  if (header(s, 'collide') === 'true') return 'collide: the implementation names new logs per actor';
  return null;
}

/**
 * True when the scenario is a Grove one (its model carries Grove's capabilities) and every actor of its
 * rows is program-driven (an `actors:` header covers them).
 */
export function isProgramDriven(s: Scenario): boolean {
  if (!isGroveModel(modelForScenario(s))) return false;
  const n = Number(header(s, 'actors') ?? '0');
  if (!(n > 0)) return false;
  const ids = new Set(Array.from({ length: n }, (_, i) => String(i + 1)));
  return s.rows.every((r) => r.kind === 'note' || (r.kind !== 'complete' && r.kind !== 'invoke' && r.kind !== 'fault' && ids.has(r.actor)));
}

/** Replays `scenario` (for `variant`, default its own) against `backend`. */
export async function replayAgainst(
  scenario: Scenario,
  backend: BackendKind,
  o: { readonly variant?: string; readonly strict?: boolean; readonly store?: StoreOptions } = {},
): Promise<ImplReplay> {
  const model = modelForScenario(scenario, o.variant);
  if (!isGroveModel(model)) return { verdict: 'skipped', reason: `model ${model.name}: only grove scenarios run against this implementation` };
  if (!isProgramDriven(scenario)) return { verdict: 'skipped', reason: 'scripted actors (no actors: header): only program-driven schedules run against an implementation' };
  const faults = faultReason(scenario);
  if (faults !== null) return { verdict: 'skipped', reason: faults };
  const initial = startState(model, scenario) as GroveState;
  const picks = header(scenario, 'picks');
  const actors = picks !== undefined ? picks.split(/\s+/).filter(Boolean) : scenario.rows.flatMap((r) => (r.kind === 'call' ? [r.actor] : []));
  const run = await runImpl({ model, backend, initial, strict: o.strict, split: header(scenario, 'split') === 'true', store: o.store }, keysChooser(actors));
  return run.finding === null ? { verdict: 'agrees', run } : { verdict: 'finding', run };
}
