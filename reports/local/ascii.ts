/**
 * The local/staged/origin picture as text, in the seed's style (seed 000, second half):
 *
 *     a1---a2----------------a3--------a4  ← origin/main
 *           \               /         /
 *            \-------------b1--------b2  ← staged
 *             \           /         /
 *              c1---c2---c3---c4---c5---c6  ← local
 *
 * Layout of a client's three logs. Five rows: origin/main, a connector row, staged, a connector row,
 * local. Staged and local hang from one origin/main entry, the *fork*: the entry before the client's
 * first landing (or its base when nothing has landed; `∅`, the empty start of log `a`, when that is
 * `a@0`): a `\` leaves one column right of the fork's start and moves one column right per row, the
 * staged row continuing it with dashes (`\-----b1`), the local row starting right under its end. An
 * equivalence edge (`c1 c2 c3 → b1`, `b1 → a3`) is a `/` one column right of the start of the range's
 * last entry, and the entry it leads to starts one column further: exactly two columns right of that
 * entry. Entries of a row are at least `---` apart. Columns are the least ones meeting all of these
 * (a fixpoint of lower bounds; an equivalence pulls the entry below it right when the row above is
 * pushed right). Ref labels follow the row: `  ← origin/main`, `  ← staged`, `  ← local`.
 *
 * Snapshots (`renderSnapshot`) are drawn as the seed draws its canonicalization example: each
 * non-empty line hangs from the last entry of the line above it (`\` one column right of its start),
 * the origin/main line labelled `  ← origin/main`, the staged line ` ← staged` when it ends with a
 * staged commit, the local line ` ← local` (`, staged` when it holds the staged tip instead).
 *
 * Pure, no trailing newline. Equivalence edges whose target is not drawn (an equivalence naming an
 * entry the client's origin/main does not hold) get no `/`; they are listed below the picture.
 */
import type { Snapshot } from '../../model/grove-local/canonical.ts';
import type { ClientPicture, LocalPicture } from '../../model/grove-local/picture.ts';

/** A growable grid of characters. */
class Grid {
  readonly rows: string[][] = [];
  put(r: number, c: number, text: string): void {
    while (this.rows.length <= r) this.rows.push([]);
    const row = this.rows[r];
    const chars = [...text];
    while (row.length < c + chars.length) row.push(' ');
    chars.forEach((ch, k) => (row[c + k] = ch));
  }
  dashes(r: number, from: number, to: number): void {
    for (let c = from; c <= to; c++) this.put(r, c, '-');
  }
  width(r: number): number {
    return this.rows[r]?.length ?? 0;
  }
  text(): string {
    return this.rows.map((r) => r.join('').trimEnd()).join('\n');
  }
}

/** The glyph of the empty start of log `a`. */
export const START_GLYPH = '∅';

interface Node {
  readonly id: string;
  readonly row: 0 | 2 | 4;
  readonly width: number;
  col: number;
}

/** Where a client's staged and local logs hang from: an index into origin/main (-1: the empty start). */
export function forkOf(c: ClientPicture): number {
  const origin = c.logs[0].entries.map((e) => e.id);
  const landed = c.equivalences.filter((e) => e.from.length === 1 && origin.includes(e.to)).map((e) => origin.indexOf(e.to));
  if (landed.length > 0) return Math.min(...landed) - 1;
  return c.base === null ? -1 : origin.indexOf(c.base);
}

/** Draws one client's three logs with their equivalence edges (see the module comment). */
export function renderClientLogs(c: ClientPicture): string {
  const [originLog, stagedLog, localLog] = c.logs;
  const fork = forkOf(c);
  const hangs = localLog.entries.length > 0;
  const nodes = new Map<string, Node>();
  const rows: Node[][] = [[], [], []];
  const add = (id: string, row: 0 | 2 | 4, width: number): Node => {
    const n: Node = { id, row, width, col: 0 };
    nodes.set(`${row}:${id}`, n);
    rows[row / 2].push(n);
    return n;
  };
  const start = fork < 0 && (hangs || originLog.entries.length === 0) ? add(START_GLYPH, 0, 1) : null;
  for (const e of originLog.entries) add(e.id, 0, [...e.id].length);
  for (const e of stagedLog.entries) add(e.id, 2, [...e.id].length);
  for (const e of localLog.entries) add(e.id, 4, [...e.id].length);
  const forkNode = fork < 0 ? start : rows[0][fork + (start === null ? 0 : 1)];
  // Lower bounds: [node, bound(other nodes)].
  type Bound = [Node, () => number];
  const bounds: Bound[] = [];
  for (const row of rows) for (let k = 1; k < row.length; k++) bounds.push([row[k], () => row[k - 1].col + row[k - 1].width + 3]);
  if (hangs && forkNode !== null) {
    if (rows[1].length > 0) bounds.push([rows[1][0], () => forkNode.col + 4]);
    bounds.push([rows[2][0], () => forkNode.col + 4]);
  }
  const edges: { below: Node; above: Node }[] = [];
  for (const e of c.equivalences) {
    const last = e.from[e.from.length - 1];
    const below = nodes.get(`4:${last}`) ?? nodes.get(`2:${last}`);
    if (below === undefined) continue;
    const above = nodes.get(`${below.row - 2}:${e.to}`);
    if (above === undefined) continue;
    edges.push({ below, above });
    bounds.push([above, () => below.col + 2], [below, () => above.col - 2]);
  }
  for (let round = 0, changed = true; changed && round < 10_000; round++) {
    changed = false;
    for (const [n, f] of bounds) {
      const b = f();
      if (b > n.col) {
        n.col = b;
        changed = true;
      }
    }
  }
  const g = new Grid();
  const drawRow = (row: Node[], r: number): void => {
    row.forEach((n, k) => {
      g.put(r, n.col, n.id);
      if (k > 0) g.dashes(r, row[k - 1].col + row[k - 1].width, n.col - 1);
    });
  };
  drawRow(rows[0], 0);
  if (hangs && forkNode !== null) {
    const f = forkNode.col;
    g.put(1, f + 1, '\\');
    g.put(2, f + 2, '\\');
    if (rows[1].length > 0) g.dashes(2, f + 3, rows[1][0].col - 1);
    g.put(3, f + 3, '\\');
    if (rows[2][0].col > f + 4) {
      g.put(4, f + 4, '\\');
      g.dashes(4, f + 5, rows[2][0].col - 1);
    }
  }
  drawRow(rows[1], 2);
  drawRow(rows[2], 4);
  for (const { below } of edges) g.put(below.row - 1, below.col + 1, '/');
  const label = (r: number, text: string): void => g.put(r, g.width(r), `  ← ${text}`);
  label(0, originLog.ref);
  if (rows[1].length > 0) label(2, stagedLog.ref);
  if (hangs) label(4, localLog.ref);
  return g.text();
}

/** `(c1..=c3) => b1 => a3`, one per staged commit, from a client's equivalence edges. */
export function equivalenceLines(c: ClientPicture): string[] {
  const staged = new Set(c.logs[1].entries.map((e) => e.id));
  const out: string[] = [];
  for (const e of c.equivalences) {
    if (!staged.has(e.to)) continue;
    const range = `(${e.from[0]}..=${e.from[e.from.length - 1]})`;
    const remote = c.equivalences.find((x) => x.from.length === 1 && x.from[0] === e.to && !staged.has(x.to))?.to;
    out.push(`${range} => ${e.to}${remote !== undefined ? ` => ${remote}` : ''}`);
  }
  return out;
}

/** Options of `renderSnapshot`. */
export interface SnapshotAsciiOptions {
  /** The client's staged log letter (`b`), to label the line holding the staged tip. */
  readonly stagedLog?: string;
}

/** Draws a snapshot as the seed draws its canonicalization example (see the module comment). */
export function renderSnapshot(s: Snapshot, o: SnapshotAsciiOptions = {}): string {
  const g = new Grid();
  const isStaged = (id: string | undefined): boolean => id !== undefined && o.stagedLog !== undefined && id.startsWith(o.stagedLog) && /^\d+$/.test(id.slice(o.stagedLog.length));
  const origin = s.origin.length > 0 ? [...s.origin] : [START_GLYPH];
  let r = 0;
  let col = 0;
  const line = (ids: readonly string[], at: number, row: number): number => {
    let c = at;
    let lastStart = at;
    ids.forEach((id, k) => {
      if (k > 0) {
        g.put(row, c, '---');
        c += 3;
      }
      lastStart = c;
      g.put(row, c, id);
      c += [...id].length;
    });
    return lastStart;
  };
  let last = line(origin, 0, 0);
  g.put(0, g.width(0), '  ← origin/main');
  const stagedEnds = isStaged(s.staged[s.staged.length - 1]);
  for (const [ids, name] of [
    [s.staged, 'staged'],
    [s.local, 'local'],
  ] as const) {
    if (ids.length === 0) continue;
    g.put(r + 1, last + 1, '\\');
    r += 2;
    col = last + 2;
    last = line(ids, col, r);
    const labels: string[] = [];
    if (name === 'staged' && stagedEnds) labels.push('staged');
    if (name === 'local') {
      labels.push('local');
      if (!stagedEnds && ids.some(isStaged)) labels.push('staged');
    }
    if (labels.length > 0) g.put(r, g.width(r), ` ← ${labels.join(', ')}`);
  }
  return g.text();
}

/** The remote log with `main`: `a1---a2---a3  ← main (a@2)` when entries lie past main. */
export function renderRemote(p: LocalPicture): string {
  const ids = p.remote.entries.map((e) => e.id);
  const tip = ids.length;
  const where = p.remote.main === tip ? p.remote.ref : `${p.remote.ref} (${p.remote.log}@${p.remote.main})`;
  return `${ids.length === 0 ? START_GLYPH : ids.join('---')}  ← ${where}`;
}

/** Options of `renderLocalAscii`. */
export interface LocalAsciiOptions {
  /** Also draw each client's canonical snapshot (default true). */
  readonly canonical?: boolean;
}

/**
 * The whole picture: the remote log, then per client its three logs, its equivalences in the seed's
 * notation, its snapshot on one line and its canonical snapshot drawn.
 */
export function renderLocalAscii(p: LocalPicture, o: LocalAsciiOptions = {}): string {
  const out: string[] = [`remote log ${p.remote.log}:`, renderRemote(p)];
  for (const c of p.clients) {
    out.push('', `client ${c.id}:`, renderClientLogs(c));
    const eqs = equivalenceLines(c);
    if (eqs.length > 0) out.push('', 'equivalence relations:', ...eqs);
    if (o.canonical !== false) out.push('', 'canonical snapshot:', renderSnapshot(c.canonical, { stagedLog: c.logs[1].log }));
  }
  return out.join('\n');
}
