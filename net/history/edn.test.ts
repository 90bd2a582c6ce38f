import { describe, expect, it } from 'vitest';
import { readEdn, ednGet, printEdn } from '../../lin/formats/edn.ts';
import { historyExporters, type HistoryEvent } from './history.ts';
import { historyEdn } from './edn.ts';

const events: HistoryEvent[] = [
  { process: 0, type: 'invoke', f: 'write', value: [1, 3], node: 'n1', time: 2 },
  { process: 0, type: 'ok', f: 'write', value: [1, 3], node: 'n1', time: 5, replied: 4 },
  { process: 1, type: 'invoke', f: 'read', value: [1, null], node: 'n2', time: 6 },
  { process: 1, type: 'info', f: 'read', value: [1, null], node: 'n2', time: 9, error: { code: 0, name: 'timeout', text: 'lost "reply"' } },
];

describe('run histories as Jepsen EDN', () => {
  it('writes one event a line that the strict EDN reader reads back with Jepsen fields', () => {
    const text = historyEdn(events);
    const forms = readEdn(text, 'history.edn');
    expect(forms).toHaveLength(4);
    const m = forms[3];
    if (m.kind !== 'map') throw new Error('expected a map');
    expect(printEdn(ednGet(m, 'type')!)).toBe(':info');
    expect(printEdn(ednGet(m, 'f')!)).toBe(':read');
    expect(printEdn(ednGet(m, 'value')!)).toBe('[1 nil]');
    expect(printEdn(ednGet(m, 'index')!)).toBe('3');
    expect(printEdn(ednGet(m, 'process')!)).toBe('1');
    expect(text.split('\n')[0]).toBe('{:process 0, :type :invoke, :f :write, :value [1 3], :time 2, :index 0, :node "n1"}');
  });

  it('is registered beside JSONL for run --report', () => {
    expect(historyExporters().map((e) => e.ext)).toEqual(['jsonl', 'edn']);
  });
});
