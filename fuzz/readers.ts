/**
 * In-process fuzzing of every reader of untrusted input: the scenario notation and the runner behind
 * `replay`, the three history formats of `lin`, variant values, and the explorer's API bodies.
 *
 * Each target takes one input (a string, or a value for the variant and API targets) and answers it
 * on its own. The contract it checks for every input:
 * - no exception other than the reader's documented error type (`ParseError`, `FormatError`, a
 *   located `UsageError`; the explorer never answers 500);
 * - every error of a file reader names `file:line:column: `;
 * - every answer is bounded by the input's size (counted, never timed): parsed scenarios, rows and
 *   operations never outnumber the input's lines, a replay takes at most one step per row, a loaded
 *   explorer timeline at most `MAX_LOADED_ROWS` steps.
 * A broken contract throws `FuzzFailure` naming the target and what broke; fast-check then shrinks
 * the input. Inputs come from two sources: arbitrary strings (any code point, and a token soup close to
 * the grammar) and mutations of the project's own corpus (the shipped scenarios, Jepsen histories,
 * Grove histories): deletions, insertions, duplicated and swapped lines, huge numbers, control bytes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ParseError, parseScenarioFile } from '../scenarios/notation/index.ts';
import { locate, runScenario, ScenarioError, variantsOf } from '../checker/scenarios.ts';
import { FormatError } from '../lin/formats/error.ts';
import { parseJepsenKv } from '../lin/formats/jepsen-kv.ts';
import { parseJepsenEtcd } from '../lin/formats/jepsen-etcd.ts';
import { formatGroveRecord, parseGroveHistory, type GroveRecord } from '../lin/formats/grove.ts';
import { allVariants, variantProblem } from '../model/grove/variants/index.ts';
import { groveModel } from '../model/grove/model.ts';
import type { GroveVariant } from '../model/grove/variant.ts';
import { Explorer } from '../explorer/api.ts';
import { MAX_LOADED_ROWS } from '../explorer/session.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A broken reader contract: the target, what broke, and the input (cut) that broke it. */
export class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
}

/** One reader under fuzzing: how to make inputs and how to check one answer. */
export interface FuzzTarget<T = unknown> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  /** Answers one input; throws `FuzzFailure` when the contract breaks. */
  check(input: T): void | Promise<void>;
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

const LOCATED = (file: string) => new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `);

function fail(target: string, what: string, input: unknown): never {
  const shown = typeof input === 'string' ? JSON.stringify(input.slice(0, 300)) : (JSON.stringify(input) ?? String(input)).slice(0, 300);
  throw new FuzzFailure(`${target}: ${what}; input ${shown}`);
}

/** Runs `f`; an error of one of `allowed` must name `file:line:column`; any other error breaks the contract. */
function expectOnly<T>(target: string, input: unknown, file: string, allowed: readonly (abstract new (...a: never[]) => Error)[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof FuzzFailure) throw e;
    if (!allowed.some((k) => e instanceof k)) fail(target, `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, input);
    if (!LOCATED(file).test((e as Error).message)) fail(target, `error without ${file}:line:column: ${(e as Error).message}`, input);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Corpus and mutations.

function filesBelow(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesBelow(join(dir, e.name), keep) : keep(e.name) ? [join(dir, e.name)] : []));
}

/** The first `lines` lines of a file (the corpus keeps inputs small, so that each is answered quickly). */
function head(path: string, lines: number): string {
  return readFileSync(path, 'utf8').split('\n').slice(0, lines).join('\n') + '\n';
}

/** Every shipped scenario file (whole). */
export const scenarioCorpus: readonly string[] = filesBelow(join(root, 'scenarios'), (n) => n.endsWith('.scenario')).sort().map((p) => readFileSync(p, 'utf8'));

const jepsen = join(root, '..', 'shared', 'data', 'jepsen');
/** The first 40 lines of each Jepsen kv history (EDN maps). */
export const jepsenKvCorpus: readonly string[] = filesBelow(join(jepsen, 'kv'), (n) => n.endsWith('.txt')).sort().slice(0, 6).map((p) => head(p, 40));
/** The first 40 lines of each Jepsen etcd log. */
export const jepsenEtcdCorpus: readonly string[] = filesBelow(join(jepsen, 'etcd'), (n) => n.endsWith('.log')).sort().slice(0, 6).map((p) => head(p, 40));

/** A few Grove histories, as the implementation's clients write them. */
export const groveCorpus: readonly string[] = (() => {
  const store = { logs: { a: { base: null, entries: ['0.1'] } }, refs: { main: { log: 'a', lsn: 1 } } };
  const at = (lsn: number) => ({ log: 'a', lsn });
  const records: GroveRecord[] = [
    { type: 'meta', variant: 'lsn-cas', store },
    { type: 'invoke', client: 1, input: { op: 'read', ref: 'main' }, time: 1n },
    { type: 'invoke', client: 2, input: { op: 'append', log: 'a', lsn: 2, commit: 'c2.1' }, time: 2n },
    { type: 'ok', client: 1, input: { op: 'read', ref: 'main' }, output: { at: at(1), tip: 1 }, time: 3n },
    { type: 'ok', client: 2, input: { op: 'append', log: 'a', lsn: 2, commit: 'c2.1' }, output: { ok: true }, time: 4n },
    { type: 'invoke', client: 2, input: { op: 'cas', ref: 'main', expected: at(1), next: at(2), compare: 'logref' }, time: 5n },
    { type: 'info', client: 2, input: { op: 'cas', ref: 'main', expected: at(1), next: at(2), compare: 'logref' }, time: 6n, note: 'reply lost' },
    { type: 'ack', client: 2, commit: 'c2.1', time: 7n },
  ];
  const all = records.map(formatGroveRecord);
  return [all.join('\n') + '\n', all.slice(1, 5).join('\n') + '\n'];
})();

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'huge-number'; at: number }
  | { kind: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\n', '\u0000', '\r\n', '...', '---', '<', '>', '(', ')', '@', ':', '#', '//', '-', '+', '"', '{', '}', '[', ']', ' ', '\t', '\ufffd')) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('huge-number' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies a mutation to `text` (positions taken modulo its length). Pure. */
export function mutate(text: string, m: Mutation): string {
  const n = Math.max(1, text.length);
  const lines = text.split('\n');
  switch (m.kind) {
    case 'delete':
      return text.slice(0, m.at % n) + text.slice((m.at % n) + m.length);
    case 'insert':
      return text.slice(0, m.at % n) + m.text + text.slice(m.at % n);
    case 'duplicate-line': {
      const i = m.line % lines.length;
      return [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
    }
    case 'swap-lines': {
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      const out = lines.slice();
      [out[a], out[b]] = [out[b], out[a]];
      return out.join('\n');
    }
    case 'huge-number': {
      // The digits at or after the position become a number no size bound allows.
      const i = text.slice(m.at % n).search(/\d/);
      if (i < 0) return text;
      const at = (m.at % n) + i;
      return text.slice(0, at) + '99999999999999999999' + text.slice(at).replace(/^\d+/, '');
    }
    case 'truncate':
      return text.slice(0, m.at % n);
  }
}

/** Inputs for a text reader: arbitrary strings, a token soup close to the grammar, and mutations of `corpus`. */
export function textInputs(corpus: readonly string[], tokens: readonly string[]): fc.Arbitrary<string> {
  const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 40 }).map((t) => t.join(''));
  const mutated = fc.tuple(fc.nat(corpus.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 4 })).map(([i, ms]) => ms.reduce(mutate, corpus[i]));
  return fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), soup, mutated);
}

const SCENARIO_TOKENS = ['1 ', '2 ', '3 ', 'Append<a>', 'Append<a@1>', 'Check<main, a>', 'CAS<main, a, b>', 'Branch<a, b>', 'Pull<main>', ' Ok', ' Err', ' Err(b)', ' Err: conflict', ' ?', ' ...', '... ', 'crash', 'restart', '\n', '\n', 'scenario: x\n', 'model: memo\n', 'model: inferno\n', 'variant: logid-check\n', 'actors: 2\n', 'ops: 2\n', 'program: push,force-push\n', 'max-crashes: 1\n', 'set: epochs=2\n', 'expect: violation(G6)\n', 'Initial state:\n', '- main: a\n', '- a: +2\n', '- b: a@1 +1\n', '---\n', '# note\n', '// note\n', '<', '>', ',', '@', '9999999999', ' '];
const EDN_TOKENS = ['{', '}', ':process ', '0', '1', ', ', ':type ', ':invoke', ':ok', ':fail', ':info', ':f ', ':append', ':get', ':key ', '"0"', ':value ', '"x 0 0 y"', 'nil', '\n', '[', ']', '"', '99999999999999999999'];
const ETCD_TOKENS = ['INFO  jepsen.util - ', '0', '1', '4', '\t', ':invoke', ':ok', ':fail', ':info', ':read', ':write', ':cas', 'nil', '[1 2]', '\n', ' ', '-', '99999999999999999999'];
const GROVE_TOKENS = ['{', '}', '"type":', '"invoke"', '"ok"', '"info"', '"ack"', '"meta"', ',', '"client":', '1', '2', '"input":', '{"op":"read","ref":"main"}', '"output":', '{"ok":true}', '"time":', '"5"', '\n', '"commit":"c1.1"', 'null', '[', ']', '99999999999999999999'];

// ---------------------------------------------------------------------------------------------------
// Targets.

const SCN = 'fuzz.scenario';

/** The notation alone: `ParseError` only, and never more scenarios or rows than lines. */
export const notationTarget: FuzzTarget<string> = {
  name: 'scenario notation',
  input: textInputs(scenarioCorpus, SCENARIO_TOKENS),
  check(text) {
    const f = expectOnly(this.name, text, SCN, [ParseError], () => parseScenarioFile(text, SCN));
    if (f === undefined) return;
    const items = f.scenarios.reduce((k, s) => k + s.headers.length + s.initial.length + s.rows.length + (s.preamble?.length ?? 0), 0);
    if (items > 2 * lineCount(text)) fail(this.name, `${items} items from ${lineCount(text)} lines`, text);
  },
};

/** What `replay` does with a file: parse, then replay each scenario against each variant it names. */
export const runnerTarget: FuzzTarget<string> = {
  name: 'scenario replay',
  input: textInputs(scenarioCorpus, SCENARIO_TOKENS),
  check(text) {
    const f = expectOnly(this.name, text, SCN, [ParseError], () => parseScenarioFile(text, SCN));
    if (f === undefined) return;
    for (const s of f.scenarios.slice(0, 4)) {
      expectOnly(this.name, text, SCN, [ScenarioError], () => {
        try {
          for (const v of variantsOf(s).slice(0, 3)) {
            const r = runScenario(s, v);
            const steps = r.replay?.states.length ?? 0;
            if (steps > s.rows.length + 1) fail(this.name, `${steps} states from ${s.rows.length} rows`, text);
          }
        } catch (e) {
          throw locate(e, SCN, s);
        }
      });
    }
  },
};

/**
 * A reader of history text: `parse` may throw only `allowed` errors (default `FormatError`), each
 * naming `file:line:column`, and reads at most one operation per line.
 */
export function historyTarget(
  name: string,
  file: string,
  corpus: readonly string[],
  tokens: readonly string[],
  parse: (text: string, file: string) => { operations: readonly unknown[] },
  allowed: readonly (abstract new (...a: never[]) => Error)[] = [FormatError],
): FuzzTarget<string> {
  return {
    name,
    input: textInputs(corpus, tokens),
    check(text) {
      const h = expectOnly(name, text, file, allowed, () => parse(text, file));
      if (h !== undefined && h.operations.length > lineCount(text)) fail(name, `${h.operations.length} operations from ${lineCount(text)} lines`, text);
    },
  };
}

export const jepsenKvTarget = historyTarget('history jepsen-kv', 'fuzz.edn', jepsenKvCorpus, EDN_TOKENS, parseJepsenKv);
export const jepsenEtcdTarget = historyTarget('history jepsen-etcd', 'fuzz.log', jepsenEtcdCorpus, ETCD_TOKENS, parseJepsenEtcd);
export const groveHistoryTarget = historyTarget('history grove', 'fuzz.jsonl', groveCorpus, GROVE_TOKENS, parseGroveHistory);

/** A value a variant file may export: anything, or a built-in variant with one field removed or replaced. */
const variantValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.tuple(fc.constantFrom(...allVariants), fc.constantFrom('name', 'title', 'refs', 'confirm', 'check', 'planted', 'client', 'recovery', 'remote', 'extra'), fc.option(fc.anything(), { nil: undefined })).map(([v, field, value]) => {
    const o: Record<string, unknown> = { ...v, name: `user-${v.name}` };
    if (value === undefined) delete o[field];
    else o[field] = value;
    return o;
  }),
);

/**
 * Variant values: `variantProblem` never throws, names a field in every problem, and a value it
 * accepts builds a model that takes a first step.
 */
export const variantTarget: FuzzTarget<unknown> = {
  name: 'variant value',
  input: variantValues,
  check(v) {
    let problem: string | undefined;
    try {
      problem = variantProblem(v);
    } catch (e) {
      fail(this.name, `variantProblem threw ${e instanceof Error ? e.message : String(e)}`, v);
    }
    if (problem !== undefined) {
      if (!/field '|expected a default export/.test(problem)) fail(this.name, `a problem that names no field: ${problem}`, v);
      return;
    }
    try {
      const m = groveModel({ variant: v as GroveVariant, actors: 1, ops: 1 });
      if (m.actions(m.initial()).length > 0) m.step(m.initial(), 0);
    } catch (e) {
      // A user's own primitive may throw; that is the user's bug and is reported as such elsewhere.
      if (!(v as GroveVariant).remote) fail(this.name, `an accepted variant does not build: ${e instanceof Error ? e.message : String(e)}`, v);
    }
  },
};

const ROUTES = ['/api/step', '/api/undo', '/api/redo', '/api/goto', '/api/row', '/api/reset', '/api/load'] as const;

/** A request to the explorer: a route and a JSON body (arbitrary, or a scenario text, mutated). */
const apiRequests = fc.tuple(
  fc.constantFrom(...ROUTES),
  fc.oneof(
    fc.jsonValue(),
    fc.record({ actors: fc.oneof(fc.nat(10), fc.string()), ops: fc.oneof(fc.nat(10), fc.jsonValue()), model: fc.constantFrom('grove', 'memo', 'nope'), variant: fc.string({ maxLength: 12 }) }, { requiredKeys: [] }),
    fc.record({ index: fc.oneof(fc.integer({ min: -3, max: 30 }), fc.jsonValue()) }, { requiredKeys: [] }),
    fc.record({ row: fc.string({ maxLength: 40 }) }),
    fc.record({ text: textInputs(scenarioCorpus, SCENARIO_TOKENS), name: fc.constant('pasted'), scenario: fc.option(fc.integer({ min: -2, max: 5 }), { nil: undefined }) }, { requiredKeys: ['text'] }),
  ),
);

/** The explorer's API: one session per input; never a 500, and a loaded timeline never past its limit. */
export const explorerTarget: FuzzTarget<[string, unknown]> = {
  name: 'explorer API body',
  input: apiRequests,
  async check([path, body]) {
    const explorer = new Explorer({});
    const r = await explorer.handle('POST', path, body);
    if (r.status >= 500) fail(this.name, `${path} answered ${r.status}: ${r.body.slice(0, 200)}`, [path, body]);
    const state = await explorer.handle('GET', '/api/state', undefined);
    if (state.status !== 200) fail(this.name, `the session broke after ${path}: ${state.body.slice(0, 200)}`, [path, body]);
    const rows = (JSON.parse(state.body) as { rows?: unknown[] }).rows?.length ?? 0;
    if (rows > MAX_LOADED_ROWS) fail(this.name, `${rows} rows in the timeline`, [path, body]);
  },
};

/** Every target, in a fixed order. */
export const fuzzTargets: readonly FuzzTarget<any>[] = [notationTarget, runnerTarget, jepsenKvTarget, jepsenEtcdTarget, groveHistoryTarget, variantTarget, explorerTarget];

/**
 * Runs `runs` inputs of `target` with `seed`; resolves to the count and throws the first (shrunk)
 * failure with the seed and path that replay it.
 */
export async function fuzz(target: FuzzTarget<any>, runs: number, seed: number): Promise<number> {
  let count = 0;
  const r = await fc.check(
    fc.asyncProperty(target.input, async (x) => {
      count++;
      await target.check(x);
    }),
    { numRuns: runs, seed },
  );
  if (r.failed) {
    const e = r.errorInstance;
    throw new FuzzFailure(`${e instanceof Error ? e.message : String(e)} (shrunk; replay with seed ${seed}, path ${r.counterexamplePath ?? '?'})`);
  }
  return count;
}
