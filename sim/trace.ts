/**
 * What a run did, as data: one entry per thing that happened (sends included, for the diagram), the
 * `Actor Op Result` rows they print as, and the replay token that re-runs a shrunk case exactly.
 */
import type { Row } from '../scenarios/notation/types.ts';
import { printRow } from '../scenarios/notation/print.ts';
import type { FaultKind } from './faults.ts';

/** One thing that happened in a run. `step` is the index of the choice that led to it. */
export interface TraceEntry {
  step: number;
  time: number;
  kind: 'invoke' | 'complete' | 'send' | 'deliver' | 'drop' | 'fault' | 'crash' | 'restart' | 'timer' | 'flush' | 'heal';
  actor: string;
  /** The other end of a message. */
  peer?: string;
  /** The message id, joining a send to its delivery or drop. */
  msg?: number;
  fault?: FaultKind;
  text: string;
  row?: Row;
}

/** Makes a string safe as an op argument of the notation (no spaces, commas, brackets). */
export function arg(text: string): string {
  const s = text.replace(/[\s,<>()]+/g, '_').slice(0, 48);
  return s === '' ? '_' : s;
}

/** A one-line result message (no line breaks). */
export function line(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** The default label of a message: a string as is, `type;key=value` of an object's scalar fields, else compact JSON. */
export function describeMessage(m: unknown): string {
  if (typeof m === 'string') return arg(m);
  if (m !== null && typeof m === 'object' && !Array.isArray(m)) {
    const o = m as Record<string, unknown>;
    const parts: string[] = typeof o.type === 'string' ? [o.type] : [];
    for (const [k, v] of Object.entries(o)) {
      if (k === 'type') continue;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') parts.push(`${k}=${v}`);
      else if (Array.isArray(v)) parts.push(`${k}=[${v.length}]`);
    }
    return arg(parts.join(';'));
  }
  return arg(JSON.stringify(m) ?? String(m));
}

/** The rows of a trace, printed one per line. */
export function printTrace(entries: readonly TraceEntry[]): string {
  return entries
    .filter((e) => e.row !== undefined)
    .map((e) => printRow(e.row as Row))
    .join('\n');
}

/** What re-runs one case: which generated ops are kept, and the choice at every step. */
export interface Replay {
  keep: boolean[];
  path: number[];
}

/** `1101:0.0.2.0*5.1`: the kept-op bits, then the path with runs of zeros written `0*N`. */
export function encodeReplay(r: Replay): string {
  const bits = r.keep.map((k) => (k ? '1' : '0')).join('');
  const items: string[] = [];
  for (let i = 0; i < r.path.length; ) {
    if (r.path[i] === 0) {
      let j = i;
      while (j < r.path.length && r.path[j] === 0) j++;
      items.push(j - i === 1 ? '0' : `0*${j - i}`);
      i = j;
    } else items.push(String(r.path[i++]));
  }
  return `${bits}:${items.join('.')}`;
}

/** Reads a token written by {@link encodeReplay}; throws an Error naming what is wrong. */
export function decodeReplay(token: string): Replay {
  const m = /^([01]*):((?:\d+(?:\*\d+)?)(?:\.\d+(?:\*\d+)?)*)?$/.exec(token.trim());
  if (m === null) throw new Error(`bad replay token '${token}' (expected BITS:PATH, e.g. 101:0.2.0*3)`);
  const keep = [...m[1]].map((c) => c === '1');
  const path: number[] = [];
  for (const item of (m[2] ?? '').split('.').filter((s) => s !== '')) {
    const [v, n] = item.split('*');
    for (let i = 0; i < (n === undefined ? 1 : Number(n)); i++) path.push(Number(v));
  }
  return { keep, path };
}
