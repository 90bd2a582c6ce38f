/**
 * Partial-order reduction: at a state, explore one step alone when it provably commutes with
 * everything the other actors can still do and no property can see it.
 *
 * Grove's state graph is acyclic (each step moves its actor forward in (op, pc)), and a step of one
 * actor never disables another's. So a single step t of actor i is a persistent, invisible ample set
 * (Peled's conditions C0–C2; C3, the cycle proviso, holds vacuously) when:
 * 1. t's outcome is already fixed: no future step of another actor can change what t reads;
 * 2. t writes nothing another actor's future step reads (its own pc and position, its own new log);
 * 3. t cannot violate a property and writes nothing a property reads (properties read the remote,
 *    the acked and the failed sets, never an actor's pc or position).
 * Then any path from the state that reaches a violation can be rearranged to start with t, reaching
 * the same violation (t moves left past steps that do not notice it), so exploring only t loses no
 * violation. The steps that qualify, with the variants they are proven for (the kernel knows each
 * variant's primitives; a step is never reduced under a primitive its argument does not cover):
 *
 * - **branch that will succeed**: its log does not exist yet (only its owner creates it), the LSN is
 *   within bounds and not past the tip of the log it branches from (tips never shrink). Creates a
 *   log nobody can reach until its owner's own CAS points the ref at it. All variants.
 * - **doomed append**: its slot is already below the log's tip (or past `maxLsn`), so it fails now
 *   and forever; a failed append only moves the actor to `branch`. Variants whose Append fails
 *   exactly when the slot is not tip+1 (not `planted-overwrite`, not `planted-lying-append`).
 * - **private append**: the slot is tip+1 and no other actor can ever reach the log again: the ref
 *   is elsewhere, no other actor holds a position on it, and no other actor is about to CAS the ref
 *   to it as its new log. The entry lies past every branch point into the log, so no history
 *   (hence no property) sees it. Correct Append only, no ack-on-append.
 * - **doomed confirm**: the ref can never again equal what the confirm expects (it is on the same
 *   log past that LSN, or on another log that nobody is about to CAS it back to); a failed confirm
 *   only moves the actor to `branch`. Not under `planted-blind-force` (any CAS may move the ref
 *   anywhere) or `planted-zombie` (a "failed" CAS writes the ref).
 *
 * Not with faults: `PartialOrder` refuses a kernel that explores them. A lost reply is a second action
 * of the same step (t and its lost-reply twin disable each other, so {t} alone is not persistent), and
 * crashes and lost replies of different actors draw on shared budgets (one actor's fault can disable
 * another's), so no single step is independent of everything else that is enabled; and the recoveries
 * add steps (a restart into a recovery read, a naive retry at a new tip) that the rules below do not
 * account for. Symmetry stays sound with faults (`symmetry.ts`).
 *
 * Reads, CASes that may succeed, appends to a contended log and failing force pushes (they mark a
 * commit failed, which G7 reads) are never reduced. The reduction is measured, not assumed: the bench
 * prints the state counts with and without it and `por.test.ts` checks verdicts on every planted bug.
 */
import { UsageError } from '../../core/model.ts';
import { PC, REF_LOG, REF_LSN } from './layout.ts';
import type { GroveKernel } from './kernel.ts';

/** Which reductions a kernel's variant admits. */
export interface PorRules {
  readonly doomedAppend: boolean;
  readonly privateAppend: boolean;
  readonly doomedConfirm: boolean;
}

/** The rules proven for the kernel's variant semantics (see the module comment). */
export function porRules(K: GroveKernel): PorRules {
  const s = K.sem;
  const appendExact = s.append === 'correct' || s.append === 'gap';
  return {
    doomedAppend: appendExact,
    privateAppend: s.append === 'correct' && !s.ackOnAppend,
    doomedConfirm: s.cas === 'correct' || s.cas === 'dangling',
  };
}

/** Counts of ample sets chosen, by rule, for the report. */
export interface PorCounts {
  branch: number;
  doomedAppend: number;
  privateAppend: number;
  doomedConfirm: number;
  full: number;
}

/** Chooses ample sets for one kernel. */
export class PartialOrder {
  readonly rules: PorRules;
  readonly counts: PorCounts = { branch: 0, doomedAppend: 0, privateAppend: 0, doomedConfirm: 0, full: 0 };

  constructor(private readonly K: GroveKernel) {
    if (K.sem.faults !== null) throw new UsageError('partial-order reduction (--por) is not sound with faults (lost replies, crashes): see model/grove/kernel/por.ts; use --symmetry');
    this.rules = porRules(K);
  }

  /** Is log `l` someone's new log with a CAS to it pending (other than actor `me`)? */
  private pendingCasTo(s: Uint8Array, l: number, me: number): boolean {
    if (l === 0) return false;
    const owner = ((l - 1) / this.K.ops) | 0;
    if (owner === me) return false;
    const o = this.K.layout.actor0 + 4 * owner;
    return s[o] === PC.cas && 1 + owner * this.K.ops + s[o + 1] === l;
  }

  /** Does any actor other than `me` (not finished) hold a position on log `l`? */
  private otherOn(s: Uint8Array, l: number, me: number): boolean {
    const L = this.K.layout;
    for (let j = 0; j < L.actors; j++) {
      if (j === me) continue;
      const o = L.actor0 + 4 * j;
      const pc = s[o];
      if (pc !== PC.read && pc !== PC.done && s[o + 2] === l) return true;
    }
    return false;
  }

  /**
   * The index (into the `n` enabled actors `en`) of a step to explore alone, or -1 to explore all.
   * Picks the first qualifying actor in action order, so the choice is deterministic.
   */
  ample(s: Uint8Array, en: Int32Array, n: number): number {
    if (n <= 1) return -1;
    const K = this.K;
    const L = K.layout;
    const R = this.rules;
    for (let x = 0; x < n; x++) {
      const i = en[x];
      const o = L.actor0 + 4 * i;
      const pc = s[o];
      const posLog = s[o + 2];
      const posLsn = s[o + 3];
      switch (pc) {
        case PC.branch: {
          const c = 1 + i * K.ops + s[o + 1];
          if (posLsn + 1 <= K.maxLsn && s[K.logOff(c)] === 0 && K.tipOf(s, posLog) >= posLsn) {
            this.counts.branch++;
            return x;
          }
          break;
        }
        case PC.append: {
          const lsn = posLsn + 1;
          const t = K.tipOf(s, posLog);
          if (lsn > K.maxLsn || (R.doomedAppend && t >= 0 && lsn <= t)) {
            this.counts.doomedAppend++;
            return x;
          }
          if (R.privateAppend && lsn === t + 1 && s[REF_LOG] !== posLog && !this.otherOn(s, posLog, i) && !this.pendingCasTo(s, posLog, i)) {
            this.counts.privateAppend++;
            return x;
          }
          break;
        }
        case PC.confirm: {
          if (!R.doomedConfirm) break;
          const refLog = s[REF_LOG];
          let doomed: boolean;
          if (K.sem.confirmCheck) doomed = refLog !== posLog && !this.pendingCasTo(s, posLog, i);
          else if (K.sem.refsLog) doomed = refLog !== posLog && !this.pendingCasTo(s, posLog, i);
          else doomed = refLog === posLog ? s[REF_LSN] > posLsn : !this.pendingCasTo(s, posLog, i);
          if (doomed) {
            this.counts.doomedConfirm++;
            return x;
          }
          break;
        }
        default:
          break;
      }
    }
    this.counts.full++;
    return -1;
  }
}
