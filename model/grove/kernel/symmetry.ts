/**
 * Symmetry reduction over interchangeable actors: one representative per orbit.
 *
 * Actors of a Grove configuration run the same program, and nothing in the protocol looks at an
 * actor's number except to name what it makes: actor i's k-th commit is `${i+1}.${k+1}` (number
 * 1 + i*ops + k) and its k-th force push creates log `logName(1 + i*ops + k)`. A permutation π of the
 * actors therefore acts on a state by moving actor i's record to slot π(i) **and** renaming every
 * commit and log it made, wherever they occur (log entries, branch points, the ref, positions, the
 * acked and failed sets). Sorting actor records alone would not be a symmetry: it would pair an
 * actor with another actor's commits. `kernel.test.ts` checks that every transition commutes with
 * this renaming, byte for byte on packed states and fingerprint for fingerprint on the reference
 * model.
 *
 * The representative is exact (equal for all states of an orbit, different for different orbits):
 * each actor gets a signature computed only from renaming-invariant facts (its pc, op, position
 * relative to itself, where its commits sit, its logs' shapes); actors are sorted by signature;
 * among actors with equal signatures every order is tried and the smallest renamed vector wins.
 * Since the signature multiset is the same for the whole orbit, so is the set of candidates, hence
 * so is the minimum. Actors that have done nothing yet are identical after renaming, so their order
 * is not enumerated.
 *
 * With faults the renaming stays a symmetry: fault budgets are global counts (which actor spent them
 * does not matter to what may happen next), and an actor's fault record (`at`, its durable intent)
 * moves with the actor, its intent's log renamed like any other. Two things change: the fault record
 * enters the signature, and no actor counts as having done nothing (one that crashed and restarted
 * into its first op may have written its commit already), so every tie is enumerated.
 */
import { ACKED, CRASHES, FAILED, FAULT_STRIDE, LOST, PC, REF_LOG, REF_LSN } from './layout.ts';
import type { GroveKernel } from './kernel.ts';

function mix(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Canonicalizer for one kernel's layout. Holds scratch buffers: not re-entrant. */
export class Symmetry {
  private readonly n: number;
  private readonly ops: number;
  private readonly sig: Int32Array;
  private readonly order: Int32Array;
  private readonly perm: Int32Array;
  private readonly mapC: Uint8Array;
  private readonly tmp: Uint8Array;
  private readonly tmpW: Uint32Array;
  private readonly best: Uint8Array;
  private readonly bestW: Uint32Array;
  private hasBest = false;
  /** Renamed vectors compared, over all calls (the cost of enumerating ties). */
  candidates = 0;

  constructor(private readonly K: GroveKernel) {
    const L = K.layout;
    this.n = L.actors;
    this.ops = L.ops;
    this.sig = new Int32Array(this.n);
    this.order = new Int32Array(this.n);
    this.perm = new Int32Array(this.n);
    this.mapC = new Uint8Array(L.logs);
    this.tmp = new Uint8Array(L.bytes);
    this.tmpW = new Uint32Array(this.tmp.buffer);
    this.best = new Uint8Array(L.bytes);
    this.bestW = new Uint32Array(this.best.buffer);
  }

  /** Class of log/commit number `x` as seen from actor `i`: 0 root/none, 1+k own, 64+k another's. */
  private cls(x: number, i: number): number {
    if (x === 0) return 0;
    const owner = ((x - 1) / this.ops) | 0;
    const k = (x - 1) % this.ops;
    return owner === i ? 1 + k : 64 + k;
  }

  private untouched(s: Uint8Array, i: number): boolean {
    if (this.K.layout.fault0 >= 0) return false;
    const o = this.K.layout.actor0 + 4 * i;
    return s[o] === PC.read && s[o + 1] === 0;
  }

  /** Renaming-invariant signature of every actor of `s`. */
  private signatures(s: Uint8Array): void {
    const L = this.K.layout;
    const ops = this.ops;
    const sig = this.sig;
    const acked = this.K.acked(s);
    const failed = this.K.failed(s);
    for (let i = 0; i < this.n; i++) {
      if (this.untouched(s, i)) {
        sig[i] = 0;
        continue;
      }
      const o = L.actor0 + 4 * i;
      let h = 0x12345;
      h = mix(h, s[o] | (s[o + 1] << 8) | (s[o + 3] << 16));
      h = mix(h, this.cls(s[o + 2], i));
      h = mix(h, this.cls(s[REF_LOG], i) | (s[REF_LSN] << 8));
      const own = (1 << ops) - 1;
      h = mix(h, ((acked >>> (i * ops)) & own) | (((failed >>> (i * ops)) & own) << 16));
      if (L.fault0 >= 0) {
        const f = L.fault0 + FAULT_STRIDE * i;
        h = mix(h, s[f] | (s[f + 1] << 8) | (s[f + 3] << 16) | (s[f + 4] << 24));
        h = mix(h, this.cls(s[f + 2], i));
      }
      for (let k = 0; k < ops; k++) {
        const lo = this.K.logOff(1 + i * ops + k);
        if (s[lo] === 0) {
          h = mix(h, 0xdead);
          continue;
        }
        h = mix(h, this.cls(s[lo + 1], i) | (s[lo + 2] << 8) | (s[lo + 3] << 16));
        for (let j = 0; j < s[lo + 3]; j++) h = mix(h, this.cls(s[lo + 4 + j], i));
      }
      sig[i] = h === 0 ? 1 : h;
    }
    // Where each actor's commits sit in logs it does not own: an order-free (summed) contribution.
    for (let l = 0; l < L.logs; l++) {
      const lo = this.K.logOff(l);
      if (s[lo] === 0) continue;
      for (let j = 0; j < s[lo + 3]; j++) {
        const e = s[lo + 4 + j];
        if (e === 0) continue;
        const owner = ((e - 1) / ops) | 0;
        if (sig[owner] === 0) continue;
        const c = this.cls(l, owner);
        if (c > 0 && c < 64) continue;
        sig[owner] = (sig[owner] + mix(mix(0x777, c), (j + s[lo + 2]) | (((e - 1) % ops) << 8))) | 0;
        if (sig[owner] === 0) sig[owner] = 1;
      }
    }
  }

  /** Writes `s` renamed by `perm` (old actor → new actor) into `out`. */
  rename(s: Uint8Array, perm: Int32Array, out: Uint8Array): void {
    const L = this.K.layout;
    const ops = this.ops;
    const mapC = this.mapC;
    mapC[0] = 0;
    for (let i = 0; i < this.n; i++) for (let k = 0; k < ops; k++) mapC[1 + i * ops + k] = 1 + perm[i] * ops + k;
    out.fill(0, 0, L.actor0);
    out[REF_LOG] = mapC[s[REF_LOG]];
    out[REF_LSN] = s[REF_LSN];
    out[LOST] = s[LOST];
    out[CRASHES] = s[CRASHES];
    const acked = this.K.acked(s);
    const failed = this.K.failed(s);
    let a = 0;
    let f = 0;
    for (let c = 1; c < L.logs; c++) {
      const b = 1 << (c - 1);
      const nb = 1 << (mapC[c] - 1);
      if (acked & b) a |= nb;
      if (failed & b) f |= nb;
    }
    out[ACKED] = a & 255;
    out[ACKED + 1] = (a >>> 8) & 255;
    out[ACKED + 2] = (a >>> 16) & 255;
    out[ACKED + 3] = (a >>> 24) & 255;
    out[FAILED] = f & 255;
    out[FAILED + 1] = (f >>> 8) & 255;
    out[FAILED + 2] = (f >>> 16) & 255;
    out[FAILED + 3] = (f >>> 24) & 255;
    for (let i = 0; i < this.n; i++) {
      const o = L.actor0 + 4 * i;
      const d = L.actor0 + 4 * perm[i];
      out[d] = s[o];
      out[d + 1] = s[o + 1];
      out[d + 2] = mapC[s[o + 2]];
      out[d + 3] = s[o + 3];
    }
    const stride = L.logStride;
    for (let l = 0; l < L.logs; l++) {
      const o = L.log0 + l * stride;
      const d = L.log0 + mapC[l] * stride;
      out[d] = s[o];
      out[d + 1] = mapC[s[o + 1]];
      out[d + 2] = s[o + 2];
      out[d + 3] = s[o + 3];
      for (let j = 4; j < stride; j++) out[d + j] = mapC[s[o + j]];
    }
    for (let j = L.log0 + L.logs * stride; j < L.bytes; j++) out[j] = 0;
    if (L.fault0 >= 0) {
      for (let i = 0; i < this.n; i++) {
        const o = L.fault0 + FAULT_STRIDE * i;
        const d = L.fault0 + FAULT_STRIDE * perm[i];
        out[d] = s[o];
        out[d + 1] = s[o + 1];
        out[d + 2] = mapC[s[o + 2]];
        out[d + 3] = s[o + 3];
        out[d + 4] = s[o + 4];
      }
    }
  }

  /** Writes the orbit's representative of `s` into `out` (which may not alias `s`). */
  canonical(s: Uint8Array, out: Uint8Array): void {
    this.signatures(s);
    const n = this.n;
    const order = this.order;
    const sig = this.sig;
    for (let i = 0; i < n; i++) order[i] = i;
    // Insertion sort by signature (n ≤ 30, usually ≤ 5); untouched actors (signature 0) sort first.
    for (let i = 1; i < n; i++) {
      const x = order[i];
      let j = i - 1;
      while (j >= 0 && sig[order[j]] > sig[x]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = x;
    }
    this.hasBest = false;
    this.enumerate(s, 0);
    out.set(this.best);
  }

  /** Tries every order of each run of equal non-zero signatures, from position `from` on. */
  private enumerate(s: Uint8Array, from: number): void {
    const n = this.n;
    const order = this.order;
    const sig = this.sig;
    let a = from;
    while (a < n) {
      let b = a + 1;
      while (b < n && sig[order[b]] === sig[order[a]]) b++;
      if (b - a > 1 && sig[order[a]] !== 0) {
        this.permuteRun(s, a, b, a);
        return;
      }
      a = b;
    }
    this.consider(s);
  }

  /** Heap-free recursive permutation of `order[a..b)`, continuing with the runs after `b`. */
  private permuteRun(s: Uint8Array, a: number, b: number, at: number): void {
    const order = this.order;
    if (at === b - 1) {
      this.enumerate(s, b);
      return;
    }
    for (let j = at; j < b; j++) {
      let t = order[at];
      order[at] = order[j];
      order[j] = t;
      this.permuteRun(s, a, b, at + 1);
      t = order[at];
      order[at] = order[j];
      order[j] = t;
    }
  }

  private consider(s: Uint8Array): void {
    const perm = this.perm;
    for (let p = 0; p < this.n; p++) perm[this.order[p]] = p;
    this.candidates++;
    if (!this.hasBest) {
      this.rename(s, perm, this.best);
      this.hasBest = true;
      return;
    }
    this.rename(s, perm, this.tmp);
    const t = this.tmpW;
    const b = this.bestW;
    for (let w = 0; w < t.length; w++) {
      if (t[w] !== b[w]) {
        if (t[w] < b[w]) this.best.set(this.tmp);
        return;
      }
    }
  }
}
