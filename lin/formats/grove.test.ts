/**
 * The `grove` history format: print ∘ parse is the identity on records (a fast-check property),
 * pairing and pending semantics, merged files, every malformed line as `file:line:column`, and
 * `grove-check lin` on grove files (format detected, exit codes).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../scripts/commands/_common.ts';
import { FormatError } from './error.ts';
import { formatGroveRecord, looksLikeGrove, parseGroveFiles, parseGroveHistory, type GroveRecord } from './grove.ts';
import type { GroveInput, GroveOutput } from '../models/grove.ts';
import { runLin } from '../testing.ts';

const name = fc.constantFrom('a', 'b', 'l3_2', 'main', 'dev');
const pos = fc.record({ log: name, lsn: fc.nat(20) });
const commit = fc.constantFrom('c1.1', 'c2.7', '0.1');
const inputAndOutput: fc.Arbitrary<[GroveInput, GroveOutput]> = fc.oneof(
  fc.tuple(fc.record({ op: fc.constant('append' as const), log: name, lsn: fc.nat(20), commit }), fc.constantFrom<GroveOutput>({ ok: true }, { ok: false, reason: 'conflict' }, { ok: false, reason: 'missing' })),
  fc.tuple(fc.record({ op: fc.constant('branch' as const), from: pos, to: name, commit }), fc.constantFrom<GroveOutput>({ ok: true }, { ok: false, reason: 'exists' })),
  fc.tuple(fc.record({ op: fc.constant('read' as const), ref: name }), fc.oneof(fc.constant(null), fc.record({ at: pos, tip: fc.integer({ min: -1, max: 20 }) }))),
  fc.tuple(fc.record({ op: fc.constant('check' as const), ref: name, at: pos, mode: fc.constantFrom('read' as const, 'advance' as const) }), fc.record({ ok: fc.boolean(), actual: fc.option(pos, { nil: null }) })),
  fc.tuple(
    fc.record({ op: fc.constant('cas' as const), ref: name, expected: pos, next: pos, compare: fc.constantFrom('log' as const, 'logref' as const) }),
    fc.record({ ok: fc.boolean(), actual: fc.option(pos, { nil: null }) }),
  ),
);

describe('grove history format', () => {
  it('parse(print(records)) gives back every call, its result, its client and its times (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), inputAndOutput, fc.constantFrom('ok', 'info', 'open')), { maxLength: 12 }), (calls) => {
        // One client at a time per call: client ids are made unique per call so pairing never clashes.
        let t = 1_000_000_000_000n;
        const records: GroveRecord[] = [];
        calls.forEach(([c, [input, output], end], i) => {
          const client = c * 100 + i;
          records.push({ type: 'invoke', client, input, time: t++ });
          if (end === 'ok') records.push({ type: 'ok', client, input, output, time: t++ });
          if (end === 'info') records.push({ type: 'info', client, input, time: t++, note: 'reply lost' });
        });
        const text = records.map(formatGroveRecord).join('\n') + '\n';
        const h = parseGroveHistory(text, 'h.jsonl');
        expect(h.operations.map((o) => [o.client, o.input, o.output, o.ret === Infinity])).toEqual(
          calls.map(([c, [input, output], end], i) => [c * 100 + i, input, end === 'ok' ? output : undefined, end !== 'ok']),
        );
        expect(h.operations.every((o) => o.ret === Infinity || o.ret > o.call)).toBe(true);
        if (h.operations.length > 0) expect(h.operations[0].call).toBe(0);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('meta gives the initial store and variant; acks are kept; times above 2^53 are exact', () => {
    const store = { logs: { a: { base: null, entries: ['0.1'] } }, refs: { main: { log: 'a', lsn: 1 } } };
    const big = 2n ** 60n;
    const text = [
      formatGroveRecord({ type: 'meta', variant: 'lsn-advance', store }),
      formatGroveRecord({ type: 'invoke', client: 1, input: { op: 'read', ref: 'main' }, time: big }),
      formatGroveRecord({ type: 'ok', client: 1, input: { op: 'read', ref: 'main' }, output: { at: { log: 'a', lsn: 1 }, tip: 1 }, time: big + 3n }),
      formatGroveRecord({ type: 'ack', client: 1, commit: 'c1.1', time: big + 5n }),
    ].join('\n');
    expect(text).toContain(`"time":"${big + 3n}"`);
    const h = parseGroveHistory(text, 'm.jsonl');
    expect(h.store).toEqual(store);
    expect(h.variant).toBe('lsn-advance');
    expect(h.operations[0]).toMatchObject({ call: 0, ret: 3 });
    expect(h.acks).toEqual([{ client: 1, commit: 'c1.1', time: 5, file: 'm.jsonl', line: 4 }]);
  });

  it('merges files by time; ids follow call order; lines and files name each call', () => {
    const a = [`{"client":1,"type":"invoke","op":"read","args":{"ref":"main"},"time":10}`, `{"client":1,"type":"ok","op":"read","result":null,"time":40}`].join('\n');
    const b = [`{"client":2,"type":"invoke","op":"read","args":{"ref":"main"},"time":5}`, `{"client":2,"type":"info","op":"read","note":"killed","time":50}`].join('\n');
    const h = parseGroveFiles([
      { file: 'a.jsonl', text: a },
      { file: 'b.jsonl', text: b },
    ]);
    expect(h.operations.map((o) => [o.id, o.client, o.call, o.ret])).toEqual([
      [0, 2, 0, Infinity],
      [1, 1, 5, 35],
    ]);
    expect(h.files).toEqual(['b.jsonl', 'a.jsonl']);
    expect(h.lines).toEqual([{ invoke: 1 }, { invoke: 1, complete: 2 }]);
    expect(h.notes).toEqual(['killed', undefined]);
  });

  const bad: [string, string, string][] = [
    ['not JSON', `{"client":1,"type":"invoke",`, 'f.jsonl:1:29: expected one JSON object per line'],
    ['unknown type', `{"client":1,"type":"done","op":"read","time":1}`, `f.jsonl:1:20: expected 'invoke', 'ok', 'info', 'ack' or 'meta', found "done"`],
    ['unknown op', `{"client":1,"type":"invoke","op":"merge","args":{},"time":1}`, `f.jsonl:1:34: expected 'append', 'branch', 'read', 'check', 'cas', found "merge"`],
    ['bad client', `{"client":-1,"type":"invoke","op":"read","args":{"ref":"main"},"time":1}`, 'f.jsonl:1:11: expected a client id (a whole number ≥ 0), found -1'],
    ['missing time', `{"client":1,"type":"invoke","op":"read","args":{"ref":"main"}}`, `f.jsonl:1:1: expected a time (a number, or a decimal string of nanoseconds), found no field 'time'`],
    ['bad position', `{"client":1,"type":"invoke","op":"cas","args":{"ref":"main","expected":{"log":"a","lsn":"x"},"next":{"log":"a","lsn":1},"compare":"logref"},"time":1}`, 'f.jsonl:1:72: expected a position {"log": NAME, "lsn": N}, found {"log":"a","lsn":"x"}'],
    ['bad check mode', `{"client":1,"type":"invoke","op":"check","args":{"ref":"main","at":{"log":"a","lsn":1},"mode":"fast"},"time":1}`, `f.jsonl:1:95: expected 'read' or 'advance', found "fast"`],
    ['completion without invoke', `{"client":4,"type":"ok","op":"read","result":null,"time":1}`, `f.jsonl:1:20: expected an 'invoke' by client 4 before this completion, found "ok"`],
    [
      'second invoke while one is open',
      `{"client":1,"type":"invoke","op":"read","args":{"ref":"main"},"time":1}\n{"client":1,"type":"invoke","op":"read","args":{"ref":"main"},"time":2}`,
      `f.jsonl:2:20: expected a completion ('ok' or 'info') of client 1's read invoked on line 1, found "invoke"`,
    ],
    [
      'completion of another op',
      `{"client":1,"type":"invoke","op":"read","args":{"ref":"main"},"time":1}\n{"client":1,"type":"ok","op":"cas","result":{"ok":true,"actual":null},"time":2}`,
      `f.jsonl:2:30: expected 'read' (client 1 invoked it on line 1), found "cas"`,
    ],
    [
      'bad result',
      `{"client":1,"type":"invoke","op":"append","args":{"log":"a","lsn":1,"commit":"c"},"time":1}\n{"client":1,"type":"ok","op":"append","result":{"ok":false,"reason":"exists"},"time":2}`,
      `f.jsonl:2:48: expected {"ok": true} or {"ok": false, "reason": "conflict"|"missing"}, found {"ok":false,"reason":"exists"}`,
    ],
    [
      'time going backwards',
      `{"client":1,"type":"invoke","op":"read","args":{"ref":"main"},"time":9}\n{"client":1,"type":"ok","op":"read","result":null,"time":3}`,
      `f.jsonl:2:58: expected a time no earlier than client 1's previous event (9), found 3`,
    ],
    ['meta not first', `{"client":1,"type":"ack","commit":"c","time":1}\n{"type":"meta"}`, `f.jsonl:2:9: expected 'meta' only on a file's first line`],
  ];
  it.each(bad)('%s: a FormatError at file:line:column', (_name, text, message) => {
    let err: unknown;
    try {
      parseGroveHistory(text, 'f.jsonl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message.startsWith(message)).toBe(true);
  });

  it('tells grove JSON from Jepsen EDN by the first line', () => {
    expect(looksLikeGrove('\n{"client":1}')).toBe(true);
    expect(looksLikeGrove('{:type :invoke, :f :txn}')).toBe(false);
  });
});

describe('grove-check lin --format grove', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grove-lin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = runLin;

  const ev = (client: number, type: string, op: string, extra: string, time: number) => `{"client":${client},"type":"${type}","op":"${op}",${extra},"time":${time}}`;
  const good = [
    ev(1, 'invoke', 'append', `"args":{"log":"a","lsn":1,"commit":"c1.1"}`, 1),
    ev(2, 'invoke', 'append', `"args":{"log":"a","lsn":1,"commit":"c2.1"}`, 2),
    ev(1, 'ok', 'append', `"result":{"ok":true}`, 3),
    ev(2, 'ok', 'append', `"result":{"ok":false,"reason":"conflict"}`, 4),
  ].join('\n');
  const twoWinners = good.replace('{"ok":false,"reason":"conflict"}', '{"ok":true}');

  it('detects the format; exit 0 for a linearizable history, 1 with the stuck call for two winners', async () => {
    const ok = join(dir, 'ok.jsonl');
    writeFileSync(ok, good);
    expect(await run(ok)).toMatchObject({ code: 0 });
    const badFile = join(dir, 'bad.jsonl');
    writeFileSync(badFile, twoWinners);
    const r = await run(badFile, '--format', 'grove');
    expect(r.code).toBe(1);
    expect(r.out).toContain('NOT linearizable');
    expect(r.out).toMatch(/Append<a@1, c\d\.1> -> Ok/);
  });

  it('a malformed grove file is bad input (exit 2 through InputError) naming file:line:column', async () => {
    const f = join(dir, 'broken.jsonl');
    writeFileSync(f, good + '\n{"client":1,"type":"ok","op":"read","result":null,"time":9}');
    await expect(run(f)).rejects.toThrow(InputError);
    await expect(run(f)).rejects.toThrow(`${f}:5:`);
  });
});
