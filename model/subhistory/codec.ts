/**
 * The subhistory model's state codec (`model/core/codec.ts`), for the fast engine: the remote map, the
 * ghost record of pushed entries, and per user its local and fetched maps, pushes finished, next step
 * and failed attempts: exactly what the fingerprint holds.
 */
import type { CodecCapability, StateCodec, WordReader, WordWriter } from '../core/codec.ts';
import type { Model } from '../core/model.ts';
import type { SubhistoryState, User } from './model.ts';

const PCS: readonly User['pc'][] = ['push', 'fetch', 'done'];

function writeUser(u: User, w: WordWriter): void {
  w.strs(u.local);
  w.strs(u.fetched);
  w.int(u.k);
  w.int(PCS.indexOf(u.pc));
  w.int(u.fails);
}

function readUser(r: WordReader): User {
  return { local: r.strs(), fetched: r.strs(), k: r.int(), pc: PCS[r.int()], fails: r.int() };
}

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
        // A user is an interned part (`WordWriter.part`): a step changes one user, the others are found by identity.
        for (const u of s.users) w.part(u, writeUser, readUser);
      },
      decode(r) {
        const remote = r.strs();
        const pushed = r.strs();
        const users: User[] = new Array(U);
        for (let i = 0; i < U; i++) users[i] = r.part<User>();
        return { remote, users, pushed };
      },
    };
  },
};
