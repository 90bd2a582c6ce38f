/** Guesses the format of a history file from its first non-blank line. */
import { looksLikeJepsenEdn } from './jepsen-edn.ts';
import { firstLine } from './scan.ts';

/** Formats the `lin` command knows (`grove` is reserved for the Grove implementation's own histories). */
export type HistoryFormat = 'jepsen-kv' | 'jepsen-etcd' | 'grove' | 'jepsen-edn';

/**
 * `jepsen-edn` for a Jepsen EDN history of Grove operations (lin/formats/jepsen-edn.ts: a first event
 * with a Grove `:f` and no `:key`, or the whole history as one vector), `jepsen-kv` when the first
 * non-blank line starts with `{`, `jepsen-etcd` when it starts with `INFO` and mentions `jepsen.util`,
 * otherwise `undefined`. (`grove` is never detected here: the `lin` command tells it by its JSON.)
 */
export function detectFormat(text: string): HistoryFormat | undefined {
  const t = firstLine(text, (l) => l !== '');
  if (t === undefined) return undefined;
  if (looksLikeJepsenEdn(text)) return 'jepsen-edn';
  if (t.startsWith('{')) return 'jepsen-kv';
  if (/^INFO\s+jepsen\.util\b/.test(t)) return 'jepsen-etcd';
  return undefined;
}
