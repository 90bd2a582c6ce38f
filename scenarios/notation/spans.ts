/** Dropping source positions, to compare parsed data with data built in code. */
import type { Row, Scenario, ScenarioFile, Span } from './types.ts';

function strip<T extends { readonly span?: Span }>(x: T): Omit<T, 'span'> {
  const { span: _span, ...rest } = x;
  return rest;
}

/** A copy of `f` with every `span` field removed (not set to `undefined`: removed). Pure. */
export function stripSpans(f: ScenarioFile): ScenarioFile {
  return { scenarios: f.scenarios.map(stripScenarioSpans) };
}

/** A copy of `s` with every `span` field removed. Pure. */
export function stripScenarioSpans(s: Scenario): Scenario {
  return {
    ...(s.preamble !== undefined ? { preamble: s.preamble.map((r) => strip(r) as Row) } : {}),
    headers: s.headers.map(strip),
    initial: s.initial.map(strip),
    rows: s.rows.map((r) => strip(r) as Row),
  };
}
