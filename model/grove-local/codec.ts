/**
 * The grove-local model's state codec (`model/core/codec.ts`), for the fast engine: the remote log's
 * entries (pages and ghost provenance) and `main`, and per client its local pages, staged commits,
 * counters, push in flight and the snapshot its write transaction read: exactly what the
 * fingerprint holds, page sets with their pages sorted as `pagesKey` sorts them.
 *
 * The remote's entries and each client are parts (`WordWriter.part`): one word each, and a decoded
 * state's entries and clients are the one shared copy of their content, which the codec path's memo
 * (`memo.ts`) maps to what it keeps by content.
 *
 * A part's shared copy is the first object written with its content (`Interner.part`): the memo
 * steps to the same client and entries objects again and again; each is then written once, and
 * recognised by identity after that.
 */
import type { CodecCapability, StateCodec, WordWriter } from '../core/codec.ts';
import type { Model } from '../core/model.ts';
import type { Client, RemoteEntry, LocalState } from './state.ts';

function writeEntries(entries: readonly RemoteEntry[], w: WordWriter): void {
  w.int(entries.length);
  for (const e of entries) {
    w.record(e.pages);
    w.int(e.client);
    w.int(e.staged);
    w.int(e.lo);
    w.int(e.hi);
  }
}

function writeClient(c: Client, w: WordWriter): void {
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


/** The codec of a grove-local instance: its capacity follows `actors` (clients), `ops` (writes) and `pages`. */
export const groveLocalCodec: CodecCapability<LocalState> = {
  codec(model: Model<LocalState>): StateCodec<LocalState> {
    const C = Number(model.config.actors);
    const W = Number(model.config.ops);
    const P = String(model.config.pages).split(',').length;
    const N = C * W;
    const client = 1 + W + 1 + W * (4 + 2 * P) + 5 + 3 + N + 2 * W;
    return {
      // A state is 2 + C words; the capacity is that of the whole state written out, which also
      // bounds each part (the largest part a codec may write is its capacity).
      words: 1 + N * (5 + 2 * P) + 1 + C * client,
      encode(s, w) {
        w.part(s.remote.entries, writeEntries);
        w.int(s.remote.main);
        for (const c of s.clients) w.part(c, writeClient);
      },
      decode(r) {
        const entries = r.part<readonly RemoteEntry[]>();
        const main = r.int();
        const clients: Client[] = new Array(C);
        for (let i = 0; i < C; i++) clients[i] = r.part<Client>();
        return { remote: { entries, main }, clients };
      },
    };
  },
};
