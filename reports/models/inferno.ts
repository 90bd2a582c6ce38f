/**
 * The Inferno picture (seed 004): the store's files as the seed draws them, and what is wrong with
 * them against the sequential spec (the ghost links `o -> p` recorded at each store's commit point).
 *
 *     /vc_store/
 *     ├── o1
 *     ├── o2
 *     ├── heads
 *     │   └── o3: o2        ✗ lost o1
 *     └── to_head
 *         └── o1 → o2       ✗ head is o3
 *
 * Object files, `heads/` (each head file with its contents, oldest first) and `to_head/` (each pointer
 * with its target); for option 1 (`cas`) each object's `hist_id` and the in-memory `hist_to_head`
 * map. A head file of a true head that does not hold the true history is marked with what it lost;
 * a lookup that does not reach the true head is marked wrong. The DOT graph draws objects with their
 * predecessors, head files with what they list, and `to_head` pointers; wrong ones red.
 */
import { infernoVariants } from '../../model/inferno/model.ts';
import { inconsistency } from '../../model/inferno/properties.ts';
import { chainTo, resolveHead, type Design, type Hash, type InfernoState } from '../../model/inferno/store.ts';
import { q } from '../render/dot.ts';
import { dotAscii, type ModelInfo, type ModelPicture } from './types.ts';

/** One object file. */
export interface ObjectPicture {
  readonly hash: Hash;
  /** Its predecessor in the spec, or null (a root, or a store that never committed). */
  readonly pred: Hash | null;
  /** The true head of its history, or null when the spec does not know it (an unlinked object). */
  readonly head: Hash | null;
  /** Option 1: its `hist_id` meta field. */
  readonly histId?: Hash;
}

/** One head file `heads/<hash>`. */
export interface HeadFilePicture {
  readonly hash: Hash;
  /** What it lists, oldest first. */
  readonly contents: readonly Hash[];
  /** The true history before `hash` when `hash` is a true head, else null (a stale head file). */
  readonly expected: readonly Hash[] | null;
  /** Objects of the true history the file does not list (lost history). */
  readonly lost: readonly Hash[];
  /** It is a true head's file and does not hold exactly the true history. */
  readonly wrong: boolean;
}

/** One pointer: `to_head/<from>` (or option 1's `hist_to_head[from]`) naming `to`. */
export interface PointerPicture {
  readonly from: Hash;
  readonly to: Hash;
  /** The true head the lookup should reach, or null when unknown. */
  readonly expected: Hash | null;
  readonly wrong: boolean;
}

/** An object whose lookup does not reach its true head. */
export interface WrongLookup {
  readonly hash: Hash;
  /** Where the lookup leads (null: nowhere). */
  readonly resolves: Hash | null;
  readonly expected: Hash;
}

/** The whole picture of an Inferno state. JSON-serialisable. */
export interface InfernoPicture {
  readonly design: Design;
  /** The actor holding option 0's lock (`1`, …), or null. */
  readonly lock: string | null;
  readonly objects: readonly ObjectPicture[];
  readonly heads: readonly HeadFilePicture[];
  /** `to_head/` files (design `to-head`). */
  readonly toHead: readonly PointerPicture[];
  /** Option 1's `hist_to_head` map (design `hist-id`), `from` being a hist id. */
  readonly histToHead: readonly PointerPicture[];
  /** Every object whose lookup misses its true head (I2's witnesses). */
  readonly wrongLookups: readonly WrongLookup[];
  /** The true histories, oldest first, one per true head. */
  readonly histories: readonly (readonly Hash[])[];
  /** What the spec says is wrong (`I1`/`I2` and the message), or null. Judged at any state, quiescent or not. */
  readonly problem: { readonly property: string; readonly message: string } | null;
}

const ROOTS: readonly Hash[] = ['o1'];

/** The design of a model instance: its variant's, else guessed from the state. */
function designOf(s: InfernoState, model: ModelInfo): Design {
  const v = infernoVariants.find((x) => x.name === model.variant);
  if (v !== undefined) return v.design;
  return Object.keys(s.store.histToHead).length > 0 ? 'hist-id' : 'to-head';
}

/** The picture data of an Inferno state. Pure. */
export function infernoPicture(s: InfernoState, model: ModelInfo): InfernoPicture {
  const design = designOf(s, model);
  const st = s.store;
  const links = s.links;
  const succ = new Map<Hash, Hash>();
  for (const o of Object.keys(links).sort()) if (!succ.has(links[o])) succ.set(links[o], o);
  const known = new Set([...ROOTS, ...Object.keys(links)]);
  const headOf = (h: Hash): Hash | null => {
    if (!known.has(h)) return null;
    let x = h;
    for (let n = succ.get(x), k = 0; n !== undefined && k < 1000; n = succ.get(x), k++) x = n;
    return x;
  };
  const trueHeads = [...known].filter((h) => !succ.has(h)).sort();
  const objects = st.objects.map((hash): ObjectPicture => ({
    hash,
    pred: links[hash] ?? null,
    head: headOf(hash),
    ...(st.histId[hash] !== undefined ? { histId: st.histId[hash] } : {}),
  }));
  const heads = Object.keys(st.heads).sort().map((hash): HeadFilePicture => {
    const contents = [...st.heads[hash]];
    const expected = trueHeads.includes(hash) ? chainTo(links, hash).slice(0, -1) : null;
    const lost = expected === null ? [] : expected.filter((x) => !contents.includes(x));
    const wrong = expected !== null && (expected.length !== contents.length || expected.some((x, i) => x !== contents[i]));
    return { hash, contents, expected, lost, wrong };
  });
  const toHead = Object.keys(st.toHead).sort().map((from): PointerPicture => {
    const expected = headOf(from);
    return { from, to: st.toHead[from], expected, wrong: expected !== null && expected !== st.toHead[from] };
  });
  const histToHead = Object.keys(st.histToHead).sort().map((from): PointerPicture => {
    const expected = headOf(from);
    return { from, to: st.histToHead[from], expected, wrong: expected !== null && expected !== st.histToHead[from] };
  });
  const wrongLookups: WrongLookup[] = [];
  for (const h of [...known].sort()) {
    const expected = headOf(h);
    const got = resolveHead(design, st, h);
    if (expected !== null && got !== expected) wrongLookups.push({ hash: h, resolves: got, expected });
  }
  const bad = inconsistency(design, st, links, ROOTS);
  return {
    design,
    lock: st.lock < 0 ? null : String(st.lock + 1),
    objects,
    heads,
    toHead,
    histToHead,
    wrongLookups,
    histories: trueHeads.map((h) => chainTo(links, h)),
    problem: bad === null ? null : { property: bad[0], message: bad[1] },
  };
}

/** The store as the seed's directory tree, with marks, then the true histories. Pure; no trailing newline. */
export function infernoAscii(p: InfernoPicture): string {
  type Item = { text: string; mark?: string };
  const objItems: Item[] = p.objects.map((o) => ({
    text: `${o.hash}${o.histId !== undefined ? `  hist_id ${o.histId}` : ''}`,
    ...(o.head === null ? { mark: 'unlinked' } : {}),
  }));
  const headItems: Item[] = p.heads.map((h) => ({
    text: `${h.hash}: ${h.contents.length === 0 ? '(empty)' : h.contents.join(' ')}`,
    ...(h.wrong ? { mark: `✗ ${h.lost.length > 0 ? `lost ${h.lost.join(' ')}` : `should be ${h.expected!.join(' ') || '(empty)'}`}` } : h.expected === null ? { mark: `stale: ${h.hash} is not a head` } : {}),
  }));
  const ptrItems: Item[] = p.toHead.map((t) => ({ text: `${t.from} → ${t.to}`, ...(t.wrong ? { mark: `✗ head is ${t.expected}` } : {}) }));
  const all = [...objItems, ...headItems, ...ptrItems];
  const w = Math.max(0, ...all.map((x) => [...x.text].length));
  const show = (x: Item) => (x.mark === undefined ? x.text : `${x.text.padEnd(w)}   ${x.mark}`);
  const lines = ['/vc_store/'];
  const dirs: [string, Item[]][] = [['heads', headItems]];
  if (p.design === 'to-head') dirs.push(['to_head', ptrItems]);
  for (const o of objItems) lines.push(`├── ${show(o)}`);
  dirs.forEach(([name, items], d) => {
    const last = d === dirs.length - 1;
    lines.push(`${last ? '└──' : '├──'} ${name}`);
    const bar = last ? '    ' : '│   ';
    items.forEach((x, i) => lines.push(`${bar}${i === items.length - 1 ? '└──' : '├──'} ${show(x)}`));
  });
  if (p.design === 'hist-id') {
    lines.push(`hist_to_head (memory): ${p.histToHead.map((t) => `${t.from} → ${t.to}${t.wrong ? ` ✗ head is ${t.expected}` : ''}`).join(', ') || '-'}`);
  }
  if (p.lock !== null) lines.push(`lock: held by actor ${p.lock}`);
  const implicit = p.wrongLookups.filter((x) => !p.toHead.some((t) => t.from === x.hash && t.wrong));
  for (const x of p.design === 'to-head' ? implicit : p.wrongLookups) {
    lines.push(`✗ ${x.hash} resolves to ${x.resolves ?? 'nothing'}, head is ${x.expected}`);
  }
  lines.push(`true history: ${p.histories.map((h) => h.join(' → ')).join('; ')}`);
  return lines.join('\n');
}

const RED = '#c00000';

/** The picture as DOT: objects → predecessors, head files → what they list, `to_head` pointers; wrong ones red. Pure. */
export function infernoDot(p: InfernoPicture, name = 'inferno'): string {
  const lines = [
    `digraph ${q(name)} {`,
    '  rankdir=RL; nodesep=0.4; ranksep=0.6; bgcolor="white";',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const headOk = new Set(p.histories.map((h) => h[h.length - 1]));
  const lostAnywhere = new Set(p.heads.flatMap((h) => h.lost));
  for (const o of p.objects) {
    const bad = lostAnywhere.has(o.hash);
    const label = `${o.hash}${o.histId !== undefined ? `\nhist_id ${o.histId}` : ''}`;
    const style = o.head === null ? 'dashed' : headOk.has(o.hash) ? 'filled,bold' : 'filled';
    lines.push(`  ${q(o.hash)} [label=${q(label)}, shape=box, style=${q(style)}, fillcolor=${q(bad ? '#ffc7ce' : headOk.has(o.hash) ? '#c6efce' : '#ffffff')}, color=${q(bad ? RED : '#333333')}, class=${q(`object${bad ? ' lost' : ''}`)}];`);
  }
  for (const o of p.objects) if (o.pred !== null) lines.push(`  ${q(o.hash)} -> ${q(o.pred)} [label="pred", color="#333333", class="pred"];`);
  for (const h of p.heads) {
    const id = `heads/${h.hash}`;
    const label = `${id}\n${h.contents.length === 0 ? '(empty)' : h.contents.join(' ')}`;
    lines.push(`  ${q(id)} [label=${q(label)}, shape=note, style=filled, fillcolor=${q(h.wrong ? '#ffc7ce' : '#fff2cc')}, color=${q(h.wrong ? RED : '#8a6d00')}, class=${q(`head-file${h.wrong ? ' wrong' : ''}`)}];`);
    lines.push(`  ${q(id)} -> ${q(h.hash)} [style=bold, color="#8a6d00", arrowhead=none, class="head-of"];`);
    for (const x of h.contents) lines.push(`  ${q(id)} -> ${q(x)} [style=dotted, color="#8a6d00", constraint=false, class="lists"];`);
    for (const x of h.lost) lines.push(`  ${q(id)} -> ${q(x)} [style=dashed, color=${q(RED)}, fontcolor=${q(RED)}, label="lost", constraint=false, class="lost"];`);
  }
  for (const t of p.toHead) {
    const color = t.wrong ? RED : '#1f4e79';
    lines.push(`  ${q(t.from)} -> ${q(t.to)} [style=dashed, color=${q(color)}, fontcolor=${q(color)}, label=${q(t.wrong ? `to_head ✗ (head ${t.expected})` : 'to_head')}, constraint=false, class=${q(`to-head${t.wrong ? ' wrong' : ''}`)}];`);
  }
  for (const t of p.histToHead) {
    const id = `hist_to_head/${t.from}`;
    const color = t.wrong ? RED : '#1f4e79';
    lines.push(`  ${q(id)} [label=${q(id)}, shape=box, style="rounded,dashed", color=${q(color)}, class="hist-to-head"];`);
    lines.push(`  ${q(id)} -> ${q(t.to)} [style=dashed, color=${q(color)}, class=${q(`hist-to-head${t.wrong ? ' wrong' : ''}`)}];`);
  }
  if (p.problem !== null) lines.push(`  label=${q(`✗ ${p.problem.property}: ${p.problem.message}`)}; fontcolor=${q(RED)}; labelloc=b; fontname="Helvetica";`);
  lines.push('}');
  return dotAscii(lines.join('\n') + '\n');
}

/** What changed: files written, renamed away or changed. Pure. */
export function infernoChanges(a: InfernoPicture, b: InfernoPicture): string[] {
  const out: string[] = [];
  for (const o of b.objects) if (!a.objects.some((x) => x.hash === o.hash)) out.push(`+${o.hash}`);
  for (const h of a.heads) if (!b.heads.some((x) => x.hash === h.hash)) out.push(`-heads/${h.hash}`);
  for (const h of b.heads) {
    const was = a.heads.find((x) => x.hash === h.hash);
    if (was === undefined || was.contents.join(' ') !== h.contents.join(' ')) out.push(`heads/${h.hash}: ${h.contents.join(' ') || '(empty)'}`);
  }
  for (const t of [...b.toHead, ...b.histToHead]) {
    const was = [...a.toHead, ...a.histToHead].find((x) => x.from === t.from);
    if (was?.to !== t.to) out.push(`${b.toHead.includes(t) ? 'to_head' : 'hist_to_head'}/${t.from} → ${t.to}`);
  }
  if (a.lock !== b.lock) out.push(b.lock === null ? 'unlocked' : `locked by ${b.lock}`);
  return out;
}

/** The Inferno picture for the registry. */
export const infernoPictures: ModelPicture<InfernoState, InfernoPicture> = {
  model: 'inferno',
  title: 'The store: /vc_store/',
  legend: [
    { label: 'object (green: a true head)', fill: '#c6efce', color: '#333333' },
    { label: 'head file heads/h', fill: '#fff2cc', color: '#8a6d00' },
    { label: 'dashed: to_head pointer', fill: '#ffffff', color: '#1f4e79' },
    { label: 'wrong pointer or lost history', fill: '#ffc7ce', color: RED },
  ],
  data: infernoPicture,
  ascii: infernoAscii,
  dot: infernoDot,
  changes: infernoChanges,
};
