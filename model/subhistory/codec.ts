/**
 * The subhistory model's state codec (`model/core/codec.ts`), for the fast engine: the remote map, the
 * ghost record of pushed entries, and per user its local and fetched maps, pushes finished, next step
 * and failed attempts: exactly what the fingerprint holds.
 */
import type { CodecCapability, StateCodec } from '../core/codec.ts';
import type { Model } from '../core/model.ts';
import type { SubhistoryState, User } from './model.ts';

const PCS: readonly User['pc'][] = ['push', 'fetch', 'done'];

/** The codec of a subhistory instance: its capacity follows `actors` (users) and `ops` of its config. */
export const subhistoryCodec: CodecCapability<SubhistoryState> = {
  codec(model: Model<SubhistoryState>): StateCodec<SubhistoryState> {
    const U = Number(model.config.actors);
    const E = U * Math.max(1, Number(model.config.ops));
    return {
      words: 2 * (1 + E) + U * (2 * (1 + E) + 3),
      encode(s, w) {
        w.strs(s.remote);
        w.strs(s.pushed);
        for (const u of s.users) {
          w.strs(u.local);
          w.strs(u.fetched);
          w.int(u.k);
          w.int(PCS.indexOf(u.pc));
          w.int(u.fails);
        }
      },
      decode(r) {
        const remote = r.strs();
        const pushed = r.strs();
        const users: User[] = new Array(U);
        for (let i = 0; i < U; i++) users[i] = { local: r.strs(), fetched: r.strs(), k: r.int(), pc: PCS[r.int()], fails: r.int() };
        return { remote, users, pushed };
      },
    };
  },
};
