/**
 * Memo's properties M1–M3. They read the state directly (never a variant), so a variant cannot
 * redefine what correct means.
 */
import type { Property, Step } from '../core/model.ts';
import { replicaName, type MemoState } from './state.ts';

/** What a step did, for M3. */
export interface MemoEffect {
  readonly kind: 'create' | 'op' | 'deliver-epoch' | 'deliver-op';
  readonly replica: number;
  /** The message's id (epoch or op). */
  readonly id: string;
  /** The epoch created, or the epoch the op is tagged with. */
  readonly epoch: string;
}

/** True when every message has reached every replica at least once (nothing in flight). */
export function quiescent(s: MemoState): boolean {
  return s.msgs.every((m) => m.delivered.every((n) => n > 0));
}

/** Builds M1–M3 (the same list for every variant). */
export function memoProperties(): Property<MemoState>[] {
  return [
    {
      id: 'M1',
      title: 'convergence: once every message is delivered, all replicas have the same active epoch',
      state(s) {
        if (!quiescent(s)) return null;
        const first = s.replicas[0]?.active;
        const odd = s.replicas.findIndex((r) => r.active !== first);
        if (odd < 0) return null;
        const shown = s.replicas.map((r, i) => `${replicaName(i)}=${r.active}`).join(', ');
        return `every message is delivered, but the active epochs differ: ${shown}`;
      },
    },
    {
      id: 'M2',
      title: 'sequential later-wins: an epoch created after seeing e1 wins over e1 wherever both are seen',
      state(s) {
        for (let i = 0; i < s.replicas.length; i++) {
          const r = s.replicas[i];
          for (const id of r.seen) {
            if (id === r.active) continue;
            if (!s.epochs[id].after.includes(r.active)) continue;
            return `${replicaName(i)} has seen ${id}, created after ${r.active}, but keeps ${r.active} active`;
          }
        }
        return null;
      },
    },
    {
      id: 'M3',
      title: "superseded ops: an op tagged with an epoch other than the replica's active one never changes its state",
      transition(before, step: Step<MemoState>) {
        const e = step.effect as MemoEffect | undefined;
        if (e?.kind !== 'deliver-op') return null;
        const was = before.replicas[e.replica];
        const now = step.next.replicas[e.replica];
        if (was.active === e.epoch || was.tree === now.tree) return null;
        return `${replicaName(e.replica)} applied op ${e.id} of epoch ${e.epoch} while ${was.active} was active`;
      },
    },
  ];
}
