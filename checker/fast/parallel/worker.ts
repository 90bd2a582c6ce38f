/**
 * One worker thread of the parallel fast engine (see the essay in `parallel.ts`).
 *
 * It builds its own compiled kernel (and symmetry / partial-order reduction) from the plain data the
 * coordinator sends, then serves two requests per BFS level on its message port:
 * - `expand`: expand frontier entries `[from, to)` (read from shared memory), claim every successor's
 *   fingerprint in the shared table and keep the new ones as candidates (packed vector, slot, key);
 *   stop at the first violation of its range, or when another worker found a smaller one.
 * - `filter`: keep the candidates this worker owns (the slot's owner key is the candidate's key)
 *   and send them back in key order, or, after a violation, only count those before it.
 * After each reply it bumps the shared `DONE` counter and wakes the coordinator, which blocks in
 * `Atomics.wait` (the search is synchronous) and reads replies with `receiveMessageOnPort`.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { hashWords, lanes } from '../fingerprints.ts';
import type { PackedKernel, PackedPartialOrder, PackedSymmetry } from '../../../model/core/capabilities.ts';
import { ABORT, BEST, DONE, READY, type ExpandReply, type ExpandRequest, type FilterReply, type FilterRequest, type WorkerInit } from './protocol.ts';
import { FULL, LOST, OLD, SharedTable } from './shared-table.ts';

const init = workerData as WorkerInit;
const port: MessagePort = init.port;
const ctrl = new Int32Array(init.ctrl);
const ctrlU = new Uint32Array(init.ctrl);
/** The model's worker module (its `PackedCapability.worker`): how this thread rebuilds the kernel. */
interface KernelModule {
  kernelFromInit(data: unknown): PackedKernel;
  symmetryOf(K: PackedKernel): PackedSymmetry;
  partialOrderOf(K: PackedKernel): PackedPartialOrder<Record<string, number>>;
}
const kernels = (await import(init.module)) as KernelModule;
const K = kernels.kernelFromInit(init.kernel);
K.strict = init.strict;
const L = K.layout;
const A = K.maxActions;
const sym = init.symmetry ? kernels.symmetryOf(K) : null;
const por = init.por ? kernels.partialOrderOf(K) : null;

// Candidates of the current level: vectors (written straight into this level's output buffer), slots
// and keys, in generation (key) order. Output buffers alternate between even and odd levels: the
// other one is the frontier every worker is reading.
const outs: (SharedArrayBuffer | null)[] = [null, null];
let parity = 0;
let cStates: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
let cSlots = new Int32Array(1 << 12);
let cKeys = new Uint32Array(1 << 12);
let cCount = 0;

function pushCandidate(v: Uint8Array, slot: number, key: number): void {
  if (cCount === cSlots.length) {
    const n = cSlots.length * 2;
    const s = new Int32Array(n);
    s.set(cSlots);
    cSlots = s;
    const k = new Uint32Array(n);
    k.set(cKeys);
    cKeys = k;
  }
  if ((cCount + 1) * L.bytes > cStates.length) {
    const grown = new SharedArrayBuffer(Math.max(cStates.length * 4, 1 << 24, (cCount + 1) * L.bytes));
    const b = new Uint8Array(grown);
    b.set(cStates.subarray(0, cCount * L.bytes));
    cStates = b;
    outs[parity] = grown;
  }
  cStates.set(v, cCount * L.bytes);
  cSlots[cCount] = slot;
  cKeys[cCount] = key;
  cCount++;
}

function expand(r: ExpandRequest): ExpandReply {
  const table = new SharedTable(r.table);
  const chunks = r.frontier.map((c) => new Uint8Array(c.buffer, 0, c.count * L.bytes));
  parity = r.level & 1;
  const own = outs[parity];
  cStates = own === null ? new Uint8Array(0) : new Uint8Array(own);
  let chunk = 0;
  let chunkStart = 0; // frontier index of the first entry of `chunk`
  K.checkG7 = r.checkG7;
  cCount = 0;
  const out = new Uint8Array(L.bytes);
  const outW = new Uint32Array(out.buffer);
  const canon = new Uint8Array(L.bytes);
  const canonW = new Uint32Array(canon.buffer);
  const en = new Int32Array(A);
  let budget = r.claimBudget;
  const claimed = (): boolean => {
    if (--budget >= 0) return true;
    Atomics.store(ctrl, ABORT, 1);
    return false;
  };
  const symBefore = sym?.candidates ?? 0;
  const porBefore = por ? { ...por.counts } : null;
  let transitions = 0;
  let violation: { key: number; property: number } | null = null;
  let advisory = -1;
  let aborted = false;
  outer: for (let q = r.from; q < r.to; q++) {
    if ((q & 63) === 0) {
      if (Atomics.load(ctrl, ABORT) !== 0) {
        aborted = true;
        break;
      }
      if (q * A > Atomics.load(ctrlU, BEST)) break; // a smaller violation exists: nothing here counts
    }
    while (q - chunkStart >= chunks[chunk].length / L.bytes) chunkStart += chunks[chunk++].length / L.bytes;
    const j = q - chunkStart;
    const s = chunks[chunk].subarray(j * L.bytes, (j + 1) * L.bytes);
    const n = K.enabled(s, en);
    // One ample action when the partial-order reduction offers one, all of them otherwise.
    const ample = por === null ? -1 : por.ample(s, en, n);
    const from = ample >= 0 ? ample : 0;
    const to = ample >= 0 ? ample + 1 : n;
    for (let x = from; x < to; x++) {
      const info = K.step(s, en[x], out);
      transitions++;
      const key = q * A + x;
      if (info.violated !== 0) {
        violation = { key, property: info.violated };
        for (;;) {
          const cur = Atomics.load(ctrlU, BEST);
          if (key >= cur || Atomics.compareExchange(ctrlU, BEST, cur, key) === cur) break;
        }
        break outer;
      }
      if (info.advisoryG7 && advisory < 0) {
        advisory = key;
        K.checkG7 = false;
      }
      let v = out;
      let w = outW;
      if (sym !== null) {
        sym.canonical(out, canon);
        v = canon;
        w = canonW;
      }
      hashWords(w, 0, L.words);
      const slot = table.claim(lanes[0], lanes[1], r.level, key, claimed);
      if (slot === OLD || slot === LOST) continue;
      if (slot === FULL) {
        aborted = true;
        break outer;
      }
      pushCandidate(v, slot, key);
    }
  }
  let porCounts: Record<string, number> | undefined;
  if (por !== null && porBefore !== null) {
    porCounts = {};
    for (const [k, c] of Object.entries(por.counts)) porCounts[k] = c - (porBefore as Record<string, number>)[k];
  }
  return { kind: 'expand', transitions, violation, advisory, aborted, symmetryCandidates: (sym?.candidates ?? 0) - symBefore, porCounts };
}

function filter(r: FilterRequest): FilterReply {
  const table = new SharedTable(r.table);
  if (r.before >= 0) {
    let count = 0;
    for (let j = 0; j < cCount; j++) if (cKeys[j] < r.before && table.owner(cSlots[j]) === cKeys[j]) count++;
    cCount = 0;
    return { kind: 'filter', count, states: null, keys: null };
  }
  // One pass over the table (random reads), remembering ownership in place of the slot.
  let kept = 0;
  for (let j = 0; j < cCount; j++) {
    const own = table.owner(cSlots[j]) === cKeys[j];
    cSlots[j] = own ? 1 : 0;
    if (own) kept++;
  }
  const keys = new Uint32Array(kept);
  // Compact in place (an owned candidate only ever moves towards the front).
  let k = 0;
  for (let j = 0; j < cCount; j++) {
    if (cSlots[j] === 0) continue;
    if (j !== k) cStates.copyWithin(k * L.bytes, j * L.bytes, (j + 1) * L.bytes);
    keys[k++] = cKeys[j];
  }
  cCount = 0;
  return { kind: 'filter', count: kept, states: kept > 0 ? (outs[parity] as SharedArrayBuffer) : null, keys };
}

port.on('message', (r: ExpandRequest | FilterRequest) => {
  try {
    const reply = r.kind === 'expand' ? expand(r) : filter(r);
    port.postMessage(reply, reply.kind === 'filter' && reply.keys !== null ? [reply.keys.buffer as ArrayBuffer] : []);
  } catch (e) {
    port.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  Atomics.add(ctrl, DONE, 1);
  Atomics.notify(ctrl, DONE);
});
Atomics.add(ctrl, READY, 1);
Atomics.notify(ctrl, READY);
