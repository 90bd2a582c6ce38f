/** The Jepsen parsers: pairing, how each completion type is read, and exact error positions. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJepsenEtcd, readEtcd, readPlainEtcd } from './jepsen-etcd.ts';
import { parseJepsenKv, readKv, readPlainKv } from './jepsen-kv.ts';
import { detectFormat } from './detect.ts';
import { looksLikeJepsenEdn } from './jepsen-edn.ts';
import { looksLikeGrove } from './grove.ts';
import { firstLine } from './scan.ts';
import { binaryAt, FormatError } from './error.ts';

const etcd = (...lines: string[]): string => lines.map((l) => `INFO  jepsen.util - ${l.split(' ').join('\t')}`).join('\n') + '\n';
const kv = (process: number, type: string, f: string, key: string, value: string | null): string =>
  `{:process ${process}, :type :${type}, :f :${f}, :key ${JSON.stringify(key)}, :value ${value === null ? 'nil' : JSON.stringify(value)}}`;

describe('jepsen-etcd', () => {
  it('pairs events per process and reads :ok, :fail :cas, timed-out reads, :info and failed writes', () => {
    const h = parseJepsenEtcd(
      etcd(
        '0 :invoke :write 1', // op 0
        '1 :invoke :read nil', // op 1
        '0 :ok :write 1',
        '2 :invoke :cas [1 2]', // op 2
        '1 :fail :read :timed-out',
        '2 :fail :cas [1 2]',
        '3 :invoke :cas [1 3]', // op 3, :info
        '3 :info :cas :timed-out',
        '4 :invoke :write 5', // dropped
        '4 :fail :write 5',
        '5 :invoke :read nil', // op 4
        '5 :ok :read 1',
        '6 :invoke :write 7', // op 5, never completed
      ),
      'e.log',
    );
    expect(h.format).toBe('jepsen-etcd');
    expect(h.dropped).toBe(1);
    expect(h.events).toBe(13);
    expect(h.operations).toEqual([
      { id: 0, client: 0, input: { f: 'write', value: 1 }, output: { f: 'write' }, call: 0, ret: 2 },
      { id: 1, client: 1, input: { f: 'read' }, output: undefined, call: 1, ret: 4 },
      { id: 2, client: 2, input: { f: 'cas', from: 1, to: 2 }, output: { f: 'cas', ok: false }, call: 3, ret: 5 },
      { id: 3, client: 3, input: { f: 'cas', from: 1, to: 3 }, output: undefined, call: 6, ret: Infinity },
      { id: 4, client: 5, input: { f: 'read' }, output: { f: 'read', value: 1 }, call: 10, ret: 11 },
      { id: 5, client: 6, input: { f: 'write', value: 7 }, output: undefined, call: 12, ret: Infinity },
    ]);
    expect(h.lines[0]).toEqual({ invoke: 1, complete: 3 });
    expect(h.lines[3]).toEqual({ invoke: 7 });
  });

  it.each([
    ['INFO  jepsen.util - x\t:invoke\t:read\tnil', 'e.log:1:21: expected a process number, found "x"'],
    ['INFO  jepsen.util - 1\t:invoke\t:frob\tnil', 'e.log:1:31: expected one of :read, :write, :cas, found :frob'],
    ['INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2', "e.log:1:40: expected ']', found end of line"],
    ['INFO  jepsen.util - 1\t:invoke\t:cas\t3', 'e.log:1:36: expected [old new] for a :cas invocation, found 3'],
    ['INFO  jepsen.util - 1\t:invoke\t:read\tnil extra', 'e.log:1:41: expected end of line, found "extra"'],
    ['WARN  jepsen.util - 1\t:invoke\t:read\tnil', 'e.log:1:1: expected "INFO", found "WARN"'],
    ['INFO  jepsen.util - 1\t:ok\t:read\t3', 'e.log:1:23: expected an :invoke by process 1 before this completion, found :ok'],
    [
      'INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:write\t3',
      'e.log:2:27: expected :read (process 1 invoked :read on line 1), found :write',
    ],
    [
      'INFO  jepsen.util - 1\t:invoke\t:read\tnil\n\nINFO  jepsen.util - 1\t:invoke\t:read\tnil',
      "e.log:3:23: expected a completion of process 1's :read (invoked on line 1), found :invoke",
    ],
  ])('rejects %j', (text, message) => {
    expect(() => parseJepsenEtcd(text, 'e.log')).toThrow(FormatError);
    expect(() => parseJepsenEtcd(text, 'e.log')).toThrow(message);
  });
});

describe('jepsen-kv', () => {
  it('reads EDN maps, drops :fail, keeps :info pending, reads a nil get as ""', () => {
    const h = parseJepsenKv(
      [
        kv(0, 'invoke', 'put', 'a', 'x'),
        kv(1, 'invoke', 'get', 'a', null),
        kv(0, 'ok', 'put', 'a', 'x'),
        kv(1, 'ok', 'get', 'a', null),
        '',
        kv(2, 'invoke', 'append', 'b', 'y'),
        kv(2, 'fail', 'append', 'b', 'y'),
        '{:type :invoke, :process 3, :f :append, :key "c", :value "z", :time 17}',
        kv(3, 'info', 'append', 'c', 'z'),
      ].join('\n'),
      'k.txt',
    );
    expect(h.dropped).toBe(1);
    expect(h.operations).toEqual([
      { id: 0, client: 0, input: { f: 'put', key: 'a', value: 'x' }, output: { f: 'put' }, call: 0, ret: 2 },
      { id: 1, client: 1, input: { f: 'get', key: 'a' }, output: { f: 'get', value: '' }, call: 1, ret: 3 },
      { id: 2, client: 3, input: { f: 'append', key: 'c', value: 'z' }, output: undefined, call: 6, ret: Infinity },
    ]);
  });

  it.each([
    ['{:process 0, :type :invoke, :f :get, :key "1", :value nil', "k.txt:1:58: expected a keyword key or '}', found end of line"],
    ['{:process "0", :type :invoke, :f :get, :key "1", :value nil}', 'k.txt:1:11: expected an integer for :process, found "0"'],
    ['{:process 0, :type :invoke, :f :del, :key "1", :value nil}', 'k.txt:1:32: expected one of :get, :put, :append for :f, found :del'],
    ['{:process 0, :type :invoke, :f :put, :key "1", :value nil}', 'k.txt:1:55: expected a string for :value, found nil'],
    ['{:process 0, :type :invoke, :f :put, :key 1, :value "a"}', 'k.txt:1:43: expected a string for :key, found 1'],
    ['{:process 0, :type :invoke, :f :put, :key "1"', "k.txt:1:46: expected a keyword key or '}', found end of line"],
    ['{:process 0, :type :invoke :f :get}', "k.txt:1:35: expected a :key field, found '}'"],
    ['[:process 0]', 'k.txt:1:1: expected \'{\', found "["'],
    [
      `${kv(0, 'invoke', 'put', '1', 'a')}\n${kv(0, 'ok', 'put', '2', 'a')}`,
      'k.txt:2:39: expected key "1" (as invoked), found "2"',
    ],
  ])('rejects %j', (text, message) => {
    expect(() => parseJepsenKv(text, 'k.txt')).toThrow(FormatError);
    expect(() => parseJepsenKv(text, 'k.txt')).toThrow(message);
  });
});

describe('detectFormat', () => {
  it('tells the two Jepsen formats apart by the first non-blank line', () => {
    expect(detectFormat(`\n${kv(0, 'invoke', 'get', 'a', null)}\n`)).toBe('jepsen-kv');
    expect(detectFormat(etcd('0 :invoke :read nil'))).toBe('jepsen-etcd');
    expect(detectFormat('actor op result\n')).toBeUndefined();
    expect(detectFormat('')).toBeUndefined();
  });
});

describe('the fast readers agree with the careful ones', () => {
  const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'jepsen');
  /** The careful reader's result, or its error message. */
  const outcome = <T,>(read: () => T): T | string => {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      return e.message;
    }
  };

  it('every Jepsen history takes the fast path and reads exactly as the careful reader reads it', () => {
    for (const f of readdirSync(path.join(dataDir, 'kv')).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(path.join(dataDir, 'kv', f), 'utf8');
      expect(readPlainKv(text, f)).toEqual(readKv(text, f));
    }
    for (const f of readdirSync(path.join(dataDir, 'etcd')).filter((f) => f.endsWith('.log'))) {
      const text = readFileSync(path.join(dataDir, 'etcd', f), 'utf8');
      expect(readPlainEtcd(text, f)).toEqual(readEtcd(text, f));
    }
  });

  // Histories of well-paired events, each line spelled in one of many ways (field order, separators,
  // extra fields, nil or a string), with now and then a line of odd tokens: the fast reader either
  // gives up (undefined) or returns exactly what the careful reader returns.
  const pick = <T,>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
  type Ev = { p: number; type: string; f: number; key: string; v: string };
  /**
   * Batches of up to three operations by distinct processes: the invocations, then the completions.
   * `values(f, type)` lists values that suit that function and event type.
   */
  const events = (fs: number, values: (f: number, type: string) => readonly string[]): fc.Arbitrary<Ev[]> =>
    fc
      .array(
        fc.tuple(
          fc.uniqueArray(pick([0, 1, 2, 10]), { minLength: 1, maxLength: 3 }),
          fc.array(fc.tuple(pick(['ok', 'ok', 'fail', 'info']), fc.nat(fs - 1), pick(['0', '1']), fc.nat(), fc.nat(), fc.nat(40)), { minLength: 3, maxLength: 3 }),
        ),
        { maxLength: 4 },
      )
      .map((batches) =>
        batches.flatMap(([ps, how]) => {
          const at = (xs: readonly string[], i: number): string => xs[i % xs.length];
          return [
            ...ps.map((p, j) => ({ p, type: 'invoke', f: how[j][1], key: how[j][2], v: at(values(how[j][1], 'invoke'), how[j][3]) })),
            // Now and then a completion names another key than its invocation (an error in kv).
            ...ps.map((p, j) => ({ p, type: how[j][0], f: how[j][1], key: how[j][5] === 0 ? '2' : how[j][2], v: at(values(how[j][1], how[j][0]), how[j][4]) })),
          ];
        }),
      );
  const sep = pick([' ', ', ', ',', '  ', '\t', ' \r']);
  const kvLine = (e: Ev): fc.Arbitrary<string> =>
    fc
      .tuple(
        fc.oneof({ weight: 20, arbitrary: fc.constant([0, 1, 2, 3, 4]) }, { weight: 1, arbitrary: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6 }) }),
        fc.array(sep, { minLength: 12, maxLength: 12 }),
        fc.boolean(),
      )
      .map(([order, seps, time]) => {
        const value = e.f === 0 && e.type === 'invoke' && time ? '' : `:value${seps[4]}${e.v}`;
        const fields = [`:process${seps[0]}${e.p}`, `:type${seps[1]}:${e.type}`, `:f${seps[2]}:${['get', 'put', 'append'][e.f]}`, `:key${seps[3]}"${e.key}"`, value, time ? `:time${seps[5]}17` : `:index${seps[5]}"i"`];
        return `{${order.map((i, j) => fields[i] + seps[6 + j]).join('')}}`;
      });
  const oddKv = pick(['', '  ', '}', '{', '{:process 0 :process 0}', '{:process 0, :type :invoke, :f :put, :key "0", :value "a\\"b"}', '{:process 0, :type :invoke, :f :get, :key "0", :t? 1}', '{:process 0x1}', '{:process 0, :type :invoke, :f :get, :key "0", :value nil?}']);
  const kvValues = (f: number, type: string): readonly string[] => (f === 0 && type === 'ok' ? ['"x 1 y"', 'nil', '""'] : f === 0 ? ['nil', '"0"', '7'] : ['"x 1 y"', '"0"', '""']);
  const kvHistory = events(3, kvValues).chain((evs) =>
    fc.tuple(...evs.map((e) => fc.oneof({ weight: 60, arbitrary: kvLine(e) }, { weight: 1, arbitrary: oddKv }))).map((ls) => ls.join('\n')),
  );
  const etcdValue = (e: Ev): string => e.v;
  const etcdLine = (e: Ev): fc.Arbitrary<string> =>
    fc.tuple(fc.array(pick([' ', '\t', '  ', ' \r']), { minLength: 5, maxLength: 5 }), pick(['', ' ', '\t'])).map(
      ([s, end]) => `INFO${s[0]}jepsen.util${s[1]}-${s[2]}${e.p}${s[3]}:${e.type}${s[4]}:${['read', 'write', 'cas'][e.f]}\t${etcdValue(e)}${end}`,
    );
  const oddEtcd = pick(['', ' \t', 'WARN  jepsen.util - 0\t:invoke\t:read\tnil', 'INFO  jepsen.util - 0\t:invoke\t:cas\t[1,2]', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil?', 'INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2']);
  const etcdValues = (f: number, type: string): readonly string[] => {
    if (type === 'info' || (type === 'fail' && f !== 2)) return ['nil', '1', ':timed-out', '[1 2]'];
    if (f === 0) return type === 'invoke' ? ['nil'] : ['nil', '1', '-2'];
    if (f === 1) return ['nil', '1', '-2'];
    return type === 'fail' ? ['[1 2]', ':timed-out', '[nil  3]'] : ['[1 2]', '[nil  3]', '[ 1 nil ]'];
  };
  const etcdHistory = events(3, etcdValues).chain((evs) =>
    fc.tuple(...evs.map((e) => fc.oneof({ weight: 30, arbitrary: etcdLine(e) }, { weight: 1, arbitrary: oddEtcd }))).map((ls) => ls.join('\n')),
  );

  const fastAndCareful: [string, fc.Arbitrary<string>, (t: string, f: string) => unknown, (t: string, f: string) => unknown, (t: string, f: string) => unknown, number][] = [
    ['jepsen-kv', kvHistory, readPlainKv, readKv, parseJepsenKv, 60],
    ['jepsen-etcd', etcdHistory, readPlainEtcd, readEtcd, parseJepsenEtcd, 30],
  ];
  it.each(fastAndCareful)('%s: on generated histories the fast reader gives up or agrees, and mostly agrees (fast-check, seed 19)', (_, histories, fast, careful, parse, least) => {
    let agreed = 0;
    fc.assert(
      fc.property(histories, (text) => {
        const got = fast(text, 'h.txt') as { operations: unknown[] } | undefined;
        if (got !== undefined) {
          expect(got).toEqual(outcome(() => careful(text, 'h.txt')));
          if (got.operations.length > 0) agreed++;
        }
        expect(outcome(() => parse(text, 'h.txt'))).toEqual(outcome(() => careful(text, 'h.txt')));
      }),
      { seed: 19, numRuns: 300 },
    );
    expect(agreed).toBeGreaterThan(least);
  });
});

describe('the first-line tests written by hand are the regular expressions they replace', () => {
  // The specifications: the expressions as they were, which a cold run no longer compiles.
  const ednSpec = (text: string): boolean => {
    const t = firstLine(text, (l) => l !== '' && !l.startsWith(';'));
    if (t === undefined) return false;
    if (t.startsWith('[') || t.startsWith('(')) return true;
    return t.startsWith('{:') && !/:key\s/.test(t) && /:f\s+:(meta|append|branch|read|check|cas|ack)\b/.test(t);
  };
  const groveSpec = (text: string): boolean => {
    const first = firstLine(text, (l) => l !== '');
    return first !== undefined && /^\{\s*"/.test(first);
  };
  const etcdSpec = (text: string): boolean => {
    const t = firstLine(text, (l) => l !== '');
    return t !== undefined && !ednSpec(text) && !t.startsWith('{') && /^INFO\s+jepsen\.util\b/.test(t);
  };

  /** `line` with up to four edits (insertions, deletions, replacements) drawn from `alphabet`. */
  const mutated = (line: fc.Arbitrary<string>, alphabet: readonly string[]): fc.Arbitrary<string> =>
    fc.tuple(line, fc.array(fc.tuple(fc.nat(2), fc.nat(), fc.constantFrom(...alphabet)), { maxLength: 4 })).map(([l, edits]) => {
      let s = l;
      for (const [kind, at, c] of edits) {
        const i = at % (s.length + 1);
        s = kind === 0 ? s.slice(0, i) + c + s.slice(i) : kind === 1 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + c + s.slice(i + 1);
      }
      return s;
    });
  it('kv: the fast reader refuses a string holding a character binaryAt rejects, and takes one with a tab or a form feed', () => {
    const line = (v: string) => `{:process 0, :type :invoke, :f :put, :key "0", :value "${v}"}\n{:process 0, :type :ok, :f :put, :key "0", :value "${v}"}\n`;
    for (const c of ['\u0000', '\u0007', '\u000b', '\u001f', '\u007f', '\ufffd']) {
      expect(readPlainKv(line(`a${c}b`), 'h')).toBeUndefined();
      expect(readPlainKv(line('a').replace(':key "0"', `:key "0${c}"`), 'h')).toBeUndefined();
      expect(binaryAt(line(`a${c}b`))).toBeDefined();
    }
    for (const c of ['\t', '\u000c', ' ']) expect(readPlainKv(line(`a${c}b`), 'h')?.operations).toHaveLength(1);
  });

  it('the first-line tests of detection (edn, grove, etcd) answer as their expressions, on lines and their mutants (fast-check, seed 19)', () => {
    const first = fc.constantFrom(
      '{:type :invoke, :f :append, :value 1}',
      '{:f :read}',
      '{:key "0", :f :read}',
      '{:process 0, :type :invoke, :f :get, :key "7", :value nil}',
      '{"client":1}',
      '{ \t"a"}',
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil',
      'INFO\tjepsen.utils',
      '; comment\n{:f :cas}',
      '[{:f :ack}]',
    );
    const alphabet = [' ', '\t', '\u00a0', '\u2028', '\ufeff', ':', 'f', ':f', ':key', ':key ', 'meta', 'checks', 'cas', '_', '9', '{', '"', '[', ';', '\n', 'INFO', 'jepsen.util', '.', 'x'];
    let edn = 0;
    fc.assert(
      fc.property(fc.oneof(first, mutated(first, alphabet)), (text) => {
        expect(looksLikeJepsenEdn(text)).toBe(ednSpec(text));
        expect(looksLikeGrove(text)).toBe(groveSpec(text));
        expect(detectFormat(text) === 'jepsen-etcd').toBe(etcdSpec(text));
        if (ednSpec(text)) edn++;
      }),
      { seed: 19, numRuns: 3000 },
    );
    expect(edn).toBeGreaterThan(100);
  });
});
