/**
 * Between the reference model's `GroveState` and the packed vectors of `layout.ts`.
 *
 * `decode(encode(s))` has the same reference fingerprint as `s` for every state of a program-driven
 * Grove model, and `encode` is injective on them: that is what makes the packed search count the
 * same states as the reference one (tested in `kernel.test.ts`).
 */
import { logName } from '../protocol.ts';
import type { GroveState, Intent, Log, ProgramActor } from '../state.ts';
import { ACKED, CRASHES, FAILED, FAULT_STRIDE, INTENT_NAMES, LOST, PC_NAMES, REF_LOG, REF_LSN, type Layout } from './layout.ts';

/** Log number of a log name (`a` → 0, `b` → 1, `l26` → 26). */
export function logNumber(name: string): number {
  if (/^[a-z]$/.test(name)) return name.charCodeAt(0) - 97;
  const m = /^l(\d+)$/.exec(name);
  if (m === null) throw new Error(`not a program log name: '${name}'`);
  return Number(m[1]);
}

/** Commit number (1-based) of `ACTOR.N` for `ops` ops per actor. */
export function commitNumber(name: string, ops: number): number {
  const m = /^(\d+)\.(\d+)$/.exec(name);
  if (m === null || m[1] === '0') throw new Error(`not a program commit: '${name}'`);
  return 1 + (Number(m[1]) - 1) * ops + (Number(m[2]) - 1);
}

/** `ACTOR.N` of commit number `c`. */
export function commitName(c: number, ops: number): string {
  return `${Math.floor((c - 1) / ops) + 1}.${((c - 1) % ops) + 1}`;
}

function mask(names: readonly string[], ops: number): number {
  let m = 0;
  for (const n of names) m |= 1 << (commitNumber(n, ops) - 1);
  return m >>> 0;
}

function names(m: number, ops: number): string[] {
  const out: string[] = [];
  for (let c = 1; c <= 30; c++) if (m & (1 << (c - 1))) out.push(commitName(c, ops));
  return out.sort();
}

/** Packs a program-driven Grove state. Throws if it does not fit the layout. */
export function encode(L: Layout, s: GroveState): Uint8Array {
  const out = new Uint8Array(L.bytes);
  const ops = L.ops;
  const ref = s.remote.refs.main;
  out[REF_LOG] = logNumber(ref.log);
  out[REF_LSN] = ref.lsn;
  const dv = new DataView(out.buffer);
  dv.setUint32(ACKED, mask(s.acked, ops), true);
  dv.setUint32(FAILED, mask(s.failed, ops), true);
  s.actors.forEach((a, i) => {
    if (a.kind !== 'program') throw new Error('only program-driven actors can be packed');
    const o = L.actor0 + 4 * i;
    const pc = (PC_NAMES as readonly string[]).indexOf(a.pc);
    if (pc < 0 || (L.fault0 < 0 && (a.at !== undefined || a.intent !== undefined))) throw new Error(`actor ${a.id}: pc '${a.pc}' (or a fault field) cannot be packed`);
    out[o] = pc;
    out[o + 1] = a.k;
    out[o + 2] = logNumber(a.pos.log);
    out[o + 3] = a.pos.lsn;
    if (L.fault0 < 0) return;
    const f = L.fault0 + FAULT_STRIDE * i;
    if (a.at === 0) throw new Error(`actor ${a.id}: an append at LSN 0 cannot be packed`);
    out[f] = a.at ?? 0;
    if (a.intent !== undefined) {
      out[f + 1] = (INTENT_NAMES as readonly string[]).indexOf(a.intent.kind);
      out[f + 2] = logNumber(a.intent.pos.log);
      out[f + 3] = a.intent.pos.lsn;
      out[f + 4] = a.intent.at;
    }
  });
  if (L.fault0 >= 0) {
    out[LOST] = s.faults?.lost ?? 0;
    out[CRASHES] = s.faults?.crashes ?? 0;
  }
  for (const [name, log] of Object.entries(s.remote.logs)) {
    const l = logNumber(name);
    const o = L.log0 + l * L.logStride;
    out[o] = 1;
    out[o + 1] = log.base === null ? 0 : logNumber(log.base.log);
    out[o + 2] = log.base === null ? 0 : log.base.lsn;
    out[o + 3] = log.entries.length;
    if (log.entries.length > L.entries) throw new Error(`log ${name} has more entries than the layout holds`);
    log.entries.forEach((c, j) => (out[o + 4 + j] = c === null ? 0 : commitNumber(c, ops)));
  }
  return out;
}

/** Unpacks a state into the reference model's representation. */
export function decode(L: Layout, b: Uint8Array): GroveState {
  const ops = L.ops;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const logs: Record<string, Log> = {};
  for (let l = 0; l < L.logs; l++) {
    const o = L.log0 + l * L.logStride;
    if (b[o] === 0) continue;
    const entries: (string | null)[] = [];
    for (let j = 0; j < b[o + 3]; j++) entries.push(b[o + 4 + j] === 0 ? null : commitName(b[o + 4 + j], ops));
    logs[logName(l)] = { base: l === 0 ? null : { log: logName(b[o + 1]), lsn: b[o + 2] }, entries };
  }
  const actors: ProgramActor[] = [];
  for (let i = 0; i < L.actors; i++) {
    const o = L.actor0 + 4 * i;
    const a: ProgramActor = { kind: 'program', id: String(i + 1), k: b[o + 1], pc: PC_NAMES[b[o]], pos: { log: logName(b[o + 2]), lsn: b[o + 3] } };
    if (L.fault0 < 0) {
      actors.push(a);
      continue;
    }
    const f = L.fault0 + FAULT_STRIDE * i;
    const intent: Intent | undefined = b[f + 1] === 0 ? undefined : { kind: INTENT_NAMES[b[f + 1]] as Intent['kind'], pos: { log: logName(b[f + 2]), lsn: b[f + 3] }, at: b[f + 4] };
    actors.push({ ...a, ...(b[f] !== 0 ? { at: b[f] } : {}), ...(intent ? { intent } : {}) });
  }
  return {
    remote: { logs, refs: { main: { log: logName(b[REF_LOG]), lsn: b[REF_LSN] } } },
    actors,
    acked: names(dv.getUint32(ACKED, true), ops),
    failed: names(dv.getUint32(FAILED, true), ops),
    ...(L.fault0 >= 0 ? { faults: { lost: b[LOST], crashes: b[CRASHES] } } : {}),
  };
}
