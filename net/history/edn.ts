/**
 * The Jepsen EDN form of a `grove-check run` history, written beside its JSONL as `history.edn` by
 * `run --report` (registered as an exporter): one event a line, `{:process 0, :type :invoke, :f :read,
 * :value …, :time 3, :index 0}`, the shape Knossos and Elle read. Values map from JSON as EDN does:
 * arrays to vectors, objects to maps with keyword keys, `null` to `nil`; `:node` and `:error` are kept.
 */
import { ednString, isKeywordName } from '../../lin/formats/edn.ts';
import { registerExporter, type HistoryEvent } from './history.ts';

/** One JSON value as EDN text. */
function ednOf(x: unknown): string {
  if (x === null || x === undefined) return 'nil';
  if (typeof x === 'boolean' || typeof x === 'number') return String(x);
  if (typeof x === 'string') return ednString(x);
  if (Array.isArray(x)) return `[${x.map(ednOf).join(' ')}]`;
  if (typeof x === 'object') return `{${Object.entries(x as Record<string, unknown>).map(([k, v]) => `${keyword(k)} ${ednOf(v)}`).join(', ')}}`;
  return ednString(String(x));
}

/** A map key: a keyword when the name is one, else a string. */
function keyword(name: string): string {
  return isKeywordName(name) ? `:${name}` : ednString(name);
}

/** The history as Jepsen EDN events, one a line. */
export function historyEdn(history: readonly HistoryEvent[]): string {
  return history
    .map((e, index) => {
      const fields = [
        `:process ${e.process}`,
        `:type :${e.type}`,
        `:f ${keyword(e.f)}`,
        `:value ${ednOf(e.value)}`,
        `:time ${e.time}`,
        `:index ${index}`,
        `:node ${ednString(e.node)}`,
        ...(e.error !== undefined ? [`:error ${ednOf(e.error)}`] : []),
      ];
      return `{${fields.join(', ')}}`;
    })
    .join('\n') + (history.length > 0 ? '\n' : '');
}

registerExporter({ ext: 'edn', format: historyEdn });
