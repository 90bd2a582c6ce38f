/**
 * The grove-local model's state codec (`model/core/codec.ts`), for the fast engine: the remote log's
 * entries (pages and ghost provenance) and `main`, and per client its local pages, staged commits,
 * counters, push in flight and the snapshot its write transaction read: exactly what the
 * fingerprint holds, page sets with their pages sorted as `pagesKey` sorts them.
 */
import type { CodecCapability, StateCodec } from '../core/codec.ts';
import type { Model } from '../core/model.ts';
import type { Client, LocalState, RemoteEntry, Staged } from './state.ts';

/** The codec of a grove-local instance: its capacity follows `actors` (clients), `ops` (writes) and `pages`. */
export const groveLocalCodec: CodecCapability<LocalState> = {
  codec(model: Model<LocalState>): StateCodec<LocalState> {
    const C = Number(model.config.actors);
    const W = Number(model.config.ops);
    const P = String(model.config.pages).split(',').length;
    const N = C * W;
    const client = 1 + W + 1 + W * (4 + 2 * P) + 5 + 3 + N + 2 * W;
    return {
      words: 1 + N * (5 + 2 * P) + 1 + C * client,
      encode(s, w) {
        w.int(s.remote.entries.length);
        for (const e of s.remote.entries) {
          w.record(e.pages);
          w.int(e.client);
          w.int(e.staged);
          w.int(e.lo);
          w.int(e.hi);
        }
        w.int(s.remote.main);
        for (const c of s.clients) {
          w.strs(c.local);
          w.int(c.staged.length);
          for (const b of c.staged) {
            w.int(b.lo);
            w.int(b.hi);
            w.record(b.pages);
            w.nullable(b.at);
          }
          w.int(c.landed);
          w.int(c.origin);
          w.int(c.base);
          w.nullable(c.push);
          w.int(c.behind ? 1 : 0);
          w.strs(c.read.origin);
          w.strs(c.read.staged);
          w.strs(c.read.local);
        }
      },
      decode(r) {
        const entries: RemoteEntry[] = new Array(r.int());
        for (let k = 0; k < entries.length; k++) entries[k] = { pages: r.record(), client: r.int(), staged: r.int(), lo: r.int(), hi: r.int() };
        const main = r.int();
        const clients: Client[] = new Array(C);
        for (let i = 0; i < C; i++) {
          const local = r.strs();
          const staged: Staged[] = new Array(r.int());
          for (let k = 0; k < staged.length; k++) staged[k] = { lo: r.int(), hi: r.int(), pages: r.record(), at: r.nullable() };
          clients[i] = { local, staged, landed: r.int(), origin: r.int(), base: r.int(), push: r.nullable(), behind: r.int() === 1, read: { origin: r.strs(), staged: r.strs(), local: r.strs() } };
        }
        return { remote: { entries, main }, clients };
      },
    };
  },
};
