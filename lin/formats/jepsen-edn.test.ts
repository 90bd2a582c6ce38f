/**
 * Jepsen EDN: the strict EDN reader (values, positions, every refused form as `file:line:column`),
 * grove JSONL → EDN → read back gives the same history (fast-check), a real `stress` history exported
 * as EDN is judged exactly as its JSONL by `lin`, and detection picks the format.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../scripts/commands/_common.ts';
import { ednKey, printEdn, readEdn } from './edn.ts';
import { FormatError } from './error.ts';
import { formatGroveRecord, parseGroveHistory, type GroveRecord } from './grove.ts';
import { groveJsonlToJepsenEdn, parseJepsenEdnHistory } from './jepsen-edn.ts';
import { detectFormat } from './detect.ts';
import { runStress } from '../../impl/concurrency/run.ts';
import { TWO_WINNERS_JSONL } from './fixtures.ts';
import { runLin } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'grove-edn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runLin;

describe('EDN reader (the subset Jepsen histories use)', () => {
  it('reads maps, vectors, lists, sets, keywords, strings, integers of any size, nil and booleans', () => {
    const [v] = readEdn('{:type :invoke, :f :jepsen/op, :value [1 -2 (3) #{"a" nil}], :big 123456789012345678901234567890N, :ok true, :no false, "s\\n\\u0041" 0} ; comment');
    expect(printEdn(v)).toBe('{:type :invoke, :f :jepsen/op, :value [1 -2 (3) #{"a" nil}], :big 123456789012345678901234567890, :ok true, :no false, "s\\nA" 0}');
    expect(v.kind === 'map' && v.entries[3][1]).toMatchObject({ kind: 'int', value: 123456789012345678901234567890n, line: 1 });
    expect(ednKey(readEdn('{:a 1 :b #{2 3}}')[0])).toBe(ednKey(readEdn('{:b #{3 2} :a 1}')[0]));
  });

  it.each([
    ['{:a 1', '1:6', "expected '}' to close the collection opened at 1:1, found end of file"],
    ['{:a 1 :b}', '1:7', 'expected a value for every key of the map, found key :b without one'],
    ['{:a 1 :a 2}', '1:7', 'expected distinct map keys, found a repeated key :a'],
    ['#{1 1}', '1:5', 'expected distinct set elements'],
    ['[1\n  foo]', '2:3', "found 'foo'"],
    ['[1.5]', '1:2', "found '1.5'"],
    ['#inst "2020"', '1:1', 'tagged literals'],
    ['"abc', '1:5', 'to close the string'],
    ['"a\\q"', '1:3', 'a string escape'],
    ['[1 2))', '1:5', "expected a value, found ')'"],
    ['[007]', '1:2', 'without leading zeros'],
    ['\\a', '1:1', "found '\\a'"],
  ])('%j is refused at %s', (text, at, message) => {
    expect(() => readEdn(text, 'h.edn')).toThrow(FormatError);
    expect(() => readEdn(text, 'h.edn')).toThrow(`h.edn:${at}: `);
    expect(() => readEdn(text, 'h.edn')).toThrow(message);
  });
});

const name = fc.constantFrom('a', 'b', 'main', 'l3_2');
const pos = fc.record({ log: name, lsn: fc.nat(20) });
const call = fc.oneof(
  fc.tuple(fc.record({ op: fc.constant('append' as const), log: name, lsn: fc.nat(9), commit: fc.constantFrom('c1.1', '0.2') }), fc.constantFrom({ ok: true } as const, { ok: false, reason: 'conflict' } as const)),
  fc.tuple(fc.record({ op: fc.constant('read' as const), ref: name }), fc.oneof(fc.constant(null), fc.record({ at: pos, tip: fc.integer({ min: -1, max: 9 }) }))),
  fc.tuple(fc.record({ op: fc.constant('cas' as const), ref: name, expected: pos, next: pos, compare: fc.constantFrom('log' as const, 'logref' as const) }), fc.record({ ok: fc.boolean(), actual: fc.option(pos, { nil: null }) })),
);

describe('jepsen-edn history format', () => {
  it('grove JSONL → EDN → read back gives the same operations, times, acks, store and variant (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(call, fc.constantFrom('ok', 'info', 'open', 'ack')), { maxLength: 10 }), fc.boolean(), (calls, big) => {
        let t = big ? 2n ** 60n : 1000n;
        const records: GroveRecord[] = [{ type: 'meta', variant: 'lsn-advance', store: { logs: { a: { base: null, entries: ['0.1'] } }, refs: { main: { log: 'a', lsn: 1 } } } }];
        calls.forEach(([[input, output], end], i) => {
          records.push({ type: 'invoke', client: i, input, time: t++ } as GroveRecord);
          if (end === 'ok' || end === 'ack') records.push({ type: 'ok', client: i, input, output, time: t++ } as GroveRecord);
          if (end === 'ack') records.push({ type: 'ack', client: i, commit: `c${i}.1`, time: t++ });
          if (end === 'info') records.push({ type: 'info', client: i, input, time: t++, note: 'reply lost' });
        });
        const jsonl = records.map(formatGroveRecord).join('\n') + '\n';
        const edn = groveJsonlToJepsenEdn(jsonl, 'h.jsonl');
        expect(detectFormat(edn)).toBe('jepsen-edn');
        const a = parseGroveHistory(jsonl, 'h.jsonl');
        const b = parseJepsenEdnHistory(edn, 'h.edn');
        expect(b.operations).toEqual(a.operations);
        expect(b.acks.map(({ line: _l, file: _f, ...x }) => x)).toEqual(a.acks.map(({ line: _l, file: _f, ...x }) => x));
        expect([b.store, b.variant, b.notes]).toEqual([a.store, a.variant, a.notes]);
      }),
      { seed: 18, numRuns: 150 },
    );
  });

  it('each event carries :type, :f, :value, :process, :time and :index, as Jepsen writes them', () => {
    const jsonl = [
      '{"client":3,"type":"invoke","op":"append","args":{"log":"a","lsn":1,"commit":"c3.1"},"time":5}',
      '{"client":3,"type":"ok","op":"append","result":{"ok":true},"time":6}',
      '{"client":3,"type":"invoke","op":"cas","args":{"ref":"main","expected":{"log":"a","lsn":0},"next":{"log":"a","lsn":1},"compare":"logref"},"time":7}',
      '{"client":3,"type":"info","op":"cas","note":"reply lost","time":8}',
    ].join('\n');
    expect(groveJsonlToJepsenEdn(jsonl).split('\n')).toEqual([
      '{:process 3, :type :invoke, :f :append, :value {:log "a", :lsn 1, :commit "c3.1"}, :time 5, :index 0}',
      '{:process 3, :type :ok, :f :append, :value {:ok true}, :time 6, :index 1}',
      '{:process 3, :type :invoke, :f :cas, :value {:ref "main", :expected {:log "a", :lsn 0}, :next {:log "a", :lsn 1}, :compare "logref"}, :time 7, :index 2}',
      '{:process 3, :type :info, :f :cas, :value nil, :error "reply lost", :time 8, :index 3}',
      '',
    ]);
    // The whole history as one vector reads the same.
    const events = groveJsonlToJepsenEdn(jsonl).trim().split('\n');
    expect(parseJepsenEdnHistory(`[${events.join('\n')}]`).operations).toEqual(parseJepsenEdnHistory(events.join('\n')).operations);
  });

  it.each([
    ['{:process 1, :type :invoke, :f :append, :value {:log "a", :lsn 1, :commit "c"}}', '1:1', 'a :time field'],
    ['{:process 1, :type :begin, :f :read, :value {:ref "main"}, :time 1}', '1:20', ':type :invoke or :ok or :info or :fail'],
    ['{:process 1, :type :invoke, :f :read, :value {:ref "main"}, :time 1}\n{:process 1, :type :fail, :f :read, :value nil, :time 2}', '2:20', 'never knows'],
    ['{:process -1, :type :invoke, :f :read, :value {:ref "main"}, :time 1}', '1:11', ':process a non-negative integer'],
    ['{:process 1, :type :invoke, :f :frob, :value {}, :time 1}', '1:32', ':f :append or'],
    ['{:process 1, :type :invoke, :f :read, :value {:ref 7}, :time 1}', '1:1', 'expected'],
    ['{:process 1, :type :invoke, :f :read, :value {:ref "main"}, :time 1}\n[1]', '2:1', 'an operation map'],
  ])('%j is refused at %s', (text, at, message) => {
    expect(() => parseJepsenEdnHistory(text, 'h.edn')).toThrow(`h.edn:${at}: `);
    expect(() => parseJepsenEdnHistory(text, 'h.edn')).toThrow(message);
  });

  it('lin: a malformed EDN file is bad input (exit 2 through InputError) with file:line:column', async () => {
    const f = join(dir, 'broken.edn');
    writeFileSync(f, '{:process 1, :type :invoke, :f :read, :value {:ref "main"}, :time 1}\n{:process 1, :type :ok, :f :read, :value {:at {:log "a" :lsn 0} :tip 0}, :time 2.5}\n');
    await expect(run(f)).rejects.toThrow(InputError);
    await expect(run(f)).rejects.toThrow(`${f}:2:`);
  });

  it('two winners of one append: NOT linearizable, the same stuck calls from the EDN as from the JSONL', async () => {
    const jsonl = TWO_WINNERS_JSONL;
    const j = join(dir, 'two.jsonl');
    const e = join(dir, 'two.edn');
    writeFileSync(j, jsonl);
    expect((await run(j, '--edn', e)).code).toBe(1);
    const a = await run(j, '--json');
    const b = await run(e, '--json');
    expect(b.code).toBe(1);
    expect(JSON.parse(b.out).format).toBe('jepsen-edn');
    const strip = (o: string) => JSON.parse(o).partial.map((p: { longest: number[]; stuckAt: number[]; stateAfter: string }) => [p.longest, p.stuckAt, p.stateAfter]);
    expect(strip(b.out)).toEqual(strip(a.out));
  });

  it('a stress history (fs, 3 processes × 6 ops, lost replies p=0.2, seed e1) exported as EDN is judged exactly as its JSONL', async () => {
    const r = await runStress({ backend: 'fs', processes: 3, ops: 6, lostReplies: 0.2, seed: 'e1', keep: 'always' });
    try {
      const e = join(dir, 'stress.edn');
      const a = await run(r.history, '--json', '--edn', e);
      const b = await run(e, '--json');
      expect(a.code).toBe(0);
      expect(b.code).toBe(a.code);
      const ja = JSON.parse(a.out);
      const jb = JSON.parse(b.out);
      expect(jb.linearization).toEqual(ja.linearization);
      expect([jb.stats.operations, jb.pending]).toEqual([ja.stats.operations, ja.pending]);
      expect(readFileSync(e, 'utf8')).toMatch(/^\{:process :grove, :type :info, :f :meta, :value \{:variant "lsn-cas"/);
    } finally {
      rmSync(join(r.history, '..'), { recursive: true, force: true });
    }
  });
});
