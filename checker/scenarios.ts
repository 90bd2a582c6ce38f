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
 */
import { UsageError, type Model } from '../model/core/model.ts';
import { familyByName } from '../model/registry.ts';
import { readOptions, readSetting } from '../model/core/options.ts';
import { replayHistory, replaySequential, type HistoryVerdict, type ReplayResult } from './replay.ts';
import { header, type Scenario } from '../scenarios/notation/types.ts';

/** A scenario's name: its `scenario:` header, or `#N` (its position in the file). */
export function scenarioName(s: Scenario, index: number): string {
  return header(s, 'scenario') ?? `#${index + 1}`;
}

/**
 * Builds the model a scenario describes, for `variant` (default: its own `variant:` header). Its
 * headers are read by the model option schema (`model/core/options.ts`); `actors:` and `ops:`
 * default to 0 here (every actor scripted), and `set: key=value` lines give the family's other
 * options (as `check --set`).
 */
export function modelForScenario(s: Scenario, variant?: string): Model<unknown> {
  const family = familyByName(header(s, 'model') ?? 'grove');
  const { top, extra } = readOptions(
    (spec) => (spec.name === 'variant' ? undefined : spec.type === 'boolean' ? header(s, spec.header) === 'true' : header(s, spec.header)),
    (spec) => `header '${spec.header}'`,
  );
  for (const h of s.headers.filter((x) => x.key === 'set')) {
    const [key, value] = readSetting(h.value, "header 'set:'", family.options);
    extra[key] = value;
  }
  return family.build({
    variant: variant ?? header(s, 'variant') ?? family.defaultVariant,
    actors: (top.actors as number | undefined) ?? 0,
    ops: (top.ops as number | undefined) ?? 0,
    extra,
  });
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
    if (m === null) throw new UsageError(`expect: cannot read '${part}'; expected [variant=]ok|violation(G6)|mismatch(row N)|linearizable|not-linearizable`);
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
  if (named.length === 0) return [own ?? familyByName(header(s, 'model') ?? 'grove').defaultVariant];
  return expectations(s).has('*') && own !== undefined && !named.includes(own) ? [own, ...named] : named;
}
