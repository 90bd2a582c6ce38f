/**
 * The Grove push protocol compiled to a transition function over packed states (see `layout.ts`).
 *
 * This is `model/grove/protocol.ts` (`programStep`) and `model/grove/properties.ts` (G1–G7) rewritten
 * to read and write bytes instead of immutable records: no allocation per step, no strings. It is a
 * second implementation of the same semantics, so it is only trusted because the differential tests
 * (`kernel.test.ts`) compare it with the reference model step by step on random schedules and state
 * count by state count on whole searches, for every variant it accepts.
 *
 * It accepts the standard variants and the planted ones of `variants/planted.ts`, recognised by
 * identity (a planted variant replaces a remote primitive with a function, which cannot be compiled
 * in general). A user's variant that is plain data (no `remote`, no `client`) is accepted too; any
 * other is refused with a UsageError naming the reference engine (`--strategy bfs`), never run with
 * the wrong semantics.
 *
 * Faults (lost replies and crashes, with the recoveries `none`, `retry-naive` and `recover-by-reading`
 * of MODEL.md §4) are compiled too: an action is then a code `actor | kind << 8` (kind 0 the actor's
 * own step, or its restart when it is down; 1 the same step with its reply lost; 2 a crash), listed
 * in the reference model's order, and the state carries each actor's `at` and durable intent and the
 * budgets used (`layout.ts`). Faults keep every fact below: they never delete or rewrite an entry.
 *
 * Properties are evaluated incrementally, which is exact because of facts every accepted variant
 * keeps: logs are never deleted, a log's branch point never changes, tips never shrink, and an
 * expanded state already satisfied every non-advisory state property (the search stops at the first
 * violation). So G2 looks only at the log a step wrote, G6/G7 only run when the ref, an entry or the
 * acked/failed sets changed, and histories are bitmasks of commits (one 32-bit word).
 */
import { UsageError } from '../../core/model.ts';
import type { GroveModel } from '../model.ts';
import type { GroveVariant } from '../variant.ts';
import {
  plantedBlindForce,
  plantedDanglingRef,
  plantedEarlyAck,
  plantedGap,
  plantedLyingAppend,
  plantedOverwrite,
  plantedZombie,
} from '../variants/planted.ts';
import { ACKED, CRASHES, FAILED, FAULT_STRIDE, LOST, PC, REF_LOG, REF_LSN, layoutFor, type Layout } from './layout.ts';

// Program counters as plain constants (hot path: no property reads).
const READ = 0;
const APPEND = 1;
const CONFIRM = 2;
const BRANCH = 3;
const CAS = 4;
const DONE = 5;
const PULL_TIP = 6;
const RECOVER_APPEND = 7;
const RECOVER_REF = 8;
const RECOVER_BRANCH = 9;
const DOWN = 10;
// Intent kinds (0: none).
const I_APPEND = 1;
const I_CONFIRM = 2;
const I_BRANCH = 3;
const I_CAS = 4;
// Action kinds, in the high byte of an action code.
const LOST_REPLY = 1;
const CRASH = 2;

/** How a variant's primitives behave, as the kernel knows them. */
export interface Semantics {
  /** Refs hold a LogId (`logid-check`): a ref means its log up to the tip. */
  readonly refsLog: boolean;
  /** Push is confirmed with `Check` (else with a CAS advancing the LSN). */
  readonly confirmCheck: boolean;
  /** `Check` advances the ref's LSN (`lsn-advance`). */
  readonly advance: boolean;
  readonly append: 'correct' | 'overwrite' | 'gap' | 'lying';
  readonly cas: 'correct' | 'dangling' | 'blind' | 'zombie';
  readonly ackOnAppend: boolean;
  /** What a client does after a lost reply or a restart (MODEL.md §4). */
  readonly recovery: 'none' | 'retry-naive' | 'recover-by-reading';
  /** Fault budgets, or null when faults are not explored (then the layout has no fault records). */
  readonly faults: { readonly maxLost: number; readonly maxCrashes: number; readonly maxTotal: number } | null;
}

/** The kernel's reading of a variant, or a UsageError when it cannot run it faithfully. */
export function semanticsOf(v: GroveVariant): Semantics {
  const base = { refsLog: v.refs === 'log', confirmCheck: v.confirm === 'check', advance: v.check === 'advance' };
  const plain: Semantics = { ...base, append: 'correct', cas: 'correct', ackOnAppend: false, recovery: v.recovery ?? 'none', faults: null };
  if (v === plantedOverwrite) return { ...plain, append: 'overwrite' };
  if (v === plantedGap) return { ...plain, append: 'gap' };
  if (v === plantedLyingAppend) return { ...plain, append: 'lying' };
  if (v === plantedDanglingRef) return { ...plain, cas: 'dangling' };
  if (v === plantedBlindForce) return { ...plain, cas: 'blind' };
  if (v === plantedZombie) return { ...plain, cas: 'zombie' };
  if (v === plantedEarlyAck) return { ...plain, ackOnAppend: true };
  if (v.remote === undefined && (v.client === undefined || !v.client.ackOnAppend)) return plain;
  if (v.remote === undefined && v.client?.ackOnAppend) return { ...plain, ackOnAppend: true };
  throw new UsageError(`the fast engine cannot compile variant '${v.name}' (it replaces remote primitives with code); use --strategy bfs`);
}

/** Property numbers as the kernel returns them: index + 1 into `PROPERTY_IDS`. */
export const PROPERTY_IDS = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'D1'] as const;
const G7 = 7;
const D1 = 8;
/**
 * Advisory properties the kernel evaluates only under `strict` (as violations): D1 (exactly once),
 * which only faults can break (a retry or a restart writes a commit again). Without `strict` they
 * are reported as not evaluated, never silently passed.
 */
export const STRICT_ONLY: readonly string[] = ['D1'];

/** Client op codes of a program. */
const PUSH = 0;
const FORCE = 1;
const PULL = 2;

/** What the last `step` did, beyond the next state (read by the POR and the tests). */
export interface StepInfo {
  /** First violated property number (1 = G1 … 7 = G7), 0 if none. G7 counts only when strict. */
  violated: number;
  /** True when G7 held as an advisory on this step (not strict). */
  advisoryG7: boolean;
}

/**
 * A compiled Grove model for one configuration. Not pure in the allocation sense: `step` writes into
 * a caller-owned output vector and returns facts in `info`; it never writes its input.
 */
export class GroveKernel {
  readonly layout: Layout;
  readonly sem: Semantics;
  readonly maxLsn: number;
  readonly program: Uint8Array;
  /** Most actions a state can enable (the length an `enabled` output vector needs). */
  readonly maxActions: number;
  /** Facts about the last step; overwritten by every call. */
  readonly info: StepInfo = { violated: 0, advisoryG7: false };
  /** Evaluate G7 (set false once the advisory was recorded and not strict). */
  checkG7 = true;
  /** G7 is a violation, not an advisory. */
  strict = false;
  /** Which properties are checked, by number (1 = G1 … 7 = G7); a model may carry a subset. */
  readonly on = new Uint8Array(9).fill(1);

  constructor(
    readonly actors: number,
    readonly ops: number,
    sem: Semantics,
    program: readonly string[],
    maxLsn: number,
  ) {
    this.sem = sem;
    this.maxLsn = maxLsn;
    this.program = Uint8Array.from(Array.from({ length: ops }, (_, k) => {
      const p = program[k] ?? 'push';
      return p === 'push' ? PUSH : p === 'force-push' ? FORCE : PULL;
    }));
    const writes = actors * ops + (sem.faults === null ? 0 : sem.faults.maxTotal);
    if (sem.faults !== null && sem.faults.maxTotal > 255) throw new UsageError('the fast engine counts faults in a byte; at most 255');
    this.layout = layoutFor(actors, ops, sem.append === 'gap' ? 2 * writes + 1 : writes + 1, sem.faults !== null);
    this.maxActions = sem.faults === null ? actors : 3 * actors;
  }

  /** Builds the kernel for a Grove model instance (program-driven actors only). */
  static forModel(model: GroveModel): GroveKernel {
    const ctx = model.ctx;
    const actors = Number(model.config.actors);
    const s0 = model.initial();
    if (s0.actors.some((a) => a.kind !== 'program')) throw new UsageError('the fast engine runs program-driven actors only');
    if (ctx.collide) throw new UsageError('the fast engine does not model colliding commit contents (--collide); use --strategy bfs');
    const faults = ctx.faults === null ? null : { maxLost: ctx.faults.maxLost, maxCrashes: ctx.faults.maxCrashes, maxTotal: ctx.faults.maxTotal };
    const K = new GroveKernel(actors, ctx.ops, { ...semanticsOf(ctx.variant), faults }, ctx.program, ctx.maxLsn);
    K.on.fill(0);
    for (const p of model.properties) {
      const n = (PROPERTY_IDS as readonly string[]).indexOf(p.id) + 1;
      if (n > 0) K.on[n] = 1;
      else if (!p.advisory) throw new UsageError(`the fast engine does not know property ${p.id}; use --strategy bfs`);
    }
    return K;
  }

  /** Writes the initial state (log `a` empty, `main` at `a@0`, every actor about to read). */
  initial(out: Uint8Array): void {
    const L = this.layout;
    out.fill(0);
    out[L.log0] = 1;
    for (let i = 0; i < this.actors; i++) out[L.actor0 + 4 * i] = this.ops > 0 ? PC.read : PC.done;
  }

  /**
   * Writes the enabled action codes of `s` (in the reference model's action order) into `out`
   * (length at least `maxActions`); returns how many. Without faults a code is the actor's number.
   */
  enabled(s: Uint8Array, out: Int32Array): number {
    const L = this.layout;
    const f = this.sem.faults;
    let n = 0;
    if (f === null) {
      for (let i = 0; i < this.actors; i++) if (s[L.actor0 + 4 * i] !== DONE) out[n++] = i;
      return n;
    }
    const lost = s[LOST];
    const crashes = s[CRASHES];
    const room = lost + crashes < f.maxTotal;
    const mayLose = room && lost < f.maxLost;
    const mayCrash = room && crashes < f.maxCrashes;
    for (let i = 0; i < this.actors; i++) {
      const pc = s[L.actor0 + 4 * i];
      if (pc === DONE) continue;
      out[n++] = i;
      if (pc === DOWN) continue;
      if (mayLose && pc >= APPEND && pc <= CAS) out[n++] = i | (LOST_REPLY << 8);
      if (mayCrash) out[n++] = i | (CRASH << 8);
    }
    return n;
  }

  // --- reads of a packed state -------------------------------------------------------------------

  /** Byte offset of log `l`'s record. */
  logOff(l: number): number {
    return this.layout.log0 + l * this.layout.logStride;
  }

  /** Tip of log `l`, or -1 when it does not exist. */
  tipOf(s: Uint8Array, l: number): number {
    const o = this.logOff(l);
    return s[o] === 0 ? -1 : s[o + 2] + s[o + 3];
  }

  /** The commit at `(l, lsn)` in the log itself, 0 for none. */
  entryAt(s: Uint8Array, l: number, lsn: number): number {
    const o = this.logOff(l);
    if (s[o] === 0) return 0;
    const i = lsn - s[o + 2] - 1;
    return i >= 0 && i < s[o + 3] ? s[o + 4 + i] : 0;
  }

  /** The commits in the history of `(log, lsn)`, as a bitmask (bit c-1 for commit c). */
  historyMask(s: Uint8Array, log: number, lsn: number): number {
    let m = 0;
    for (let guard = 0; guard <= this.layout.logs; guard++) {
      const o = this.logOff(log);
      if (s[o] === 0) return m;
      const st = s[o + 2];
      const upto = Math.min(lsn, st + s[o + 3]) - st;
      for (let i = 0; i < upto; i++) {
        const e = s[o + 4 + i];
        if (e !== 0) m |= 1 << (e - 1);
      }
      if (log === 0) return m;
      lsn = Math.min(lsn, st);
      log = s[o + 1];
    }
    return m;
  }

  /** The history of the ref, under the variant's ref semantics. */
  refMask(s: Uint8Array): number {
    const log = s[REF_LOG];
    const lsn = this.sem.refsLog ? Math.max(0, this.tipOf(s, log)) : s[REF_LSN];
    return this.historyMask(s, log, lsn);
  }

  private word(s: Uint8Array, at: number): number {
    return (s[at] | (s[at + 1] << 8) | (s[at + 2] << 16) | (s[at + 3] << 24)) >>> 0;
  }

  private setWord(s: Uint8Array, at: number, v: number): void {
    s[at] = v & 255;
    s[at + 1] = (v >>> 8) & 255;
    s[at + 2] = (v >>> 16) & 255;
    s[at + 3] = (v >>> 24) & 255;
  }

  /** Acked commits of a state, as a bitmask. */
  acked(s: Uint8Array): number {
    return this.word(s, ACKED);
  }

  /** Failed commits of a state, as a bitmask. */
  failed(s: Uint8Array): number {
    return this.word(s, FAILED);
  }

  /** Does `s` break G7 as a state property (a failed, unacknowledged commit visible through the ref)? */
  violatesG7(s: Uint8Array): boolean {
    return (this.failed(s) & ~this.acked(s) & this.refMask(s)) !== 0;
  }

  /** Does the ref match `(log, lsn)` under the variant's ref semantics? */
  private refMatches(s: Uint8Array, log: number, lsn: number): boolean {
    return this.sem.refsLog ? s[REF_LOG] === log : s[REF_LOG] === log && s[REF_LSN] === lsn;
  }

  // --- the step ------------------------------------------------------------------------------------

  /**
   * Takes action `code` (from `enabled`: actor `code & 255`'s next step, with its reply lost when
   * `code >> 8` is 1, or its crash when 2) from `s`, writing the next state into `out` (which must not
   * alias `s`). Evaluates G1–G7 on the step and leaves the verdict in `info`.
   */
  step(s: Uint8Array, code: number, out: Uint8Array): StepInfo {
    const L = this.layout;
    const sem = this.sem;
    out.set(s);
    const i = code & 255;
    const kind = code >> 8;
    const lostReply = kind === LOST_REPLY;
    const ao = L.actor0 + 4 * i;
    const fo = L.fault0 + FAULT_STRIDE * i;
    const faults = sem.faults !== null;
    const rec = sem.recovery;
    const pc = kind === CRASH ? -1 : s[ao];
    const k = s[ao + 1];
    const posLog = s[ao + 2];
    const posLsn = s[ao + 3];
    // The LSN an append (and a push's confirm) targets: `at` once a naive retry moved it.
    const lsnAt = faults && s[fo] !== 0 ? s[fo] : posLsn + 1;
    const c = 1 + i * this.ops + k;
    const bit = 1 << (c - 1);
    if (lostReply) out[LOST] = s[LOST] + 1;
    // What the step did, for the properties.
    let isAppendOk = false;
    let atLog = 0;
    let atLsn = 0;
    let isCas = false;
    let created = -1; // log created
    this.ackedC = 0;
    this.touched = -1;
    this.created = -1;
    this.actor = i;
    this.refChanged = false;
    this.setsChanged = false;

    switch (pc) {
      case READ: {
        const log = s[REF_LOG];
        const lsn = sem.refsLog ? Math.max(0, this.tipOf(s, log)) : s[REF_LSN];
        const kind = this.program[k];
        out[ao + 2] = log;
        out[ao + 3] = lsn;
        out[ao] = kind === PUSH ? APPEND : BRANCH;
        if (kind === PULL) this.finish(out, ao, k, bit, false);
        break;
      }
      case -1: {
        // Crash: the volatile state (step, position, `at`) is lost; the client op and intent survive.
        out[ao] = DOWN;
        out[ao + 2] = 0;
        out[ao + 3] = 0;
        out[fo] = 0;
        out[CRASHES] = s[CRASHES] + 1;
        break;
      }
      case DOWN: {
        const ik = s[fo + 1];
        if (rec === 'recover-by-reading' && ik !== 0) {
          out[ao] = ik === I_APPEND ? RECOVER_APPEND : ik === I_BRANCH ? RECOVER_BRANCH : RECOVER_REF;
          out[ao + 2] = s[fo + 2];
          out[ao + 3] = s[fo + 3];
          out[fo] = s[fo + 4];
        } else {
          out[ao] = READ;
          out.fill(0, fo, fo + FAULT_STRIDE);
        }
        break;
      }
      case PULL_TIP:
        out[fo] = this.tipOf(s, posLog) + 1;
        out[ao] = APPEND;
        break;
      case RECOVER_APPEND: {
        const there = this.entryAt(s, posLog, lsnAt);
        out[ao] = there === c ? CONFIRM : there === 0 ? APPEND : BRANCH;
        break;
      }
      case RECOVER_REF: {
        if ((this.refMask(s) & bit) !== 0) {
          this.ackNow(out, c, bit);
          this.finish(out, ao, k, bit, true);
        } else if (s[fo + 1] === I_CAS) this.finish(out, ao, k, bit, false);
        else out[ao] = BRANCH;
        break;
      }
      case RECOVER_BRANCH: {
        if (this.entryAt(s, c, posLsn + 1) === c) out[ao] = CAS;
        else if (this.tipOf(s, c) >= 0) this.finish(out, ao, k, bit, false);
        else out[ao] = BRANCH;
        break;
      }
      case APPEND: {
        const lsn = lsnAt;
        let ok = false;
        if (lsn <= this.maxLsn) {
          const t = this.tipOf(s, posLog);
          if (t >= 0) {
            const free = lsn === t + 1 && this.entryAt(s, posLog, lsn) === 0;
            switch (sem.append) {
              case 'correct':
                if (free) {
                  this.write(out, posLog, lsn, c);
                  ok = true;
                }
                break;
              case 'overwrite':
                if (lsn <= t + 1) {
                  this.write(out, posLog, lsn, c);
                  ok = true;
                }
                break;
              case 'gap':
                if (free) {
                  this.write(out, posLog, lsn + 1, c);
                  ok = true;
                }
                break;
              case 'lying':
                if (free) {
                  this.write(out, posLog, lsn, c);
                  ok = true;
                } else if (this.entryAt(s, posLog, lsn) !== 0) ok = true;
                break;
            }
          }
        }
        if (lostReply) out[ao] = rec === 'retry-naive' ? PULL_TIP : rec === 'recover-by-reading' ? RECOVER_APPEND : BRANCH;
        else out[ao] = ok ? CONFIRM : BRANCH;
        if (faults) this.intent(out, fo, I_APPEND, posLog, posLsn, lsnAt);
        if (ok) {
          isAppendOk = true;
          atLog = posLog;
          atLsn = lsn;
          if (sem.ackOnAppend && !lostReply) this.ackNow(out, c, bit);
        }
        break;
      }
      case CONFIRM: {
        let ok: boolean;
        if (sem.confirmCheck) {
          ok = s[REF_LOG] === posLog;
          if (ok && sem.advance && lsnAt > s[REF_LSN]) this.setRef(out, posLog, Math.min(lsnAt, Math.max(0, this.tipOf(s, posLog))));
        } else {
          isCas = true;
          ok = this.cas(s, out, posLog, posLsn, posLog, lsnAt);
        }
        if (lostReply) {
          out[ao] = rec === 'retry-naive' ? CONFIRM : rec === 'recover-by-reading' ? RECOVER_REF : BRANCH;
          if (faults) this.intent(out, fo, I_CONFIRM, posLog, posLsn, lsnAt);
        } else if (ok) {
          this.ackNow(out, c, bit);
          this.finish(out, ao, k, bit, true);
        } else {
          out[ao] = BRANCH;
          if (faults) this.intent(out, fo, I_CONFIRM, posLog, posLsn, lsnAt);
        }
        break;
      }
      case BRANCH: {
        let ok = false;
        if (posLsn + 1 <= this.maxLsn && out[this.logOff(c)] === 0) {
          const t = this.tipOf(s, posLog);
          if (t >= 0 && posLsn <= t) {
            const o = this.logOff(c);
            out[o] = 1;
            out[o + 1] = posLog;
            out[o + 2] = posLsn;
            out[o + 3] = 1;
            out[o + 4] = c;
            created = c;
            this.created = c;
            ok = true;
          }
        }
        if (lostReply && rec !== 'none') {
          out[ao] = rec === 'retry-naive' ? BRANCH : RECOVER_BRANCH;
          if (faults) this.intent(out, fo, I_BRANCH, posLog, posLsn, lsnAt);
        } else if (ok && !lostReply) {
          out[ao] = CAS;
          if (faults) this.intent(out, fo, I_BRANCH, posLog, posLsn, lsnAt);
        } else this.finish(out, ao, k, bit, false);
        break;
      }
      case CAS: {
        isCas = true;
        const ok = this.cas(s, out, posLog, posLsn, c, posLsn + 1);
        if (lostReply && rec !== 'none') {
          out[ao] = rec === 'retry-naive' ? CAS : RECOVER_REF;
          if (faults) this.intent(out, fo, I_CAS, posLog, posLsn, lsnAt);
        } else if (ok && !lostReply) {
          this.ackNow(out, c, bit);
          this.finish(out, ao, k, bit, true);
        } else this.finish(out, ao, k, bit, false);
        break;
      }
      default:
        throw new Error(`actor ${i + 1} has finished`);
    }

    // --- properties, in the reference order; the first failing one is the verdict ---------------
    const touched = this.touched;
    const refChanged = this.refChanged;
    const setsChanged = this.setsChanged;
    const ackedC = this.ackedC;
    const info = this.info;
    info.violated = 0;
    info.advisoryG7 = false;
    // G1: entries of the written log never change once written.
    if (touched >= 0) {
      const o = this.logOff(touched);
      const n = s[o + 3];
      for (let j = 0; j < n; j++) {
        const was = s[o + 4 + j];
        if (this.on[1] && was !== 0 && out[o + 4 + j] !== was) return this.fail(1);
      }
    }
    // G2: no hole in a written or created log (other logs were checked when they changed).
    const g2 = touched >= 0 ? touched : created;
    if (g2 >= 0) {
      const o = this.logOff(g2);
      const n = out[o + 3];
      for (let j = 0; j < n; j++) if (this.on[2] && out[o + 4 + j] === 0) return this.fail(2);
      if (this.on[2] && g2 !== 0 && this.tipOf(out, out[o + 1]) < out[o + 2]) return this.fail(2);
    }
    // G3: one winner per slot.
    if (this.on[3] && isAppendOk && this.entryAt(s, atLog, atLsn) !== 0) return this.fail(3);
    // G4: the ref points into an existing log.
    {
      const o = this.logOff(out[REF_LOG]);
      if (this.on[4] && out[o] === 0) return this.fail(4);
      if (!sem.refsLog) {
        const lsn = out[REF_LSN];
        if (this.on[4] && (lsn > out[o + 2] + out[o + 3] || lsn < out[o + 2])) return this.fail(4);
      }
    }
    const changed = refChanged || touched >= 0 || setsChanged;
    let after = -1;
    // G5: an acknowledged commit is in the ref's history.
    if (ackedC !== 0) {
      after = this.refMask(out);
      if (this.on[5] && (after & (1 << (ackedC - 1))) === 0) return this.fail(5);
    }
    // G6: an acked commit leaves the ref's history only through a CAS that expected it.
    if (refChanged || touched >= 0) {
      if (after < 0) after = this.refMask(out);
      const ackedBefore = this.word(s, ACKED);
      let lost = ackedBefore === 0 ? 0 : ackedBefore & this.refMask(s) & ~after;
      if (lost !== 0 && isCas) lost &= ~this.historyMask(s, posLog, posLsn);
      if (this.on[6] && lost !== 0) return this.fail(6);
    }
    // G7 (advisory unless strict): a failed, unacked commit is visible through the ref.
    if (changed && this.on[G7] && (this.checkG7 || this.strict)) {
      if (after < 0) after = this.refMask(out);
      if ((this.word(out, FAILED) & ~this.word(out, ACKED) & after) !== 0) {
        if (this.strict) return this.fail(G7);
        info.advisoryG7 = true;
      }
    }
    // D1 (strict only): no commit appears twice in the ref's history.
    if (this.strict && this.on[D1] && (refChanged || touched >= 0) && this.refHasDuplicate(out)) return this.fail(D1);
    return info;
  }

  /** Does some commit appear twice in the ref's history (D1)? */
  refHasDuplicate(s: Uint8Array): boolean {
    let log = s[REF_LOG];
    let lsn = this.sem.refsLog ? Math.max(0, this.tipOf(s, log)) : s[REF_LSN];
    let m = 0;
    for (let guard = 0; guard <= this.layout.logs; guard++) {
      const o = this.logOff(log);
      if (s[o] === 0) return false;
      const st = s[o + 2];
      const upto = Math.min(lsn, st + s[o + 3]) - st;
      for (let i = 0; i < upto; i++) {
        const e = s[o + 4 + i];
        if (e === 0) continue;
        const b = 1 << (e - 1);
        if ((m & b) !== 0) return true;
        m |= b;
      }
      if (log === 0) return false;
      lsn = Math.min(lsn, st);
      log = s[o + 1];
    }
    return false;
  }

  /**
   * The 32-bit words of the last `step`'s output that may differ from its input, ascending and
   * without repeats, into `out` (length at least `layout.words`); returns how many. A step writes the
   * header (ref, budgets, acked and failed commits), its actor's record and fault record, and the
   * log it appended to or created; every other word is its input's. The engine updates fingerprints
   * from these words only, so the differential tests check this claim on every step they compare.
   */
  written(out: Int32Array): number {
    const L = this.layout;
    let n = this.span(out, 0, 0, L.actor0);
    n = this.span(out, n, L.actor0 + 4 * this.actor, L.actor0 + 4 * this.actor + 4);
    const lo = Math.min(this.touched, this.created);
    const hi = Math.max(this.touched, this.created);
    if (lo >= 0) n = this.span(out, n, this.logOff(lo), this.logOff(lo) + L.logStride);
    if (hi >= 0 && hi !== lo) n = this.span(out, n, this.logOff(hi), this.logOff(hi) + L.logStride);
    if (L.fault0 >= 0) n = this.span(out, n, L.fault0 + FAULT_STRIDE * this.actor, L.fault0 + FAULT_STRIDE * (this.actor + 1));
    return n;
  }

  /** Appends the words holding bytes `from` … `to - 1` to `out[0 … n)` (ascending), skipping repeats. */
  private span(out: Int32Array, n: number, from: number, to: number): number {
    for (let w = from >> 2; w <= (to - 1) >> 2; w++) if (n === 0 || w > out[n - 1]) out[n++] = w;
    return n;
  }

  // Per-step scratch facts, written by the helpers below (fields, not closures: no allocation).
  private actor = 0;
  private created = -1;
  private ackedC = 0;
  private touched = -1;
  private refChanged = false;
  private setsChanged = false;

  /** Writes the actor's durable intent (faults only), before a remote write. */
  private intent(out: Uint8Array, fo: number, kind: number, log: number, lsn: number, at: number): void {
    out[fo + 1] = kind;
    out[fo + 2] = log;
    out[fo + 3] = lsn;
    out[fo + 4] = at;
  }

  private finish(out: Uint8Array, ao: number, k: number, bit: number, ack: boolean): void {
    const nk = k + 1;
    out[ao] = nk < this.ops ? READ : DONE;
    out[ao + 1] = nk;
    out[ao + 2] = 0;
    out[ao + 3] = 0;
    if (this.layout.fault0 >= 0) {
      const fo = this.layout.fault0 + FAULT_STRIDE * (((ao - this.layout.actor0) / 4) | 0);
      out.fill(0, fo, fo + FAULT_STRIDE);
    }
    if (!ack && (this.word(out, ACKED) & bit) === 0 && this.program[k] !== PULL) {
      const f = this.word(out, FAILED);
      if ((f & bit) === 0) {
        this.setWord(out, FAILED, f | bit);
        this.setsChanged = true;
      }
    }
  }

  private ackNow(out: Uint8Array, c: number, bit: number): void {
    const a = this.word(out, ACKED);
    if ((a & bit) === 0) {
      this.setWord(out, ACKED, a | bit);
      this.setsChanged = true;
    }
    this.ackedC = c;
  }

  private setRef(out: Uint8Array, log: number, lsn: number): void {
    if (lsn > 255) throw new Error('fast engine: ref LSN overflows a byte');
    if (out[REF_LOG] !== log || out[REF_LSN] !== lsn) this.refChanged = true;
    out[REF_LOG] = log;
    out[REF_LSN] = lsn;
  }

  /** The variant's CAS on the ref; returns ok. */
  private cas(s: Uint8Array, out: Uint8Array, eLog: number, eLsn: number, nLog: number, nLsn: number): boolean {
    switch (this.sem.cas) {
      case 'correct':
        if (!this.refMatches(s, eLog, eLsn)) return false;
        this.setRef(out, nLog, nLsn);
        return true;
      case 'dangling':
        if (!this.refMatches(s, eLog, eLsn)) return false;
        this.setRef(out, nLog, nLsn + 1);
        return true;
      case 'blind':
        this.setRef(out, nLog, nLsn);
        return true;
      case 'zombie':
        if (!this.refMatches(s, eLog, eLsn)) return false;
        this.setRef(out, nLog, nLsn);
        return false;
    }
  }

  /** Writes commit `c` at `(log, lsn)`, padding with holes. */
  private write(out: Uint8Array, log: number, lsn: number, c: number): void {
    const o = this.logOff(log);
    const idx = lsn - out[o + 2] - 1;
    if (idx >= this.layout.entries) throw new Error(`fast engine: log ${log} overflows ${this.layout.entries} entries`);
    if (idx >= out[o + 3]) out[o + 3] = idx + 1;
    out[o + 4 + idx] = c;
    this.touched = log;
  }

  private fail(p: number): StepInfo {
    this.info.violated = p;
    this.info.advisoryG7 = false;
    return this.info;
  }
}
