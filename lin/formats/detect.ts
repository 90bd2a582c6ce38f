/** Guesses the format of a history file from its first non-blank line. */

/** Formats the `lin` command knows (`grove` is reserved for the Grove implementation's own histories). */
export type HistoryFormat = 'jepsen-kv' | 'jepsen-etcd' | 'grove';

/**
 * `jepsen-kv` when the first non-blank line starts with `{`, `jepsen-etcd` when it starts with
 * `INFO` and mentions `jepsen.util`, otherwise `undefined`. (`grove` is never detected yet.)
 */
export function detectFormat(text: string): HistoryFormat | undefined {
  const first = text.split('\n').find((l) => l.trim() !== '');
  if (first === undefined) return undefined;
  const t = first.trim();
  if (t.startsWith('{')) return 'jepsen-kv';
  if (/^INFO\s+jepsen\.util\b/.test(t)) return 'jepsen-etcd';
  return undefined;
}
