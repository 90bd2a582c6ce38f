/**
 * Memo's state codec (`model/core/codec.ts`), for the fast engine: per replica its clock, active epoch,
 * seen epochs, work tree and counters; the epochs by id (sorted, as the fingerprint orders them) with
 * timestamp, creator and causal past; the messages in their (sorted) order with their delivery counts.
 * An epoch's creator and a message's kind and sender are functions of their ids, so encoding them
 * keeps the codec's identity the fingerprint's.
 */
import type { CodecCapability, StateCodec, WordReader, WordWriter } from '../core/codec.ts';
import type { Model } from '../core/model.ts';
import type { Epoch, MemoMessage, MemoState, Replica } from './state.ts';

/** The codec of a Memo instance: its capacity follows `actors`, `epochs` and `ops` of its config. */
export const memoCodec: CodecCapability<MemoState> = {
  codec(model: Model<MemoState>): StateCodec<MemoState> {
    const R = Number(model.config.actors);
    const epochs = R * Number(model.config.epochs) + 1;
    const ops = R * Number(model.config.ops);
    const replicaWords = 4 + 1 + epochs + 1 + ops;
    const epochWords = 4 + epochs;
    const msgWords = 4 + R;
    let sortedOf: MemoState['epochs'] | null = null;
    let sorted: string[] = [];
    // Replicas, the epochs record and messages are interned parts (`WordWriter.part`), one word each:
    // a step changes at most one replica and one message and most keep the epochs record, so the
    // rest are found by identity, and a state decodes to its parts' shared copies.
    const writeReplica = (r: Replica, w: WordWriter): void => {
      w.int(r.clock);
      w.str(r.active);
      w.strs(r.seen);
      w.strs(r.tree);
      w.int(r.made);
      w.int(r.ops);
    };
    const readReplica = (r: WordReader): Replica => ({ clock: r.int(), active: r.str(), seen: r.strs(), tree: r.strs(), made: r.int(), ops: r.int() });
    const writeEpochs = (epochs: MemoState['epochs'], w: WordWriter): void => {
      // Most steps keep the epochs record of the state they step from: its sorted ids are kept too.
      if (epochs !== sortedOf) {
        sortedOf = epochs;
        sorted = Object.keys(epochs).sort();
      }
      const ids = sorted;
      w.int(ids.length);
      for (const id of ids) {
        const e = epochs[id];
        w.str(e.id);
        w.int(e.ts);
        w.int(e.replica);
        w.strs(e.after);
      }
    };
    const readEpochs = (r: WordReader): Record<string, Epoch> => {
      const all: Record<string, Epoch> = {};
      for (let n = r.int(); n > 0; n--) {
        const id = r.str();
        all[id] = { id, ts: r.int(), replica: r.int(), after: r.strs() };
      }
      return all;
    };
    const writeMessage = (m: MemoMessage, w: WordWriter): void => {
      w.str(m.id);
      w.int(m.kind === 'epoch' ? 0 : 1);
      w.int(m.from);
      w.str(m.epoch);
      for (let j = 0; j < R; j++) w.int(m.delivered[j]);
    };
    const readMessage = (r: WordReader): MemoMessage => {
      const id = r.str();
      const kind = r.int() === 0 ? 'epoch' : 'op';
      const from = r.int();
      const epoch = r.str();
      const delivered: number[] = new Array(R);
      for (let j = 0; j < R; j++) delivered[j] = r.int();
      return { id, kind, from, epoch, delivered };
    };
    return {
      words: R * replicaWords + 1 + epochs * epochWords + 1 + (epochs - 1 + ops) * msgWords,
      encode(s, w) {
        for (const r of s.replicas) w.part(r, writeReplica, readReplica);
        w.part(s.epochs, writeEpochs, readEpochs);
        w.int(s.msgs.length);
        for (const m of s.msgs) w.part(m, writeMessage, readMessage);
      },
      decode(r) {
        const replicas: Replica[] = new Array(R);
        for (let i = 0; i < R; i++) replicas[i] = r.part<Replica>();
        const all = r.part<MemoState['epochs']>();
        const msgs: MemoMessage[] = new Array(r.int());
        for (let k = 0; k < msgs.length; k++) msgs[k] = r.part<MemoMessage>();
        return { replicas, epochs: all, msgs };
      },
    };
  },
};
