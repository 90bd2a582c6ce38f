/**
 * The obsmarkers picture (seed 003): each repository's marker graph as the seed draws it. In DOT,
 * `rankdir = BT`, changesets as record nodes (`{A}`), obsolete ones dashed, parent edges solid and
 * markers as dashed `dir=back` edges from predecessor to successor (a kill marker `C -> ∅` ends on a
 * dashed `{∅}` node), one cluster per repository; a cycle's markers and a divergence's successors
 * drawn red; a changeset a marker names but the repository does not hold is dotted grey. In ASCII, one block per repository:
 *
 *     server  visible: -  obsolete: A A' A''
 *       A -> A'
 *       A'' -> A'   ✗ cycle
 *       ✗ cycle A'->A''->A'
 *
 * The scenario (`config.program`) names the changesets and markers; a state only holds bit sets.
 */
import { divergence, markerCycle, type ObsState } from '../../model/obsmarkers/model.ts';
import { obsScenarioByName } from '../../model/obsmarkers/scenarios.ts';
import { bits, compile, obsolete, type Universe } from '../../model/obsmarkers/universe.ts';
import { q } from '../render/dot.ts';
import { dotAscii, recordLabel, type ModelInfo, type ModelPicture } from './types.ts';

/** One changeset a repository holds. */
export interface ChangesetPicture {
  readonly name: string;
  /** Its parent's name, or null for a root. */
  readonly parent: string | null;
  /** Some held marker has it as predecessor. */
  readonly obsolete: boolean;
  /** It is one of the final successors of a divergence. */
  readonly divergent: boolean;
}

/** One marker a repository holds: `pred -> succ` (`succ` null for a kill marker `C -> ∅`). */
export interface MarkerPicture {
  /** `A->A'`, `C->∅`. */
  readonly key: string;
  readonly pred: string;
  readonly succ: string | null;
  /** The marker lies on a cycle of the repository's marker graph. */
  readonly cycle: boolean;
  /** The marker leaves a changeset that diverged. */
  readonly divergent: boolean;
}

/** One repository's marker graph. */
export interface RepoPicture {
  readonly name: string;
  readonly changesets: readonly ChangesetPicture[];
  readonly markers: readonly MarkerPicture[];
  /** A cycle as `A'->A''->A'`, or null (O2's witness). */
  readonly cycle: string | null;
  /** A changeset with two visible final successors, or null (O1's witness). */
  readonly divergence: { readonly pred: string; readonly succs: readonly string[] } | null;
}

/** The whole picture: every repository, clients first, the server last. JSON-serialisable. */
export interface ObsPicture {
  /** The scenario's name (`cycle`). */
  readonly scenario: string;
  readonly repos: readonly RepoPicture[];
}

/** Markers of `markers` on a cycle: `p -> s` with `p` reachable back from `s`. */
function cycleMarkers(u: Universe, markers: number): Set<number> {
  const succ = new Map<number, number[]>();
  for (const i of bits(markers)) for (const s of u.markers[i].succs) succ.set(u.markers[i].pred, [...(succ.get(u.markers[i].pred) ?? []), s]);
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set<number>();
    const todo = [from];
    while (todo.length > 0) {
      const n = todo.pop()!;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(...(succ.get(n) ?? []));
    }
    return false;
  };
  const out = new Set<number>();
  for (const i of bits(markers)) {
    const m = u.markers[i];
    if (m.succs.some((s) => reaches(s, m.pred))) out.add(i);
  }
  return out;
}

/** Orders markers by predecessor, then successor (names compared as strings; kill markers last). */
function byPredSucc(u: Universe, x: number, y: number): number {
  const key = (i: number) => [u.names[u.markers[i].pred], u.markers[i].succs.length === 0 ? '\uffff' : u.names[u.markers[i].succs[0]]];
  const [a, b] = [key(x), key(y)];
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** The picture data of an obsmarkers state, for the scenario named by `model.config.program`. Pure. */
export function obsPicture(s: ObsState, model: ModelInfo): ObsPicture {
  const name = typeof model.config.program === 'string' ? model.config.program : 'cycle';
  const sc = obsScenarioByName(name, typeof model.config.actors === 'number' ? model.config.actors : undefined);
  const u = compile(sc);
  const repos = s.repos.map((r, i): RepoPicture => {
    const obs = obsolete(u, r.markers);
    const d = divergence(u, r.held, r.markers);
    const onCycle = cycleMarkers(u, r.markers);
    return {
      name: sc.repos[i]?.name ?? `repo${i + 1}`,
      changesets: bits(r.held).map((c) => ({
        name: u.names[c],
        parent: u.parent[c] < 0 ? null : u.names[u.parent[c]],
        obsolete: (obs & (1 << c)) !== 0,
        divergent: d !== null && d[1].includes(u.names[c]),
      })),
      markers: bits(r.markers).sort((x, y) => byPredSucc(u, x, y)).map((k) => {
        const m = u.markers[k];
        return { key: m.key, pred: u.names[m.pred], succ: m.succs.length === 0 ? null : u.names[m.succs[0]], cycle: onCycle.has(k), divergent: d !== null && u.names[m.pred] === d[0] };
      }),
      cycle: markerCycle(u, r.markers),
      divergence: d === null ? null : { pred: d[0], succs: d[1] },
    };
  });
  return { scenario: sc.name, repos };
}

/** One marker as the seed writes it: `A -> A'`, `C -> ∅`. */
export function markerText(m: MarkerPicture): string {
  return `${m.pred} -> ${m.succ ?? '∅'}`;
}

/** The picture as text: per repository its changesets and one `A -> A'` line per marker. Pure; no trailing newline. */
export function obsAscii(p: ObsPicture): string {
  const w = Math.max(...p.repos.map((r) => [...r.name].length));
  const lines: string[] = [];
  for (const r of p.repos) {
    const names = (ob: boolean) => r.changesets.filter((c) => c.obsolete === ob).map((c) => c.name).join(' ') || '-';
    lines.push(`${r.name.padEnd(w)}  visible: ${names(false)}  obsolete: ${names(true)}`);
    const mw = Math.max(0, ...r.markers.map((m) => [...markerText(m)].length));
    for (const m of r.markers) {
      const tag = m.cycle ? '✗ cycle' : m.divergent ? '! divergence' : '';
      lines.push(`  ${tag === '' ? markerText(m) : `${markerText(m).padEnd(mw)}   ${tag}`}`);
    }
    if (r.markers.length === 0) lines.push('  (no markers)');
    if (r.cycle !== null) lines.push(`  ✗ cycle ${r.cycle}`);
    if (r.divergence !== null) lines.push(`  ! ${r.divergence.pred} diverged into ${r.divergence.succs.join(' and ')}`);
  }
  return lines.join('\n');
}

const RED = '#c00000';

/** The picture as DOT in the seed's style (`rankdir = BT`, record nodes, dashed `dir=back` markers), one cluster per repository. Pure. */
export function obsDot(p: ObsPicture, name = 'obsmarkers'): string {
  const lines = [
    `digraph ${q(name)} {`,
    '  rankdir = BT',
    '  graph [nodesep=1.0, fontname="Helvetica"]',
    '  node [shape=record, fontname="Helvetica"]',
  ];
  p.repos.forEach((r, i) => {
    const id = (c: string) => q(`${r.name}:${c}`);
    const bad = r.cycle !== null || r.divergence !== null;
    lines.push(`  subgraph ${q(`cluster_${i}`)} {`);
    lines.push(`    label=${q(r.name + (r.cycle !== null ? ` ✗ cycle ${r.cycle}` : r.divergence !== null ? ` ! ${r.divergence.pred} diverged` : ''))}; color=${q(bad ? RED : '#999999')}; fontcolor=${q(bad ? RED : '#333333')};`);
    for (const c of r.changesets) {
      const attrs = [`label=${recordLabel([c.name])}`];
      if (c.obsolete) attrs.push('style="dashed"');
      if (c.divergent) attrs.push(`color=${q(RED)}`, `fontcolor=${q(RED)}`, 'penwidth=2');
      attrs.push(`class=${q(`cset${c.obsolete ? ' obsolete' : ''}${c.divergent ? ' divergent' : ''}`)}`);
      lines.push(`    ${id(c.name)} [${attrs.join(', ')}];`);
    }
    const held = new Set(r.changesets.map((c) => c.name));
    const absent = [...new Set(r.markers.flatMap((m) => [m.pred, ...(m.succ === null ? [] : [m.succ])]))].filter((c) => !held.has(c));
    for (const c of absent) lines.push(`    ${id(c)} [label=${recordLabel([c])}, style="dotted", color="#999999", fontcolor="#999999", class="cset absent", tooltip=${q(`${c}: named by a marker, not held by ${r.name}`)}];`);
    for (const m of r.markers) if (m.succ === null) lines.push(`    ${id(`∅:${m.pred}`)} [label=${recordLabel(['∅'])}, style="dashed", class="kill"];`);
    for (const c of r.changesets) if (c.parent !== null && r.changesets.some((x) => x.name === c.parent)) lines.push(`    ${id(c.parent)} -> ${id(c.name)} [dir=back, class="parent"]`);
    for (const m of r.markers) {
      const to = m.succ === null ? id(`∅:${m.pred}`) : id(m.succ);
      const color = m.cycle || m.divergent ? `, color=${q(RED)}, penwidth=2` : '';
      lines.push(`    ${id(m.pred)} -> ${to} [dir=back, style="dashed"${color}, class=${q(`marker${m.cycle ? ' cycle' : ''}${m.divergent ? ' divergent' : ''}`)}]`);
    }
    lines.push('  }');
  });
  lines.push('}');
  return dotAscii(lines.join('\n') + '\n');
}

/** What changed: per repository, changesets and markers gained. Pure. */
export function obsChanges(a: ObsPicture, b: ObsPicture): string[] {
  const out: string[] = [];
  b.repos.forEach((r, i) => {
    const was = a.repos[i];
    const got = [
      ...r.changesets.filter((c) => !was?.changesets.some((x) => x.name === c.name)).map((c) => c.name),
      ...r.markers.filter((m) => !was?.markers.some((x) => x.key === m.key)).map(markerText),
    ];
    if (got.length > 0) out.push(`${r.name} +${got.join(', ')}`);
    if (r.cycle !== null && was?.cycle === null) out.push(`${r.name} cycle`);
  });
  return out;
}

/** The obsmarkers picture for the registry. */
export const obsmarkersPictures: ModelPicture<ObsState, ObsPicture> = {
  model: 'obsmarkers',
  title: 'Marker graphs per repository',
  legend: [
    { label: 'changeset {A}', fill: '#ffffff', color: '#333333' },
    { label: 'obsolete (dashed)', fill: '#ffffff', color: '#999999' },
    { label: 'dashed edge: marker pred -> succ', fill: '#ffffff', color: '#555555' },
    { label: 'cycle or divergence', fill: '#ffffff', color: RED },
  ],
  data: obsPicture,
  ascii: obsAscii,
  dot: obsDot,
  changes: obsChanges,
};
