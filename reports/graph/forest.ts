/**
 * `forestOf(state, variant)`: a Grove state as a `Forest` (see `types.ts`). Pure; reads the remote
 * through `model/grove/remote.ts` (the correct semantics) and the ref positions through the same
 * `refPosition` the properties use, so a picture never disagrees with a verdict.
 */
import { historyOf, start, tip } from '../../model/grove/remote.ts';
import { refPosition } from '../../model/grove/properties.ts';
import type { GroveState, Log, LogRef, Remote } from '../../model/grove/state.ts';
import type { GroveVariant } from '../../model/grove/variant.ts';
import type { EntryStatus, Forest, ForestCommit, ForestEdge, ForestLog, ForestNode, ForestRef, Position, SquashEdge } from './types.ts';

/** Options of `forestOf`. */
export interface ForestOptions {
  /** Label this actor's tracking refs `origin/main` instead of `1:origin/main`. */
  readonly perspective?: string;
  /** Squash equivalences to carry into the data (a later model's). */
  readonly squash?: readonly SquashEdge[];
}

/** The node id of `(log, lsn)`: `a1`, or `l26_3` when the log name ends in a digit. */
export function nodeId(log: string, lsn: number): string {
  return /\d$/.test(log) ? `${log}_${lsn}` : `${log}${lsn}`;
}

/**
 * The position that physically holds `p`'s last entry: follows branch points while `p.lsn` is at or
 * below the log's own start (`b@2` with `b` from `a@2` is `a@2`). A root log at LSN 0 stays as is.
 */
export function resolvePosition(r: Remote, p: LogRef): Position {
  let log = p.log;
  let lsn = p.lsn;
  for (let guard = 0; guard < 10_000; guard++) {
    const l = r.logs[log];
    if (l === undefined || l.base === null || lsn > start(l)) break;
    log = l.base.log;
    lsn = Math.min(lsn, l.base.lsn);
  }
  const l = r.logs[log];
  return { log, lsn: l === undefined ? lsn : Math.min(lsn, tip(l)) };
}

/** Logs in preorder: roots by name; children by branch LSN, highest first, then by name. */
function logOrder(r: Remote): string[] {
  const ids = Object.keys(r.logs).sort();
  const parentOf = (id: string): string | null => {
    const b = r.logs[id].base;
    return b === null || r.logs[b.log] === undefined ? null : resolvePosition(r, b).log;
  };
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const p = parentOf(id);
    if (p !== null) children.set(p, [...(children.get(p) ?? []), id]);
  }
  const bp = (id: string) => resolvePosition(r, r.logs[id].base!).lsn;
  const out: string[] = [];
  const visit = (id: string) => {
    out.push(id);
    const cs = (children.get(id) ?? []).slice().sort((x, y) => bp(y) - bp(x) || (x < y ? -1 : 1));
    for (const c of cs) visit(c);
  };
  for (const id of ids) if (parentOf(id) === null) visit(id);
  return out;
}

function statusOf(acked: boolean, failed: boolean, inRef: boolean): EntryStatus {
  if (acked) return inRef ? 'acked' : 'lost';
  if (failed) return inRef ? 'zombie' : 'failed';
  return inRef ? 'visible' : 'orphaned';
}

/** Remote refs, then tracking refs of scripted actors, each resolved to a node. */
function refsOf(s: GroveState, v: Pick<GroveVariant, 'refs'>, o: ForestOptions): { name: string; kind: ForestRef['kind']; actor?: string; label: string; at: Position }[] {
  const r = s.remote;
  const out: { name: string; kind: ForestRef['kind']; actor?: string; label: string; at: Position }[] = [];
  for (const name of Object.keys(r.refs).sort()) {
    if (r.logs[r.refs[name].log] === undefined) continue;
    out.push({ name, kind: 'remote', label: name, at: refPosition(v, r, r.refs[name]) });
  }
  for (const a of s.actors) {
    if (a.kind !== 'scripted') continue;
    for (const name of Object.keys(a.refs).sort()) {
      const seen = a.refs[name];
      if (r.logs[seen.log] === undefined) continue;
      const at = v.refs === 'log' ? { log: seen.log, lsn: a.logs[seen.log] ?? seen.lsn } : seen;
      const label = a.id === o.perspective ? `origin/${name}` : `${a.id}:origin/${name}`;
      out.push({ name, kind: 'tracking', actor: a.id, label, at: { log: at.log, lsn: at.lsn } });
    }
  }
  return out;
}

/**
 * The forest of Grove state `s` under a variant's ref semantics (`refs: log` or `logref`). Start
 * nodes (`a0`) appear only for root logs that something branches from, or points at, at LSN 0.
 */
export function forestOf(s: GroveState, v: Pick<GroveVariant, 'refs'>, o: ForestOptions = {}): Forest {
  const r = s.remote;
  const order = logOrder(r);
  const rawRefs = refsOf(s, v, o);
  const reachable = new Set<string>();
  const inRefCommits = new Set<string>();
  for (const ref of rawRefs) {
    if (ref.kind !== 'remote') continue;
    for (const c of historyOf(r, ref.at)) inRefCommits.add(c);
    // Mark the entries themselves (a re-written commit may be reachable through one copy only).
    let p: Position | null = resolvePosition(r, ref.at);
    while (p !== null) {
      const l: Log = r.logs[p.log];
      for (let lsn = start(l) + 1; lsn <= p.lsn; lsn++) reachable.add(nodeId(p.log, lsn));
      p = l.base === null || r.logs[l.base.log] === undefined ? null : resolvePosition(r, l.base);
    }
  }
  const acked = new Set(s.acked);
  const failed = new Set(s.failed);
  const needsStart = new Set<string>();
  for (const id of order) {
    const b = r.logs[id].base;
    if (b !== null && r.logs[b.log] !== undefined) {
      const p = resolvePosition(r, b);
      if (p.lsn === 0) needsStart.add(p.log);
    }
  }
  for (const ref of rawRefs) {
    const p = resolvePosition(r, ref.at);
    if (p.lsn === 0) needsStart.add(p.log);
  }

  const nodes: ForestNode[] = [];
  const edges: ForestEdge[] = [];
  const logs: ForestLog[] = [];
  const commitNodes = new Map<string, string[]>();
  for (const id of order) {
    const l = r.logs[id];
    const s0 = start(l);
    const startId = l.base === null && needsStart.has(id) ? nodeId(id, 0) : null;
    if (startId !== null) nodes.push({ id: startId, kind: 'start', log: id, lsn: 0, commit: null, status: 'visible', reachable: true });
    const from = l.base === null || r.logs[l.base.log] === undefined ? null : (() => {
      const p = resolvePosition(r, l.base);
      return nodeId(p.log, p.lsn);
    })();
    const entries: string[] = [];
    l.entries.forEach((c, i) => {
      const nid = nodeId(id, s0 + 1 + i);
      const inRef = c !== null && inRefCommits.has(c);
      const status = c === null ? 'hole' : statusOf(acked.has(c), failed.has(c), inRef);
      nodes.push({ id: nid, kind: 'entry', log: id, lsn: s0 + 1 + i, commit: c, status, reachable: reachable.has(nid) });
      if (c !== null) commitNodes.set(c, [...(commitNodes.get(c) ?? []), nid]);
      const prev = i === 0 ? (from ?? startId) : entries[i - 1];
      if (prev !== null) edges.push({ from: prev, to: nid, kind: i === 0 && from !== null ? 'branch' : 'next' });
      entries.push(nid);
    });
    logs.push({ id, base: l.base === null ? null : { log: l.base.log, lsn: l.base.lsn }, from, entries, start: startId, tip: tip(l) });
  }

  const refs: ForestRef[] = rawRefs.map((ref) => {
    const p = resolvePosition(r, ref.at);
    const log = r.logs[p.log];
    return { ...ref, node: nodeId(p.log, p.lsn), atTip: p.lsn === tip(log) };
  });
  const commits: ForestCommit[] = [...commitNodes.keys()].sort().map((c) => {
    const inRef = inRefCommits.has(c);
    return { id: c, nodes: commitNodes.get(c)!, acked: acked.has(c), failed: failed.has(c), inRef, status: statusOf(acked.has(c), failed.has(c), inRef) };
  });
  return { logs, nodes, edges, refs, commits, ...(o.squash !== undefined ? { squash: o.squash } : {}) };
}
