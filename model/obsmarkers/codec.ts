/**
 * The obsmarkers model's state codec (`model/core/codec.ts`), for the fast engine: per repository
 * its held changesets and markers (bit sets already) and the index of its user's next edit. The
 * model adds its `expand` (`model.ts`: every step of a state at once, no row printed).
 */
import type { CodecCapability, StateCodec } from '../core/codec.ts';
import type { Model } from '../core/model.ts';
import type { ObsState, Repo } from './model.ts';

/** The codec of an obsmarkers instance: three words per repository (the clients, then the server). */
export const obsmarkersCodec: CodecCapability<ObsState> = {
  codec(model: Model<ObsState>): StateCodec<ObsState> {
    const n = Number(model.config.actors) + 1;
    return {
      words: 3 * n,
      encode(s, w) {
        for (const r of s.repos) {
          w.int(r.held >>> 0);
          w.int(r.markers >>> 0);
          w.int(r.pc);
        }
      },
      decode(r) {
        const repos: Repo[] = new Array(n);
        for (let i = 0; i < n; i++) repos[i] = { held: r.int() | 0, markers: r.int() | 0, pc: r.int() };
        return { repos };
      },
    };
  },
};
