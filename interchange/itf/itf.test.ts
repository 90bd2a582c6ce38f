/**
 * ITF traces: the writer against the format's published definition (Apalache ADR-015, as Quint reads
 * it: `#meta`, `vars`, `states`, `#bigint`, `#tup`, `#set`, `#map`, `#unserializable`), every saved
 * counterexample round-tripping through ITF, planted divergent traces reported at the right step, a
 * model without the capability getting ITF from its plain data, and malformed traces as
 * `file:line:column`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ok, op, UsageError, type Model } from '../../model/core/model.ts';
import { readScenarioFileSync } from '../../scenarios/notation/index.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { ItfError } from './json.ts';
import { judgeItf, readItf } from './replay.ts';
import { ACTION_VAR, itfState, printItf, scenarioToItf, type ItfTrace } from './trace.ts';
import { canonicalKey, malformedItf, NONE, toItf, tup } from './value.ts';
import { replayItfFiles } from './command.ts';
import { families, familyByName } from '../../model/registry.ts';
import check from '../../scripts/commands/check.ts';

const dir = mkdtempSync(join(tmpdir(), 'grove-itf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const COUNTEREXAMPLES = join(import.meta.dirname, '../../scenarios/counterexamples');
const scenario = (name: string) => readScenarioFileSync(join(COUNTEREXAMPLES, name)).scenarios[0];
const roundTrip = (t: ItfTrace, file = 'x.itf.json') => readItf(printItf(t), file);

describe('ITF values (ADR-015 encodings)', () => {
  it('booleans and strings as themselves, safe integers as numbers, the rest as #bigint; #tup, #set, #map sorted, None, #unserializable', () => {
    expect(toItf(true)).toBe(true);
    expect(toItf('a@1')).toBe('a@1');
    expect(toItf(42)).toBe(42);
    expect(toItf(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(toItf(2 ** 60)).toEqual({ '#bigint': '1152921504606846976' });
    expect(toItf(-(2n ** 70n))).toEqual({ '#bigint': '-1180591620717411303424' });
    expect(toItf(7n)).toBe(7);
    expect(toItf(tup('a', 2))).toEqual({ '#tup': ['a', 2] });
    expect(toItf(new Set(['b', 'a']))).toEqual({ '#set': ['a', 'b'] });
    expect(toItf(new Map<string, unknown>([['b', 1], ['a', tup('x', 0)]]))).toEqual({ '#map': [['a', { '#tup': ['x', 0] }], ['b', 1]] });
    expect(toItf({ z: 1, a: [null], u: undefined })).toEqual({ a: [NONE], z: 1 });
    expect(NONE).toEqual({ tag: 'None', value: { '#tup': [] } });
    expect(toItf(() => 1)).toEqual({ '#unserializable': 'function' });
    expect(toItf(0.5)).toEqual({ '#unserializable': '0.5' });
  });

  it('an integer compares equal as a number and as #bigint (Quint writes every integer as #bigint); sets and maps in any order', () => {
    expect(canonicalKey({ '#bigint': '40' })).toBe(canonicalKey(40));
    expect(canonicalKey({ '#set': [1, 2] })).toBe(canonicalKey({ '#set': [{ '#bigint': '2' }, 1] }));
    expect(canonicalKey({ '#map': [['a', 1], ['b', 2]] })).toBe(canonicalKey({ '#map': [['b', 2], ['a', 1]] }));
    expect(canonicalKey({ '#tup': [1, 2] })).not.toBe(canonicalKey({ '#tup': [2, 1] }));
    expect(canonicalKey([1, 2])).not.toBe(canonicalKey({ '#set': [1, 2] }));
  });

  it('accepts what Quint emits (a published fixture) and refuses ill-formed values', () => {
    const quint = { tag: 'Some', value: { '#bigint': '40' } };
    expect(malformedItf(quint)).toBeUndefined();
    expect(malformedItf({ '#map': [[{ '#bigint': '1' }, 'a']], x: 1 })).toMatchObject({ expected: expect.stringContaining('one key') });
    expect(malformedItf({ '#bigint': '4.5' })?.expected).toContain('decimal digits');
    expect(malformedItf({ '#map': [[1]] })?.expected).toContain('pairs');
    expect(malformedItf({ '#frob': [] })?.expected).toContain('one of #bigint');
    expect(malformedItf([1, null])?.expected).toContain('null is not one');
    expect(malformedItf(1.5)?.expected).toContain('no fractions');
  });
});

describe('ITF traces', () => {
  it('the writer follows the published shape: #meta.format ITF, vars, states with #meta.index, every var in every state', () => {
    const t = scenarioToItf(scenario('grove-logid-check-G6-2x1.scenario'));
    expect(Object.keys(t)).toEqual(['#meta', 'vars', 'states']);
    expect(t['#meta']).toMatchObject({ format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', source: 'grove-logid-check-G6-2x1' });
    expect(t.vars).toEqual(['acked', 'actors', 'failed', 'logs', 'refs', ACTION_VAR]);
    expect(t.states).toHaveLength(8);
    t.states.forEach((s, i) => {
      expect(s['#meta']).toEqual({ index: i });
      expect(Object.keys(s).filter((k) => k !== '#meta').sort()).toEqual([...t.vars].sort());
      for (const v of t.vars) expect(malformedItf(s[v])).toBeUndefined();
    });
    // Grove's documented mapping: logs, refs and actors as #map, positions as #tup, ghost sets as #set.
    const last = t.states[7];
    expect(last.refs).toEqual({ '#map': [['main', { '#tup': ['c', 1] }]] });
    expect(last.logs).toEqual({ '#map': [['a', { base: NONE, entries: ['1.1'] }], ['c', { base: { '#tup': ['a', 0] }, entries: ['2.1'] }]] });
    expect(last.acked).toEqual({ '#set': ['1.1', '2.1'] });
    expect(last[ACTION_VAR]).toBe('2 CAS<main, a, c> Ok');
    expect(t.states[0][ACTION_VAR]).toBe('init');
    // The same scenario gives the same text, byte for byte.
    expect(printItf(scenarioToItf(scenario('grove-logid-check-G6-2x1.scenario')))).toBe(printItf(t));
  });

  const files = readdirSync(COUNTEREXAMPLES).filter((f) => f.endsWith('.scenario')).sort();
  it.each(files)('%s round-trips: written, read back, every step agrees and the verdict is the expected one', (file) => {
    const s = scenario(file);
    const v = judgeItf(roundTrip(scenarioToItf(s), file));
    expect(v.verdict).toBe('agrees');
    if (v.verdict !== 'agrees') return;
    expect(v.run.asExpected).toBe(true);
    expect(v.run.verdict).toBe(/expect: (\S+)/.exec(readFileSync(join(COUNTEREXAMPLES, file), 'utf8'))![1]);
    expect(v.rows).toEqual(s.rows.filter((r) => r.kind !== 'note').map(printRow).slice(0, v.rows.length));
    expect(v.steps).toBe(v.rows.length);
  });

  it('a trace written the way Quint writes it (every integer #bigint, sets reordered) agrees too', () => {
    const t = scenarioToItf(scenario('grove-logid-check-G6-2x1.scenario'));
    const quintish = JSON.parse(JSON.stringify(t), (k, x) => (typeof x === 'number' && k !== 'index' ? { '#bigint': String(x) } : k === '#set' ? [...(x as unknown[])].reverse() : x));
    const text = JSON.stringify(quintish);
    expect(text).toContain('{"#bigint":"0"}');
    expect(text).toContain('"acked":{"#set":["2.1","1.1"]}');
    const v = judgeItf(readItf(text, 'q.itf.json'));
    expect(v).toMatchObject({ verdict: 'agrees', run: { verdict: 'violation(G6)', asExpected: true } });
  });

  it('a trace without mbt::actionTaken (another tool) is judged by finding the step that leads to each state', () => {
    const t = scenarioToItf(scenario('grove-logid-check-G6-2x1.scenario'));
    const bare: ItfTrace = { ...t, vars: t.vars.filter((v) => v !== ACTION_VAR), states: t.states.map(({ [ACTION_VAR]: _a, ...s }) => s) };
    const v = judgeItf(roundTrip(bare));
    expect(v).toMatchObject({ verdict: 'agrees', steps: 7, run: { verdict: 'violation(G6)', asExpected: true } });
  });

  it('a foreign trace (no grove-check #meta, no action names) is judged against the model named on the command line', () => {
    const t = scenarioToItf(scenario('grove-logid-check-G6-2x1.scenario'));
    const foreign = { '#meta': { format: 'ITF', source: 'grove.qnt' }, vars: t.vars.filter((v) => v !== ACTION_VAR), states: t.states.map(({ [ACTION_VAR]: _a, ...s }) => s) };
    const f = join(dir, 'foreign.itf.json');
    writeFileSync(f, JSON.stringify(foreign));
    expect(() => replayItfFiles([f], false, () => undefined)).toThrow('naming the model to judge the trace by (or replay --model M)');
    const given = [
      { key: 'model', value: 'grove' },
      { key: 'variant', value: 'logid-check' },
      { key: 'actors', value: '2' },
      { key: 'ops', value: '1' },
    ];
    let out = '';
    // It agrees step by step; with no expectation, the G6 it reaches fails the replay, as for a scenario.
    expect(replayItfFiles([f], false, (s) => (out += s), given)).toBe(1);
    expect(out).toBe(`FAIL ${f}: 7 steps agree with the model; verdict violation(G6)\n`);
    out = '';
    expect(replayItfFiles([f], false, (s) => (out += s), given.map((h) => (h.key === 'variant' ? { ...h, value: 'lsn-cas' } : h)))).toBe(1);
    expect(out).toContain('diverges at step 4, line 1: no enabled action of the model (2) leads to this state');
  });

  describe('planted divergences are reported at the right step', () => {
    const base = () => scenarioToItf(scenario('grove-logid-check-G6-2x1.scenario'));
    const edit = (t: ItfTrace, i: number, patch: Record<string, unknown>): ItfTrace => ({ ...t, states: t.states.map((s, j) => (j === i ? ({ ...s, ...patch } as typeof s) : s)) });

    it('a log entry the model never wrote: step 5, variable logs, both values shown, the state line', () => {
      const t = base();
      const v = judgeItf(roundTrip(edit(t, 5, { logs: { '#map': [['a', { base: NONE, entries: ['1.1', '2.1'] }]] } })));
      expect(v).toMatchObject({ verdict: 'diverges', atStep: 5, line: 10, variable: 'logs', action: '2 Append<a@1> Err: conflict', reason: 'after this step the state differs in logs' });
      if (v.verdict === 'diverges') {
        expect(v.trace).toBe('Map("a" -> {base: None, entries: ["1.1", "2.1"]})');
        expect(v.model).toBe('Map("a" -> {base: None, entries: ["1.1"]})');
        expect(v.rows).toHaveLength(4);
      }
    });

    it('a result the model does not give: step 5 says the append succeeded', () => {
      const v = judgeItf(roundTrip(edit(base(), 5, { [ACTION_VAR]: '2 Append<a@1> Ok' })));
      expect(v).toMatchObject({ verdict: 'diverges', atStep: 5, reason: "the model's result is 2 Append<a@1> Err: conflict" });
    });

    it('a step the model cannot take (actor 1 pulls twice): step 2', () => {
      const v = judgeItf(roundTrip(edit(base(), 2, { [ACTION_VAR]: '1 Pull<main> Ok(a@0)' })));
      expect(v).toMatchObject({ verdict: 'diverges', atStep: 2 });
      if (v.verdict === 'diverges') expect(v.reason).toContain("actor 1's next step is Append<a@1>");
    });

    it('an initial state that is not the model\'s: step 0', () => {
      expect(judgeItf(roundTrip(edit(base(), 0, { acked: { '#set': ['9.9'] } })))).toMatchObject({ verdict: 'diverges', atStep: 0, variable: 'acked', line: 5 });
    });

    it('without action names, a state no enabled action reaches: step 6', () => {
      const t = base();
      const bare: ItfTrace = { ...t, vars: t.vars.filter((v) => v !== ACTION_VAR), states: t.states.map(({ [ACTION_VAR]: _a, ...s }, i) => (i === 6 ? { ...s, refs: { '#map': [['main', { '#tup': ['c', 1] }]] } } : s)) };
      expect(judgeItf(roundTrip(bare))).toMatchObject({ verdict: 'diverges', atStep: 6, reason: 'no enabled action of the model (1) leads to this state' });
    });

    it('replay exits 1 naming the step; 0 for the faithful trace', () => {
      const good = join(dir, 'good.itf.json');
      const bad = join(dir, 'bad.itf.json');
      writeFileSync(good, printItf(base()));
      writeFileSync(bad, printItf(edit(base(), 5, { [ACTION_VAR]: '2 Append<a@1> Ok' })));
      let out = '';
      expect(replayItfFiles([good], false, (s) => (out += s))).toBe(0);
      expect(replayItfFiles([bad], false, (s) => (out += s))).toBe(1);
      expect(out).toContain(`ok   ${good}: 7 steps agree with the model; verdict violation(G6), as expected`);
      expect(out).toContain(`FAIL ${bad}: diverges at step 5 (2 Append<a@1> Ok), line 10: the model's result is 2 Append<a@1> Err: conflict`);
    });
  });

  it('a model without the itf capability gets one variable per field of its plain state', () => {
    type S = { count: number; seen: ReadonlySet<string>; last: string | null };
    const model: Model<S> = {
      name: 'counter',
      config: {},
      initial: () => ({ count: 0, seen: new Set(), last: null }),
      actions: (s) => (s.count < 2 ? [{ actor: '1', op: op('Inc') }] : []),
      step: (s) => ({ next: { count: s.count + 1, seen: new Set([...s.seen, `x${s.count}`]), last: 'inc' }, row: { kind: 'call', actor: '1', op: op('Inc'), result: ok() } }),
      fingerprint: (s) => String(s.count),
      properties: [],
    };
    expect(itfState(model, model.step(model.initial(), 0).next)).toEqual({ count: 1, last: 'inc', seen: { '#set': ['x0'] } });
    expect(itfState(model, model.initial())).toEqual({ count: 0, last: NONE, seen: { '#set': [] } });
  });

  it.each(families.map((f) => f.name))('every reachable state of %s (default variant, first 400 states) is well-formed ITF, and ITF tells apart states the model tells apart', (name) => {
    const model = familyByName(name).build({ variant: familyByName(name).defaultVariant, actors: 2, ops: 1 }) as Model<unknown>;
    const seen = new Map<string, string>();
    const queue = [model.initial()];
    while (queue.length > 0 && seen.size < 400) {
      const s = queue.shift()!;
      const key = model.fingerprint(s);
      if (seen.has(key)) continue;
      const encoded = itfState(model, s);
      for (const v of Object.values(encoded)) expect(malformedItf(v)).toBeUndefined();
      expect(JSON.stringify(encoded)).not.toContain('#unserializable');
      seen.set(key, canonicalKey(encoded));
      model.actions(s).forEach((_, i) => queue.push(model.step(s, i).next));
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(new Set(seen.values()).size).toBe(seen.size);
  });

  describe('malformed traces: file:line:column', () => {
    const good = printItf(scenarioToItf(scenario('grove-logid-check-G6-2x1.scenario')));
    it.each([
      ['bad JSON', good.replace('"vars": [', '"vars": [,'), '3:11', 'a JSON value'],
      ['an unsafe bare integer', good.replace('"index":3}', '"index":3},"x":12345678901234567890'), '8:28', 'larger ones are {"#bigint"'],
      ['a missing variable', good.replace('"acked":{"#set":["1.1"]},', ''), '9:3', 'variable "acked"'],
      ['a bad #bigint', good.replace('"#set":["1.1"]', '"#set":[{"#bigint":"1.5"}]'), '9:41', 'decimal digits'],
      ['an unknown # tag', good.replace('"#set":[]', '"#bag":[]'), '5:', 'one of #bigint'],
      ['an action that does not parse', good.replace('"1 Append<a@1> Ok"', '"1 Append<a@1 Ok"'), '8:3', 'an Actor Op Result row'],
      ['no model named', good.replace('"grove-check":{"headers"', '"other":{"headers"'), '2:', 'naming the model'],
      ['no states', '{"vars": [], "states": []}', '1:24', 'non-empty list of states'],
    ])('%s', (_what, text, at, message) => {
      expect(() => readItf(text, 't.itf.json')).toThrow(ItfError);
      expect(() => readItf(text, 't.itf.json')).toThrow(`t.itf.json:${at}`);
      expect(() => readItf(text, 't.itf.json')).toThrow(message);
      const f = join(dir, 'bad.itf.json');
      writeFileSync(f, text);
      expect(() => replayItfFiles([f], false, () => undefined)).toThrow(UsageError);
    });
  });

  it('check --itf FILE and --save DIR write the trace; replay judges both as the G6 counterexample', async () => {
    const itf = join(dir, 'g6.itf.json');
    const save = join(dir, 'saved');
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await check(['--variant', 'logid-check', '--actors', '2', '--ops', '1', '--itf', itf, '--save', save, '--quiet'])).toBe(1);
    } finally {
      spy.mockRestore();
    }
    const beside = join(save, 'grove-logid-check-G6-2x1.itf.json');
    expect(readdirSync(save).sort()).toEqual(['grove-logid-check-G6-2x1.itf.json', 'grove-logid-check-G6-2x1.scenario']);
    let out = '';
    expect(replayItfFiles([itf, beside], false, (t) => (out += t))).toBe(0);
    expect(out.match(/7 steps agree with the model; verdict violation\(G6\), as expected/g)).toHaveLength(2);
    expect(readFileSync(beside, 'utf8')).toBe(printItf(scenarioToItf(readScenarioFileSync(join(save, 'grove-logid-check-G6-2x1.scenario')).scenarios[0])));
  });
});
