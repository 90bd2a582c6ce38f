/**
 * The fingerprint of a grove-local state, and of its parts: the remote's entries and a client. Equal
 * states, equal strings; the reference engine counts states by it, and the codec path's memo
 * (`memo.ts`) merges equal clients and entries by it.
 */
import { snapshotKey } from './canonical.ts';
import { pagesKey } from './pages.ts';
import type { Client, LocalState, RemoteEntry } from './state.ts';

/** A canonical string for a client's logs and positions: all of it but its push in flight and the snapshot its write read. */
export function logsKey(c: Client): string {
  const staged = c.staged.map((b) => `${b.lo}-${b.hi}${b.at === null ? '' : `@${b.at}`}[${pagesKey(b.pages)}]`).join(';');
  return `${c.local.join(',')}|${staged}|${c.landed}|${c.origin}|${c.base}`;
}

/** A canonical string for a client. */
export function clientKey(c: Client): string {
  return `${logsKey(c)}|${c.push ?? '-'}${c.behind ? '!' : ''}|${snapshotKey(c.read)}`;
}

/** A canonical string for the remote's entries. */
export function entriesKey(entries: readonly RemoteEntry[]): string {
  return entries.map((e) => `${e.client}.${e.staged}:${e.lo}-${e.hi}[${pagesKey(e.pages)}]`).join(';');
}

/** A canonical string for a state: equal states, equal strings. */
export function fingerprint(s: LocalState): string {
  return `${entriesKey(s.remote.entries)}>${s.remote.main}#${s.clients.map(clientKey).join('#')}`;
}
