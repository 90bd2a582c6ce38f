/**
 * The Inferno model's state codec (`model/core/codec.ts`), for the fast engine: the store directory
 * (objects, head files, `to_head` pointers, option 1's `hist_id` fields and `hist_to_head` map, the
 * lock), each actor's place in its program, and the ghost links: exactly what the fingerprint holds,
 * records with their keys sorted as the fingerprint sorts them. The head files and each actor are
 * parts kept as the first object the model made with that content (no read-back copy): the model
 * returns the same objects for the same steps (`memos` in model.ts), so they are found by identity.
 */
import { sortedKeys, type CodecCapability, type StateCodec, type WordWriter } from '../core/codec.ts';
import type { Model } from '../core/model.ts';
import type { Hash, InfernoState, Pc, StoreActor } from './store.ts';

const PCS: readonly Pc[] = ['start', 'write', 'exists', 'rename', 'append', 'read', 'point', 'check', 'head-file', 'cas', 'unlock', 'done'];

function writeHeads(heads: Readonly<Record<Hash, readonly Hash[]>>, w: WordWriter): void {
  const keys = sortedKeys(heads);
  w.int(keys.length);
  for (const k of keys) {
    w.str(k);
    w.strs(heads[k]);
  }
}

function writeActor(a: StoreActor, w: WordWriter): void {
  w.int(a.k);
  w.int(PCS.indexOf(a.pc));
  w.strs(a.list);
  w.int(a.idx);
  w.int(a.crashed ? 1 : 0);
}

/** The codec of an Inferno instance: its capacity follows `actors` (one store call each, so actors + 1 objects). */
export const infernoCodec: CodecCapability<InfernoState> = {
  codec(model: Model<InfernoState>): StateCodec<InfernoState> {
    const A = Number(model.config.actors);
    const H = A + 1;
    return {
      words: 1 + H + 1 + H * (2 + H) + 3 * (1 + 2 * H) + 1 + A * (5 + H) + 1 + 2 * H,
      encode(s, w) {
        const st = s.store;
        w.strs(st.objects);
        w.part(st.heads, writeHeads);
        w.record(st.toHead);
        w.record(st.histId);
        w.record(st.histToHead);
        w.int(st.lock + 1);
        for (const a of s.actors) w.part(a, writeActor);
        w.record(s.links);
      },
      decode(r) {
        const objects = r.strs();
        const heads = r.part<Readonly<Record<Hash, readonly Hash[]>>>();
        const toHead = r.record();
        const histId = r.record();
        const histToHead = r.record();
        const lock = r.int() - 1;
        const actors: StoreActor[] = new Array(A);
        for (let i = 0; i < A; i++) actors[i] = r.part<StoreActor>();
        return { store: { objects, heads, toHead, histId, histToHead, lock }, actors, links: r.record() };
      },
    };
  },
};
