/**
 * The implementation's state in the shape of the model's `pictureOf` (`model/grove-local/picture.ts`):
 * per client its three logs with entries and pages, its base, its equivalence edges, its snapshot
 * and the canonical snapshot — the latter computed by the reference canonicalizer from the
 * implementation's own snapshot and equivalences. The harness compares this with the model's picture
 * field by field, and the reports draw it with the same renderers as the model's.
 */
import { canonicalize } from '../../model/grove-local/canonical.ts';
import { edgesOf, type ClientPicture, type LocalPicture } from '../../model/grove-local/picture.ts';
import type { ImplView } from './properties.ts';
import { decodeCommit } from './commit.ts';

/** The picture of the implementation at one instant (the remote from the store read back). Pure. */
export function implPicture(v: ImplView, remoteLog = 'a', ref = 'main'): LocalPicture {
  const entries = (v.store.logs[remoteLog]?.entries ?? []).map((id, k) => ({ id: `${remoteLog}${k + 1}`, pages: id === null ? {} : { ...decodeCommit(id).pages } }));
  const clients = v.clients.map((c): ClientPicture => {
    const names = { local: (j: number) => `${c.localLog}${j}`, staged: (k: number) => `${c.stagedLog}${k}` };
    return {
      id: c.actor,
      logs: [
        { ref: 'origin/main', log: remoteLog, entries: c.logs.origin.map((e, k) => ({ id: `${remoteLog}${k + 1}`, pages: { ...e.pages } })) },
        { ref: 'staged', log: c.stagedLog, entries: c.logs.staged.map((b, k) => ({ id: names.staged(k + 1), pages: { ...b.pages } })) },
        { ref: 'local', log: c.localLog, entries: c.logs.local.map((e, j) => ({ id: names.local(j + 1), pages: { [e.page]: e.value } })) },
      ],
      base: c.logs.meta.base === 0 ? null : `${remoteLog}${c.logs.meta.base}`,
      equivalences: edgesOf(c.equivalences),
      snapshot: c.snapshot,
      canonical: canonicalize(c.snapshot, c.equivalences),
    };
  });
  return { remote: { log: remoteLog, ref, main: v.store.refs[ref]?.lsn ?? 0, entries }, clients };
}
