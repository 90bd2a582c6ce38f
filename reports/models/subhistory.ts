/**
 * The subhistory picture (seed 002): the remote ref's commit map with its sha (a map's object id is
 * its content, so the sha is printed as the map), and each user's local map, last fetched map (the
 * lease) and where it is in its push loop; entries pushed successfully but no longer on the remote
 * (S1's witness) are marked lost.
 *
 *     remote refs/subhistory/map = {b1}  (sha {b1})   ✗ lost a1
 *     alice  local {a1}  fetched {}  lease stale  done
 */
import { showMap, type SubhistoryState } from '../../model/subhistory/model.ts';
import { q } from '../render/dot.ts';
import { dotAscii, pad, recordLabel, type ModelInfo, type ModelPicture } from './types.ts';

/** The model's user names, by index (as `model/subhistory/model.ts` names them). */
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

/** One user. */
export interface UserPicture {
  readonly name: string;
  readonly local: readonly string[];
  /** The remote map as last fetched: the lease's expected sha. */
  readonly fetched: readonly string[];
  /** The fetched map differs from the remote now: a lease push would fail. */
  readonly stale: boolean;
  /** `push` (next: push), `fetch` (next: fetch after a failed push), `done`. */
  readonly next: 'push' | 'fetch' | 'done';
  /** Pushes finished. */
  readonly pushes: number;
  /** Failed attempts in the current push. */
  readonly fails: number;
}

/** The whole picture. JSON-serialisable. */
export interface SubhistoryPicture {
  /** The ref the maps live in. */
  readonly ref: string;
  readonly remote: readonly string[];
  /** The remote map's sha (its content, as printed). */
  readonly sha: string;
  /** Every entry of a map pushed successfully (ghost). */
  readonly pushed: readonly string[];
  /** Pushed entries missing from the remote map now. */
  readonly lost: readonly string[];
  readonly users: readonly UserPicture[];
}

/** The picture data of a subhistory state. Pure. */
export function subhistoryPicture(s: SubhistoryState, _model?: ModelInfo): SubhistoryPicture {
  const remote = [...s.remote];
  const sha = showMap(remote);
  return {
    ref: 'refs/subhistory/map',
    remote,
    sha,
    pushed: [...s.pushed],
    lost: s.pushed.filter((x) => !s.remote.includes(x)),
    users: s.users.map((u, i) => ({
      name: NAMES[i] ?? `user${i + 1}`,
      local: [...u.local],
      fetched: [...u.fetched],
      stale: showMap(u.fetched) !== sha,
      next: u.pc,
      pushes: u.k,
      fails: u.fails,
    })),
  };
}

/** The picture as text lines. Pure; no trailing newline. */
export function subhistoryAscii(p: SubhistoryPicture): string {
  const lines = [`remote ${p.ref} = ${showMap(p.remote)}  (sha ${p.sha})${p.lost.length > 0 ? `   ✗ lost ${p.lost.join(' ')}` : ''}`];
  lines.push(`pushed ok: ${p.pushed.join(' ') || '-'}`);
  const cols = p.users.map((u) => [u.name, `local ${showMap(u.local)}`, `fetched ${showMap(u.fetched)}`, u.stale ? 'lease stale' : 'lease ok']);
  const w = [0, 1, 2, 3].map((c) => Math.max(0, ...cols.map((x) => [...x[c]].length)));
  p.users.forEach((u, i) => {
    const lostHere = u.local.filter((x) => p.lost.includes(x));
    const state = u.next === 'done' ? 'done' : `next ${u.next}${u.fails > 0 ? ` (after ${u.fails} failed)` : ''}`;
    lines.push([...cols[i].map((t, c) => pad(t, w[c])), state, lostHere.length > 0 ? `✗ ${lostHere.join(' ')} lost from the remote` : ''].join('  ').trimEnd());
  });
  return lines.join('\n');
}

const RED = '#c00000';

/** The picture as DOT: the remote ref and its entries, each user with its maps and its lease. Pure. */
export function subhistoryDot(p: SubhistoryPicture, name = 'subhistory'): string {
  const lines = [
    `digraph ${q(name)} {`,
    '  rankdir=LR; nodesep=0.4; bgcolor="white";',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const bad = p.lost.length > 0;
  lines.push(`  "remote" [shape=record, style=filled, fillcolor="#ffd966", color=${q(bad ? RED : '#8a6d00')}, penwidth=${bad ? 2.5 : 1}, label=${recordLabel([p.ref, `sha ${p.sha}`])}, class="remote"];`);
  const entries = [...new Set([...p.remote, ...p.lost])].sort();
  for (const e of entries) {
    const lost = p.lost.includes(e);
    lines.push(`  ${q(`entry:${e}`)} [label=${q(e)}, shape=ellipse, style=filled, fillcolor=${q(lost ? '#ffc7ce' : '#ffffff')}, color=${q(lost ? RED : '#333333')}, class=${q(`entry${lost ? ' lost' : ''}`)}];`);
    lines.push(`  "remote" -> ${q(`entry:${e}`)} [${lost ? `style=dashed, color=${q(RED)}, fontcolor=${q(RED)}, label="lost"` : 'color="#8a6d00"'}, class=${q(lost ? 'lost' : 'holds')}];`);
  }
  for (const u of p.users) {
    lines.push(`  ${q(u.name)} [shape=record, style=filled, fillcolor="#ddebf7", label=${recordLabel([u.name, `local ${showMap(u.local)}`, `fetched ${showMap(u.fetched)}`, u.next === 'done' ? 'done' : `next ${u.next}`])}, class="user"];`);
    const color = u.stale ? RED : '#1f4e79';
    lines.push(`  ${q(u.name)} -> "remote" [style=dashed, color=${q(color)}, fontcolor=${q(color)}, label=${q(`lease ${showMap(u.fetched)}${u.stale ? ' (stale)' : ''}`)}, class=${q(`lease${u.stale ? ' stale' : ''}`)}];`);
  }
  lines.push('}');
  return dotAscii(lines.join('\n') + '\n');
}

/** What changed: the remote map, each user's maps. Pure. */
export function subhistoryChanges(a: SubhistoryPicture, b: SubhistoryPicture): string[] {
  const out: string[] = [];
  if (a.sha !== b.sha) out.push(`map: ${a.sha} → ${b.sha}`);
  const lost = b.lost.filter((x) => !a.lost.includes(x));
  if (lost.length > 0) out.push(`lost ${lost.join(' ')}`);
  b.users.forEach((u, i) => {
    const was = a.users[i];
    if (was !== undefined && showMap(was.fetched) !== showMap(u.fetched)) out.push(`${u.name} fetched ${showMap(u.fetched)}`);
  });
  return out;
}

/** The subhistory picture for the registry. */
export const subhistoryPictures: ModelPicture<SubhistoryState, SubhistoryPicture> = {
  model: 'subhistory',
  title: 'Commit maps: the remote ref and each user',
  legend: [
    { label: 'remote ref (sha = its map)', fill: '#ffd966', color: '#8a6d00' },
    { label: 'user: local and fetched maps', fill: '#ddebf7', color: '#333333' },
    { label: 'entry lost from the remote, stale lease', fill: '#ffc7ce', color: RED },
  ],
  data: subhistoryPicture,
  ascii: subhistoryAscii,
  dot: subhistoryDot,
  changes: subhistoryChanges,
};
