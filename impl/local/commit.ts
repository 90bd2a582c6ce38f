/**
 * How a staged commit travels to the remote. The `Remote` stores an opaque commit id per entry, so a
 * landed commit carries its contents in its id: `b1:1-3:p=c3,q=c2` is staged commit `b1`, the squash
 * of local `c1..=c3`, writing pages `p=c3` and `q=c2`. The name and range say who wrote it (the
 * provenance the properties read); the pages are what every reader folds.
 */
import type { Pages } from './store/types.ts';

/** A remote entry's contents, decoded. */
export interface RemoteCommit {
  /** The staged commit it holds (`b1`). */
  readonly staged: string;
  readonly lo: number;
  readonly hi: number;
  readonly pages: Pages;
}

const PAGE = /^[a-z][a-z0-9_]*$/;

/** Encodes a staged commit as a remote commit id. Pages are written sorted, so equal commits encode equally. */
export function encodeCommit(c: RemoteCommit): string {
  const pages = Object.keys(c.pages)
    .sort()
    .map((k) => `${k}=${c.pages[k]}`)
    .join(',');
  return `${c.staged}:${c.lo}-${c.hi}:${pages}`;
}

/** Decodes a remote commit id; throws naming the id when it is not one `encodeCommit` wrote. */
export function decodeCommit(id: string): RemoteCommit {
  const m = /^([a-z]\d+):(\d+)-(\d+):(.*)$/.exec(id);
  if (m === null) throw new Error(`remote commit '${id}' is not a staged commit (expected b1:1-3:p=c3,…)`);
  const pages: Record<string, string> = {};
  for (const kv of m[4] === '' ? [] : m[4].split(',')) {
    const [k, v] = kv.split('=');
    if (!PAGE.test(k ?? '') || v === undefined || v === '') throw new Error(`remote commit '${id}' has a malformed page write '${kv}'`);
    pages[k] = v;
  }
  return { staged: m[1], lo: Number(m[2]), hi: Number(m[3]), pages };
}
