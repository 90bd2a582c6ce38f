/**
 * A forest as text, in the seed's style (seed 000):
 *
 *     a1---a2---a3  ← 1:origin/main
 *           \
 *            b3---b4---b5  ← main
 *
 * Layout. Each log is one row, in the forest's preorder; a branched log hangs under the entry it was
 * branched from, joined by a `\` under that entry (one column right of its start), and its entries
 * continue one column further. When other rows come between a branch point and its log (a log with
 * several branches), the `\` continues diagonally, one column per row, through those rows; a log that
 * leaves such a diagonal before its end joins it with dashes (`\---b3`), as the seed's `staged` does.
 * Rows never collide: every diagonal moves right at the same rate, so the left-to-right order of
 * branch points is kept all the way down.
 *
 * Refs follow the row they end on: `← a, b` when they point at the row's last entry, `← main (a@1)`
 * when they point further back. A root log's empty start (`a@0`) is drawn `∅` when something branches
 * from or points at it. Below the picture, one line per mark (lost, failed, orphaned, …) lists the
 * entries and their commits. Squash equivalences are not drawn here (see the DOT renderer).
 */
import type { Forest, ForestLog, ForestNode, ForestRef } from '../graph/types.ts';

/** Options of `renderForestAscii`. */
export interface AsciiOptions {
  /** Draw every entry as this glyph (the seed's `o`) instead of its name. */
  readonly glyph?: string;
  /** How a root's empty start is drawn; default `∅`. */
  readonly startGlyph?: string;
  /** Print the marks below the picture (default true). */
  readonly marks?: boolean;
}

const MARKS: readonly { status: ForestNode['status']; text: string }[] = [
  { status: 'lost', text: 'lost (acknowledged, in no ref now)' },
  { status: 'zombie', text: 'zombie (reported failed, visible through a ref)' },
  { status: 'failed', text: 'failed (reported failed)' },
  { status: 'orphaned', text: 'orphaned (in no ref, never acknowledged)' },
  { status: 'hole', text: 'hole (no commit)' },
  { status: 'acked', text: 'acknowledged' },
];

/** A growable grid of characters. */
class Grid {
  readonly rows: string[][] = [];
  row(i: number): string[] {
    while (this.rows.length <= i) this.rows.push([]);
    return this.rows[i];
  }
  put(r: number, c: number, text: string): void {
    const row = this.row(r);
    const chars = [...text];
    while (row.length < c + chars.length) row.push(' ');
    chars.forEach((ch, k) => (row[c + k] = ch));
  }
  width(r: number): number {
    return this.row(r).length;
  }
  text(): string {
    return this.rows.map((r) => r.join('').trimEnd()).join('\n');
  }
}

/** A diagonal from a branch point, shared by the logs branched there. */
interface Rail {
  row: number;
  col: number;
  pending: string[];
}

const KIND_ORDER = { tracking: 0, local: 1, remote: 2 } as const;

/** Labels of refs at one node: tracking refs of the same name grouped (`1,2:origin/main`), then the others. */
export function refLabels(refs: readonly ForestRef[]): string[] {
  const sorted = refs.slice().sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) || ((x.actor ?? '') < (y.actor ?? '') ? -1 : 1));
  const out: string[] = [];
  const grouped = new Map<string, string[]>();
  for (const r of sorted) {
    if (r.kind === 'tracking' && r.label === `${r.actor}:origin/${r.name}`) {
      const key = `origin/${r.name}`;
      if (!grouped.has(key)) {
        grouped.set(key, []);
        out.push(key);
      }
      grouped.get(key)!.push(r.actor!);
    } else out.push(r.label);
  }
  return out.map((l) => (grouped.has(l) && !refs.some((r) => r.label === l) ? `${grouped.get(l)!.join(',')}:${l}` : l));
}

/** Renders a forest as text (no trailing newline). Pure. */
export function renderForestAscii(f: Forest, o: AsciiOptions = {}): string {
  const nodes = new Map(f.nodes.map((n) => [n.id, n]));
  const label = (n: ForestNode): string => {
    if (n.kind === 'start') return o.startGlyph ?? '∅';
    if (o.glyph !== undefined) return o.glyph;
    return n.commit === null ? '?'.repeat(n.id.length) : n.id;
  };
  const grid = new Grid();
  const col = new Map<string, number>();
  const rails = new Map<string, Rail>();
  const groupsOf = (l: ForestLog): string[] => [l.start, ...l.entries].filter((x): x is string => x !== null);
  const extend = (rail: Rail, to: number): void => {
    while (rail.row < to) {
      rail.row++;
      rail.col++;
      grid.put(rail.row, rail.col, '\\');
    }
  };
  const drawRow = (l: ForestLog, r: number, c0: number): void => {
    let c = c0;
    const ids = groupsOf(l);
    ids.forEach((id, i) => {
      if (i > 0) {
        grid.put(r, c, '---');
        c += 3;
      }
      col.set(id, c);
      const text = label(nodes.get(id)!);
      grid.put(r, c, text);
      c += [...text].length;
    });
    const last = ids[ids.length - 1];
    const here = f.refs.filter((x) => ids.includes(x.node));
    const parts: string[] = [];
    const atLast = refLabels(here.filter((x) => x.node === last));
    if (atLast.length > 0) parts.push(`← ${atLast.join(', ')}`);
    for (const id of ids.slice(0, -1).reverse()) {
      const at = refLabels(here.filter((x) => x.node === id));
      const n = nodes.get(id)!;
      if (at.length > 0) parts.push(`← ${at.join(', ')} (${n.log}@${n.lsn})`);
    }
    if (parts.length > 0) grid.put(r, Math.max(c, grid.width(r)) + 2, parts.join('  '));
  };

  let next = 0;
  for (const l of f.logs) {
    if (l.from === null || rails.get(l.from) === undefined) {
      // A root (or a log whose branch point is not drawn): a new block.
      if (next > 0) next++;
      drawRow(l, next, 0);
    } else {
      const rail = rails.get(l.from)!;
      const conn = next;
      const row = next + 1;
      extend(rail, conn);
      rail.pending.shift();
      const others = [...rails.values()].filter((x) => x !== rail && x.pending.length > 0);
      for (const x of others) extend(x, row);
      const leftOf = Math.max(-1, ...others.map((x) => x.col));
      let start: number;
      if (rail.pending.length === 0) {
        start = rail.col + 1;
        if (start <= leftOf + 1) {
          grid.put(row, rail.col + 1, '\\');
          start = Math.max(rail.col + 5, leftOf + 2);
          grid.put(row, rail.col + 2, '-'.repeat(start - rail.col - 2));
        }
      } else {
        extend(rail, row);
        start = Math.max(rail.col + 4, leftOf + 2);
        grid.put(row, rail.col + 1, '-'.repeat(start - rail.col - 1));
      }
      drawRow(l, row, start);
      if (rail.pending.length === 0) rails.delete(l.from);
    }
    const r = grid.rows.length - 1;
    // Open one rail per branch point of this log, rightmost first (the order its logs come in).
    for (const id of groupsOf(l)) {
      const kids = f.logs.filter((k) => k.from === id).map((k) => k.id);
      if (kids.length > 0) rails.set(id, { row: r, col: col.get(id)!, pending: kids });
    }
    next = r + 1;
  }
  let out = grid.text();
  if (o.marks !== false) {
    const lines: string[] = [];
    for (const m of MARKS) {
      const ns = f.nodes.filter((n) => n.kind === 'entry' && n.status === m.status);
      if (ns.length > 0) lines.push(`${m.text}: ${ns.map((n) => (n.commit === null ? n.id : `${n.id}=${n.commit}`)).join(', ')}`);
    }
    if (lines.length > 0) out += '\n\n' + lines.join('\n');
  }
  return out;
}
