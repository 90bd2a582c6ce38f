/**
 * Memo's picture (seed 001): epochs per replica. For each replica its active epoch, the epochs it has
 * seen with their Lamport timestamps, its clock and the ops in its work tree; the messages still in
 * flight (not yet delivered to a replica, with how many copies may still arrive); and the witnesses
 * M1/M2 look for, marked: divergence once nothing is in flight, and a replica keeping an epoch after
 * seeing one created later.
 *
 *     r1  active e1.1 (ts 1)  seen e0(0) e1.1(1) e2.1(1)  clock 1
 *     in flight: e1.1 → r2 (×2)
 *
 * The DOT graph has one record node per replica (its active epoch), in-flight messages as dashed edges.
 */
import { quiescent } from '../../model/memo/properties.ts';
import { replicaName, type MemoState } from '../../model/memo/state.ts';
import { q } from '../render/dot.ts';
import { dotAscii, pad, recordLabel, type ModelInfo, type ModelPicture } from './types.ts';

/** An epoch as a replica shows it. */
export interface EpochMark {
  readonly id: string;
  /** Lamport timestamp at creation. */
  readonly ts: number;
}

/** One replica. */
export interface MemoReplicaPicture {
  /** `r1`, `r2`, … */
  readonly name: string;
  readonly clock: number;
  readonly active: EpochMark;
  /** Epochs seen, sorted by id. */
  readonly seen: readonly EpochMark[];
  /** Op ids applied in the active epoch. */
  readonly tree: readonly string[];
  /** An epoch this replica has seen that was created after its active one (M2's witness), or null. */
  readonly staleFor: string | null;
}

/** A message not yet delivered to one replica. */
export interface InFlight {
  /** The epoch (`e1.1`) or op (`o1.1`) id. */
  readonly id: string;
  readonly kind: 'epoch' | 'op';
  readonly from: string;
  readonly to: string;
  /** For an op: the epoch it is tagged with. */
  readonly epoch: string;
  /** Copies that may still arrive (1 + dups). */
  readonly copies: number;
}

/** The whole picture of a Memo state. JSON-serialisable. */
export interface MemoPicture {
  readonly replicas: readonly MemoReplicaPicture[];
  /** Undelivered messages, by id then destination. */
  readonly inFlight: readonly InFlight[];
  /** True when every message reached every replica at least once. */
  readonly quiescent: boolean;
  /** Nothing in flight, yet the active epochs differ (M1's witness). */
  readonly diverged: boolean;
}

/** The picture data of a Memo state. Pure. */
export function memoPicture(s: MemoState): MemoPicture {
  const mark = (id: string): EpochMark => ({ id, ts: s.epochs[id]?.ts ?? 0 });
  const replicas = s.replicas.map((r, i): MemoReplicaPicture => ({
    name: replicaName(i),
    clock: r.clock,
    active: mark(r.active),
    seen: r.seen.map(mark),
    tree: [...r.tree],
    staleFor: r.seen.find((id) => id !== r.active && (s.epochs[id]?.after ?? []).includes(r.active)) ?? null,
  }));
  const inFlight: InFlight[] = [];
  for (const m of s.msgs) {
    const max = m.delivered[m.from];
    m.delivered.forEach((n, to) => {
      if (to === m.from || n > 0) return;
      inFlight.push({ id: m.id, kind: m.kind, from: replicaName(m.from), to: replicaName(to), epoch: m.epoch, copies: max - n });
    });
  }
  const q0 = quiescent(s);
  return { replicas, inFlight, quiescent: q0, diverged: q0 && new Set(s.replicas.map((r) => r.active)).size > 1 };
}

const epochText = (e: EpochMark) => `${e.id}(${e.ts})`;

/** One in-flight message as text: `e1.1 → r2 (×2)`. */
export function inFlightText(m: InFlight): string {
  return `${m.id} → ${m.to}${m.copies > 1 ? ` (×${m.copies})` : ''}`;
}

/** The picture as text lines. Pure; no trailing newline. */
export function memoAscii(p: MemoPicture): string {
  const cols = p.replicas.map((r) => [r.name, `active ${r.active.id} (ts ${r.active.ts})`, `seen ${r.seen.map(epochText).join(' ')}`, `clock ${r.clock}`]);
  const widths = [0, 1, 2].map((c) => Math.max(0, ...cols.map((x) => [...x[c]].length)));
  const lines = p.replicas.map((r, i) => {
    const tail = [r.tree.length > 0 ? `ops ${r.tree.join(' ')}` : '', r.staleFor !== null ? `✗ keeps ${r.active.id} after seeing ${r.staleFor}` : ''].filter(Boolean);
    return [...cols[i].slice(0, 3).map((t, c) => pad(t, widths[c])), cols[i][3], ...tail].join('  ').trimEnd();
  });
  lines.push(`in flight: ${p.inFlight.length === 0 ? 'none' : p.inFlight.map(inFlightText).join(', ')}`);
  if (p.diverged) lines.push(`✗ diverged with nothing in flight: ${p.replicas.map((r) => `${r.name}=${r.active.id}`).join(', ')}`);
  return lines.join('\n');
}

const PALETTE = ['#ddebf7', '#e2f0d9', '#fff2cc', '#fce4d6', '#ede7f6', '#e0f7fa'];

/** The picture as DOT: replicas as record nodes (filled by active epoch), in-flight messages as dashed edges. Pure. */
export function memoDot(p: MemoPicture, name = 'memo'): string {
  const epochs = [...new Set(p.replicas.map((r) => r.active.id))].sort();
  const lines = [
    `digraph ${q(name)} {`,
    '  rankdir=LR; nodesep=0.5; ranksep=1.2; bgcolor="white";',
    '  node [shape=record, style=filled, fontname="Helvetica", fontsize=11];',
  ];
  for (const r of p.replicas) {
    const bad = p.diverged || r.staleFor !== null;
    const fields = [`${r.name}`, `active ${r.active.id} (ts ${r.active.ts})`, `seen ${r.seen.map(epochText).join(' ')}`, `clock ${r.clock}${r.tree.length > 0 ? ` · ops ${r.tree.join(' ')}` : ''}`];
    if (r.staleFor !== null) fields.push(`✗ saw later ${r.staleFor}`);
    const fill = PALETTE[epochs.indexOf(r.active.id) % PALETTE.length];
    lines.push(`  ${q(r.name)} [label=${recordLabel(fields)}, fillcolor=${q(fill)}, color=${q(bad ? '#c00000' : '#333333')}, penwidth=${bad ? 2.5 : 1}, class=${q(`replica${bad ? ' bad' : ''}`)}];`);
  }
  for (const m of p.inFlight) {
    const label = `${m.kind === 'op' ? `${m.id} (${m.epoch})` : m.id}${m.copies > 1 ? ` ×${m.copies}` : ''}`;
    lines.push(`  ${q(m.from)} -> ${q(m.to)} [style=dashed, color=${q(m.kind === 'epoch' ? '#1f4e79' : '#777777')}, label=${q(label)}, fontsize=10, class=${q(`msg ${m.kind}`)}];`);
  }
  if (p.diverged) lines.push(`  label=${q(`diverged: ${p.replicas.map((r) => `${r.name}=${r.active.id}`).join(', ')}`)}; fontcolor="#c00000"; labelloc=b;`);
  lines.push('}');
  return dotAscii(lines.join('\n') + '\n');
}

/** What changed: replicas that switched epoch or saw one, messages sent or delivered. Pure. */
export function memoChanges(a: MemoPicture, b: MemoPicture): string[] {
  const out: string[] = [];
  b.replicas.forEach((r, i) => {
    const was = a.replicas[i];
    if (was === undefined) return;
    if (was.active.id !== r.active.id) out.push(`${r.name} active ${r.active.id}`);
    else if (was.seen.length !== r.seen.length) out.push(`${r.name} saw ${r.seen.filter((e) => !was.seen.some((x) => x.id === e.id)).map((e) => e.id).join(' ')}`);
    if (was.tree.length < r.tree.length) out.push(`${r.name} ops ${r.tree.join(' ')}`);
  });
  const key = (m: InFlight) => `${m.id}>${m.to}`;
  const before = new Set(a.inFlight.map(key));
  const sent = [...new Set(b.inFlight.filter((m) => !before.has(key(m))).map((m) => m.id))];
  if (sent.length > 0) out.push(`sent ${sent.join(' ')}`);
  if (b.diverged && !a.diverged) out.push('diverged');
  return out;
}

/** Memo's picture for the registry. */
export const memoPictures: ModelPicture<MemoState, MemoPicture> = {
  model: 'memo',
  title: 'Epochs per replica',
  legend: [
    { label: 'replica (filled by its active epoch)', fill: '#ddebf7', color: '#333333' },
    { label: 'diverged, or keeps an older epoch', fill: '#ffffff', color: '#c00000' },
    { label: 'dashed edge: message in flight', fill: '#ffffff', color: '#1f4e79' },
  ],
  data: (s: MemoState, _model: ModelInfo) => memoPicture(s),
  ascii: memoAscii,
  dot: memoDot,
  changes: memoChanges,
};
