/** Guesses the format of a history file from its first non-blank line. */
import { looksLikeJepsenEdn } from './jepsen-edn.ts';
import { firstLine, isWordCode, skipSpaces } from './scan.ts';

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
  // `/^INFO\s+jepsen\.util\b/`, without compiling a regular expression in every cold run (scan.ts).
  const k = skipSpaces(t, 4);
  if (t.startsWith('INFO') && k > 4 && t.startsWith('jepsen.util', k) && !isWordCode(t.charCodeAt(k + 11))) return 'jepsen-etcd';
  return undefined;
}
