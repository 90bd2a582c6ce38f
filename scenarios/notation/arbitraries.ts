/**
 * fast-check arbitraries for the notation, producing only data that the text can hold (the limits are
 * listed in `print.ts`): tokens within the grammar, trimmed text without line breaks, at most one
 * `scenario` header per scenario, no empty scenario, and `complete` rows only for an actor with a
 * pending `invoke` (a `crash` discards them). Spans are never set. For tests; no runtime code uses it.
 */
import fc from 'fast-check';
import type { Header, InitialEntry, Op, Result, Row, Scenario, ScenarioFile } from './types.ts';

const CHARS = [...'abcXYZ019 \t#/:@,<>()-_.=?!\'"*é→\u00a0'];

/** Free text of one line, trimmed (may be empty). */
export const lineText = fc
  .string({ unit: fc.constantFrom(...CHARS), maxLength: 14 })
  .map((s) => s.trim());

const nonEmpty = lineText.filter((s) => s !== '');

/** An actor token. */
export const actorArb = fc.oneof(
  fc.constantFrom('1', '2', '3', 'alice', 'r1'),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,5}$/),
);

/** An op: known names, names that look like faults or results, and random ones; 0–3 arguments. */
export const opArb: fc.Arbitrary<Op> = fc.record({
  name: fc.oneof(
    fc.constantFrom('Append', 'Check', 'CAS', 'Branch', 'Pull', 'Sync', 'crash', 'restart', 'Ok', 'Err'),
    fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/),
  ),
  args: fc.array(
    fc.oneof(fc.constantFrom('a', 'a@3', 'main', 'x1', 'origin/main', '...'), fc.stringMatching(/^[^\s,<>()]{1,6}$/)),
    { maxLength: 3 },
  ),
});

const valueArb = nonEmpty.filter((s) => !/[()]/.test(s));
const messageArb = nonEmpty.filter((s) => !/(^|\s)(#|\/\/)/.test(s));

/** Any result the text can hold. */
export const resultArb: fc.Arbitrary<Result> = fc.oneof(
  fc.constant({ kind: 'unknown' } as const),
  fc.constant({ kind: 'ok' } as const),
  valueArb.map((value) => ({ kind: 'ok', value }) as const),
  fc.constant({ kind: 'err' } as const),
  valueArb.map((value) => ({ kind: 'err', value }) as const),
  messageArb.map((message) => ({ kind: 'err', message }) as const),
  fc.record({ kind: fc.constant('err' as const), value: valueArb, message: messageArb }),
);

/** A note: any one-line text without trailing blanks (leading blanks after the marker survive). */
export const noteArb: fc.Arbitrary<Row> = fc
  .string({ unit: fc.constantFrom(...CHARS), maxLength: 14 })
  .map((s) => ({ kind: 'note', text: s.trimEnd() }) as const);

const rawRowArb: fc.Arbitrary<Row> = fc.oneof(
  fc.record({ kind: fc.constant('call' as const), actor: actorArb, op: opArb, result: resultArb }),
  fc.record({ kind: fc.constant('invoke' as const), actor: actorArb, op: opArb }),
  fc.record({ kind: fc.constant('complete' as const), actor: actorArb, result: resultArb }),
  fc.record({ kind: fc.constant('fault' as const), actor: actorArb, fault: fc.constantFrom('crash' as const, 'restart' as const) }),
  noteArb,
);

/** Keeps a `complete` only when its actor has a pending `invoke`; otherwise it goes to one that has. */
function pairRows(rows: readonly Row[]): Row[] {
  const pending = new Map<string, number>();
  const out: Row[] = [];
  for (const row of rows) {
    if (row.kind === 'complete') {
      const actor = (pending.get(row.actor) ?? 0) > 0 ? row.actor : [...pending.keys()][0];
      if (actor === undefined) continue;
      const n = pending.get(actor)!;
      if (n === 1) pending.delete(actor);
      else pending.set(actor, n - 1);
      out.push({ ...row, actor });
      continue;
    }
    if (row.kind === 'invoke') pending.set(row.actor, (pending.get(row.actor) ?? 0) + 1);
    if (row.kind === 'fault' && row.fault === 'crash') pending.delete(row.actor);
    out.push(row);
  }
  return out;
}

/** Well-paired rows of one scenario. Small actor pools make `invoke`/`complete` pairs likely. */
export const rowsArb: fc.Arbitrary<Row[]> = fc.array(rawRowArb, { maxLength: 10 }).map(pairRows);

const headerKey = fc.oneof(
  fc.constantFrom('model', 'variant', 'expect', 'actors', 'ops', 'seed', 'replay', 'strategy', 'bounds', 'property', 'note', 'faults', 'format'),
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/),
).filter((k) => k !== 'scenario');

const headersArb: fc.Arbitrary<Header[]> = fc
  .record({
    others: fc.array(fc.record({ key: headerKey, value: lineText }), { maxLength: 4 }),
    name: fc.option(lineText, { freq: 2 }),
    at: fc.oneof(fc.constant(0), fc.nat()),
  })
  .map(({ others, name, at }) => {
    if (name === null) return others;
    const i = at % (others.length + 1);
    return [...others.slice(0, i), { key: 'scenario', value: name }, ...others.slice(i)];
  });

const initialArb: fc.Arbitrary<InitialEntry[]> = fc.array(
  fc.record({ key: fc.oneof(fc.constantFrom('main', 'b', 'foo'), fc.stringMatching(/^[^\s:]{1,5}$/)), value: nonEmpty }),
  { maxLength: 3 },
);

/** A non-empty scenario. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({ headers: headersArb, initial: initialArb, rows: rowsArb })
  .filter((s) => s.headers.length + s.initial.length + s.rows.length > 0);

/** A file of 0–4 scenarios. */
export const scenarioFileArb: fc.Arbitrary<ScenarioFile> = fc.record({
  scenarios: fc.array(scenarioArb, { maxLength: 4 }),
});
