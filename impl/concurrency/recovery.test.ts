/**
 * Recovery of a killed worker's history file (a torn last line, a call left open) and the
 * post-conditions of verdict.ts on hand-built stores: an acknowledged commit removed by an informed
 * CAS (allowed) or by an uninformed one (G6), and a store that holds a commit nobody wrote.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatGroveRecord, parseGroveHistory, type GroveRecord } from '../../lin/formats/grove.ts';
import { MemoryStore } from '../remote/memory/memory.ts';
import type { StoreSnapshot } from '../remote/types.ts';
import { recoverHistories } from './recovery.ts';
import { checkAcks, checkStore } from './verdict.ts';
import { lsnCas } from '../../model/grove/variants/standard.ts';

const dir = mkdtempSync(join(tmpdir(), 'grove-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (...rs: GroveRecord[]) => rs.map(formatGroveRecord).join('\n') + '\n';
const read = { op: 'read', ref: 'main' } as const;
const cas = (e: number, nLog: string, n: number) => ({ op: 'cas', ref: 'main', expected: { log: 'a', lsn: e }, next: { log: nLog, lsn: n }, compare: 'logref' }) as const;

describe('recoverHistories', () => {
  it('cuts a torn line, closes the open call with info (killed), counts started client ops; idempotent', () => {
    const f = join(dir, 'w0-c1.jsonl');
    const text = lines(
      { type: 'invoke', client: 1, input: read, time: 1 },
      { type: 'ok', client: 1, input: read, output: { at: { log: 'a', lsn: 0 }, tip: 0 }, time: 2 },
      { type: 'invoke', client: 1, input: { op: 'append', log: 'a', lsn: 1, commit: 'c1.1' }, time: 3 },
    );
    writeFileSync(f, text + '{"client":1,"type":"ok","op":"app');
    expect(recoverHistories([f])).toEqual({ startedOps: 1, closed: 1, tornBytes: 33 });
    const h = parseGroveHistory(readFileSync(f, 'utf8'), f);
    expect(h.operations.map((o) => [o.input.op, o.ret === Infinity])).toEqual([
      ['read', false],
      ['append', true],
    ]);
    expect(h.notes[1]).toBe('killed');
    expect(recoverHistories([f])).toEqual({ startedOps: 1, closed: 0, tornBytes: 0 });
  });
});

describe('post-conditions', () => {
  const store: StoreSnapshot = {
    logs: { a: { base: null, entries: ['c1.1', 'c2.2'] }, b: { base: { log: 'a', lsn: 1 }, entries: ['c3.1'] } },
    refs: { main: { log: 'b', lsn: 2 } },
  };
  const history = (casExpected: number) =>
    parseGroveHistory(
      lines(
        { type: 'invoke', client: 1, input: { op: 'append', log: 'a', lsn: 1, commit: 'c1.1' }, time: 1 },
        { type: 'ok', client: 1, input: { op: 'append', log: 'a', lsn: 1, commit: 'c1.1' }, output: { ok: true }, time: 2 },
        { type: 'invoke', client: 2, input: { op: 'append', log: 'a', lsn: 2, commit: 'c2.2' }, time: 3 },
        { type: 'ok', client: 2, input: { op: 'append', log: 'a', lsn: 2, commit: 'c2.2' }, output: { ok: true }, time: 4 },
        { type: 'ack', client: 2, commit: 'c2.2', time: 5 },
        { type: 'invoke', client: 3, input: { op: 'branch', from: { log: 'a', lsn: 1 }, to: 'b', commit: 'c3.1' }, time: 6 },
        { type: 'ok', client: 3, input: { op: 'branch', from: { log: 'a', lsn: 1 }, to: 'b', commit: 'c3.1' }, output: { ok: true }, time: 7 },
        { type: 'invoke', client: 3, input: cas(casExpected, 'b', 2), time: 8 },
        { type: 'info', client: 3, input: cas(casExpected, 'b', 2), time: 9, note: 'reply lost' },
      ),
      'h.jsonl',
    );

  it('G6: an ack removed by a CAS that expected it is allowed; by one that did not, it is lost', () => {
    expect(checkAcks(history(2), store, lsnCas)).toEqual({ acked: 1, inRef: 0, informedRemovals: 1, lost: [] });
    const lost = checkAcks(history(1), store, lsnCas);
    expect(lost.lost).toHaveLength(1);
    expect(lost.lost[0]).toMatchObject({ commit: 'c2.2', client: 2, at: 'h.jsonl:5' });
    expect(lost.lost[0].detail).toContain('likely: CAS a@1 -> b@2 by client 3');
  });

  it('store: whole and explained by the history; a commit nobody wrote is a phantom', async () => {
    const ok = await checkStore(new MemoryStore(store).connect(), history(2));
    expect(ok).toMatchObject({ ok: true, problems: [] });
    const phantom = await checkStore(new MemoryStore({ ...store, logs: { ...store.logs, a: { base: null, entries: ['c1.1', 'c9.9'] } } }).connect(), history(2));
    expect(phantom.problems).toEqual([
      'append of c2.2 at a@2 returned Ok (client 2), but the store holds c9.9 there',
      'phantom: a@2 holds c9.9, which no call of the history wrote there',
    ]);
  });
});
