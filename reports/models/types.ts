/**
 * What a model's picture is, for the reports: a pure function from a state (and the model's
 * configuration) to plain JSON-serialisable data, and thin renderers of that data as ASCII and DOT
 * (STYLE.md §4). One `ModelPicture` per model family, listed in `index.ts`.
 */

export type { LegendItem, ModelInfo, ModelPicture } from '../../model/core/capabilities.ts';

/** Pads `t` with spaces to `w` characters (code points). */
export function pad(t: string, w: number): string {
  return t + ' '.repeat(Math.max(0, w - [...t].length));
}

/** Escapes one field of a DOT record label for use inside a quoted DOT string (`{ } | < >` are record syntax). */
export function rec(t: string): string {
  return t.replace(/([{}|<>"\\])/g, '\\$1');
}

/** A DOT record label literal (quotes included) of `fields`, stacked (`{a|b}`) as the seed's `{A}`. */
export function recordLabel(fields: readonly string[]): string {
  return `"{${fields.map(rec).join('|')}}"`;
}

/** Lines of `after` that are not lines of `before`, trimmed: a generic change list. */
export function newLines(before: string, after: string): string[] {
  const was = new Set(before.split('\n').map((l) => l.trim()));
  return after.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !was.has(l));
}

const DOT_ASCII: Readonly<Record<string, string>> = { '✗': 'X', '→': '->', '←': '<-', '×': 'x', '∅': 'X', '·': ';', '†': '+' };

/**
 * DOT source made ASCII: the WebAssembly Graphviz has no font metrics for other characters and warns
 * on stderr for each render, so the pictures' marks are spelled out (`✗` → `X`, `→` → `->`, and `∅`
 * → `X`, the seed's name for a kill marker's target); anything else non-ASCII becomes `?`.
 */
export function dotAscii(dot: string): string {
  return dot.replace(/[^\x00-\x7f]/g, (c) => DOT_ASCII[c] ?? '?');
}
