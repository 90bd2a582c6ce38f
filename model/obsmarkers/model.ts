/**
 * Mercurial obsolescence markers (seed 003) as a model under the grove-check checker.
 *
 * What is modeled. Repositories (clients, then one server) hold draft changesets and obsolescence
 * markers: `A -> A'` (A was rewritten into A') and kill markers `C -> ∅` (C was pruned). A changeset
 * is visible when it is held and no held marker has it as predecessor. Each user makes the local
 * edits of the scenario (`Amend`, `Prune`, `Commit`, `Mark`) in order, and pushes to or pulls from the
 * server at any time, any number of times; each exchange is one atomic step. An exchange moves the
 * source's visible changesets the destination lacks (with their ancestors) and the markers the
 * variant selects (`exchange.ts`). A `Mark` is only made by a user who sees both changesets, which is
 * how the seed's resolution of a divergence happens.
 *
 * What is abstracted away. Phases (every changeset is draft), the working copy and bookmarks (which
 * also keep obsolete changesets visible), orphans (the scenarios rewrite heads only), marker metadata
 * and dates, markers with several successors (splits), and the cost of the exchange (the seed's
 * "partial" column): only what arrives is modeled, not how it is found.
 *
 * Properties. O1 no divergence (two visible final successors of one changeset in a repository) is
 * *advisory*: divergence is a state Mercurial detects and asks users to resolve, and a check must go
 * on past it to find what the resolution does (strict checks fail on it). O2 no cycle in any
 * repository's marker graph. O3 sufficient exchange: after an exchange, every changeset both sides
 * hold that the source sees as hidden is hidden at the destination too (the destination may know
 * more; the exchange must not leave it knowing less).
 */
import { UsageError, ok, op, type Action, type Model, type ModelFamily, type ModelOptions, type Property, type Step } from '../core/model.ts';
import { LazyStep } from '../core/codec.ts';
import type { Op } from '../../scenarios/notation/types.ts';
import { obsmarkersCodec } from './codec.ts';
import { exchangeByName, exchangeVariants, type ExchangeVariant } from './exchange.ts';
import { obsScenarioByName, obsScenarios, type Edit, type ObsScenario } from './scenarios.ts';
import { bits, compile, hasDivergence, hasMarkerCycle, markerKey, obsolete, showCsets, visible, withAncestors, type Universe } from './universe.ts';

/** One repository: held changesets and markers as bit sets, and the user's next edit. */
export interface Repo {
  readonly held: number;
  readonly markers: number;
  /** Index of the next edit in the user's program. */
  readonly pc: number;
}

/** Every repository, in the scenario's order. */
export interface ObsState {
  /** By the scenario's order; the last is the server. */
  readonly repos: readonly Repo[];
}

/** What an exchange did, for O3. */
export interface ObsEffect {
  readonly kind: 'push' | 'pull' | 'edit';
  readonly src: number;
  readonly dst: number;
}

type ObsAction = { readonly kind: 'edit'; readonly repo: number } | { readonly kind: 'push' | 'pull'; readonly repo: number };

/** Where a marker graph has a cycle, as `A'->A''->A'`, or null. */
export function markerCycle(u: Universe, markers: number): string | null {
  const succ = new Map<number, number[]>();
  for (const i of bits(markers)) for (const s of u.markers[i].succs) succ.set(u.markers[i].pred, [...(succ.get(u.markers[i].pred) ?? []), s]);
  const state = new Map<number, 'open' | 'done'>();
  const path: number[] = [];
  const visit = (n: number): number[] | null => {
    state.set(n, 'open');
    path.push(n);
    for (const m of succ.get(n) ?? []) {
      if (state.get(m) === 'open') return [...path.slice(path.indexOf(m)), m];
      if (state.get(m) === undefined) {
        const c = visit(m);
        if (c) return c;
      }
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of [...succ.keys()].sort((a, b) => a - b)) {
    if (state.get(n) !== undefined) continue;
    const c = visit(n);
    if (c) return c.map((i) => u.names[i]).join('->');
  }
  return null;
}

/** A changeset with two or more visible final successors in a repository, as `[pred, [succ…]]`, or null. */
export function divergence(u: Universe, held: number, markers: number): [string, string[]] | null {
  const obs = obsolete(u, markers);
  const vis = visible(u, held, markers);
  for (const p of bits(obs)) {
    let finals = 0;
    const seen = new Set<number>([p]);
    const todo = [p];
    while (todo.length > 0) {
      const n = todo.pop()!;
      for (const i of bits(markers)) {
        const m = u.markers[i];
        if (m.pred !== n) continue;
        for (const s of m.succs) {
          if (seen.has(s)) continue;
          seen.add(s);
          if (obs & (1 << s)) todo.push(s);
          else if (vis & (1 << s)) finals |= 1 << s;
        }
      }
    }
    if (bits(finals).length >= 2) return [u.names[p], showCsets(u, finals)];
  }
  return null;
}

/** Builds O1–O3 for a scenario. */
export function obsProperties(u: Universe, repoNames: readonly string[]): Property<ObsState>[] {
  return [
    {
      id: 'O1',
      title: 'no divergence: no changeset has two visible final successors in any repository (advisory: hg detects it and users resolve it)',
      advisory: true,
      state(s) {
        for (let i = 0; i < s.repos.length; i++) {
          const r = s.repos[i];
          // Decided on bit sets first (every state), named only when found.
          const d = hasDivergence(u, r.held, r.markers) ? divergence(u, r.held, r.markers) : null;
          if (d) return `${repoNames[i]} sees ${d[0]} diverge into ${d[1].join(' and ')}`;
        }
        return null;
      },
    },
    {
      id: 'O2',
      title: "no cycle: no repository's marker graph has a cycle",
      state(s) {
        for (let i = 0; i < s.repos.length; i++) {
          const c = hasMarkerCycle(u, s.repos[i].markers) ? markerCycle(u, s.repos[i].markers) : null;
          if (c) return `${repoNames[i]} has the marker cycle ${c}`;
        }
        return null;
      },
    },
    {
      id: 'O3',
      title: 'sufficient exchange: after an exchange, every changeset both sides hold that the source hides is hidden at the destination',
      transition(_before, step) {
        const e = step.effect as ObsEffect | undefined;
        if (e === undefined || e.kind === 'edit') return null;
        const src = step.next.repos[e.src];
        const dst = step.next.repos[e.dst];
        const missed = src.held & dst.held & obsolete(u, src.markers) & ~obsolete(u, dst.markers);
        if (missed === 0) return null;
        const what = showCsets(u, missed).join(', ');
        return `after ${repoNames[e.kind === 'push' ? e.src : e.dst]} ${e.kind === 'push' ? 'Push' : 'Pull'}, ${what} ${bits(missed).length > 1 ? 'are' : 'is'} hidden at ${repoNames[e.src]} but visible at ${repoNames[e.dst]}`;
      },
    },
  ];
}

/**
 * A user's edit compiled to bit sets once, so that whether it is enabled and what it does are a few
 * bit operations on a repository (no name lookups per step).
 */
interface CompiledEdit {
  readonly edit: Edit;
  /** Changesets that must be visible (amend's and prune's target; mark's two changesets). */
  readonly seen: number;
  /** A changeset that must be held (a commit's parent), or 0. */
  readonly parent: number;
  /** A changeset that must not be held yet (a commit's), or 0. */
  readonly absent: number;
  /** The changesets and markers the edit adds. */
  readonly held: number;
  readonly markers: number;
}

function compileEdit(u: Universe, e: Edit): CompiledEdit {
  const bit = (c: string) => 1 << u.cset(c);
  const marker = (pred: string, succ: string | null) => 1 << u.marker(markerKey(pred, succ));
  switch (e.kind) {
    case 'amend':
      return { edit: e, seen: bit(e.from), parent: 0, absent: 0, held: bit(e.to), markers: marker(e.from, e.to) };
    case 'prune':
      return { edit: e, seen: bit(e.cset), parent: 0, absent: 0, held: 0, markers: marker(e.cset, null) };
    case 'commit': {
      const p = u.parent[u.cset(e.cset)];
      return { edit: e, seen: 0, parent: p < 0 ? 0 : 1 << p, absent: bit(e.cset), held: bit(e.cset), markers: 0 };
    }
    case 'mark':
      return { edit: e, seen: bit(e.pred) | bit(e.succ), parent: 0, absent: 0, held: 0, markers: marker(e.pred, e.succ) };
  }
}

function editOp(e: Edit): Op {
  switch (e.kind) {
    case 'amend':
      return op('Amend', e.from, e.to);
    case 'prune':
      return op('Prune', e.cset);
    case 'commit':
      return op('Commit', e.cset);
    case 'mark':
      return op('Mark', e.pred, e.succ);
  }
}

/** Builds an obsmarkers model for a scenario and an exchange variant. */
export function obsModel(o: { scenario: ObsScenario; variant: ExchangeVariant }): Model<ObsState> {
  const sc = o.scenario;
  const v = o.variant;
  const u = compile(sc);
  const names = sc.repos.map((r) => r.name);
  const server = sc.repos.length - 1;
  if (server < 1) throw new UsageError(`obsmarkers scenario ${sc.name}: needs at least one client and the server`);
  const mask = (cs: readonly string[]) => cs.reduce((m, c) => m | (1 << u.cset(c)), 0);
  const mmask = (ks: readonly string[]) => ks.reduce((m, k) => m | (1 << u.marker(k)), 0);
  const programs = sc.repos.map((r) => r.program.map((e) => compileEdit(u, e)));
  // Actions and effects are immutable, so each is made once per repository and shared by every step.
  const clients = names.slice(0, server).map((_, i) => ({
    edit: { action: { kind: 'edit', repo: i } as ObsAction, effect: { kind: 'edit', src: i, dst: i } as ObsEffect },
    push: { action: { kind: 'push', repo: i } as ObsAction, effect: { kind: 'push', src: i, dst: server } as ObsEffect },
    pull: { action: { kind: 'pull', repo: i } as ObsAction, effect: { kind: 'pull', src: server, dst: i } as ObsEffect },
  }));
  const initial: ObsState = { repos: sc.repos.map((r) => ({ held: mask(r.held), markers: mmask(r.markers), pc: 0 })) };

  /** Repository `i`'s next edit when it is enabled, or undefined. */
  const nextEdit = (r: Repo, i: number): CompiledEdit | undefined => {
    const e = programs[i][r.pc];
    if (e === undefined) return undefined;
    const vis = visible(u, r.held, r.markers);
    return (vis & e.seen) === e.seen && (r.held & e.parent) === e.parent && (r.held & e.absent) === 0 ? e : undefined;
  };
  const enabled = (s: ObsState): ObsAction[] => {
    const out: ObsAction[] = [];
    for (let i = 0; i < server; i++) {
      const c = clients[i];
      if (nextEdit(s.repos[i], i) !== undefined) out.push(c.edit.action);
      out.push(c.push.action, c.pull.action);
    }
    return out;
  };
  const opOf = (s: ObsState, a: ObsAction): Op => (a.kind === 'edit' ? editOp(sc.repos[a.repo].program[s.repos[a.repo].pc]) : op(a.kind === 'push' ? 'Push' : 'Pull'));

  /**
   * Takes action `a` (number `index` of `s`'s enabled actions). With `rowed` false the row is left
   * for its reader to make (`LazyStep`, for the codec's `expand`): nothing is printed. An exchange
   * that moves nothing returns `s` itself as the next state (states are immutable).
   */
  const move = (s: ObsState, a: ObsAction, index: number, rowed: boolean): Step<ObsState> => {
    const c = clients[a.repo];
    if (a.kind === 'edit') {
      const r = s.repos[a.repo];
      const e = programs[a.repo][r.pc];
      const repos = s.repos.slice();
      repos[a.repo] = { held: r.held | e.held, markers: r.markers | e.markers, pc: r.pc + 1 };
      const next = { repos };
      return rowed ? { next, row: { kind: 'call', actor: names[a.repo], op: editOp(e.edit), result: ok() }, effect: c.edit.effect } : new LazyStep(next, c.edit.effect, s, index, step);
    }
    const effect = a.kind === 'push' ? c.push.effect : c.pull.effect;
    const src = s.repos[effect.src];
    const dst = s.repos[effect.dst];
    // What moves is among what the source has and the destination lacks: where that is nothing (most
    // exchanges of a search), so is what moves, for every variant, and it is not computed.
    const lacked = src.held & ~dst.held;
    const lackedMarkers = src.markers & ~dst.markers;
    const moved = lacked === 0 ? 0 : withAncestors(u, visible(u, src.held, src.markers) & ~dst.held, lacked);
    const sent = lackedMarkers === 0 ? 0 : v.markersToSend(u, src, dst, moved, a.kind === 'push') & lackedMarkers;
    let next = s;
    if ((moved | sent) !== 0) {
      const repos = s.repos.slice();
      repos[effect.dst] = { held: dst.held | moved, markers: dst.markers | sent, pc: dst.pc };
      next = { repos };
    }
    if (!rowed) return new LazyStep(next, effect, s, index, step);
    const shown = [...showCsets(u, moved), ...bits(sent).map((i) => u.markers[i].key)];
    return { next, row: { kind: 'call', actor: names[a.repo], op: op(a.kind === 'push' ? 'Push' : 'Pull'), result: shown.length === 0 ? ok() : ok(shown.join(', ')) }, effect };
  };

  const step = (s: ObsState, index: number): Step<ObsState> => {
    const a = enabled(s)[index];
    if (a === undefined) throw new Error(`obsmarkers: no enabled action number ${index}`);
    return move(s, a, index, true);
  };
  /**
   * Every step of `s` at once, rows left unmade (the codec's `expand`), in `enabled`'s order: the
   * same walk as `enabled`, each step made as its action is found (no list of actions and no
   * callback made per state: obsmarkers' 5-user cycle, one cold run, 0.138 → 0.125 s, medians of 20).
   */
  const expand = (s: ObsState): Step<ObsState>[] => {
    const out: Step<ObsState>[] = [];
    for (let i = 0; i < server; i++) {
      const c = clients[i];
      if (nextEdit(s.repos[i], i) !== undefined) out.push(move(s, c.edit.action, out.length, false));
      out.push(move(s, c.push.action, out.length, false));
      out.push(move(s, c.pull.action, out.length, false));
    }
    return out;
  };

  const properties = obsProperties(u, names);
  return {
    name: 'obsmarkers',
    variant: v.name,
    config: { variant: v.name, program: sc.name, actors: server },
    initial: () => initial,
    actions(s): Action[] {
      return enabled(s).map((a) => ({ actor: names[a.repo], op: opOf(s, a), footprint: a.kind === 'edit' ? [`repo:${names[a.repo]}`] : [`repo:${names[a.repo]}`, `repo:${names[server]}`] }));
    },
    step,
    fingerprint: (s) => s.repos.map((r) => `${r.held}.${r.markers}.${r.pc}`).join('|'),
    properties,
    capabilities: { codec: { codec: obsmarkersCodec.codec, expand } },
  };
}

/**
 * The obsmarkers family (seed 003): variants are exchange strategies; `extra.scenario` (or
 * `extra.program`, the CLI's `--program`: a scenario is the users' programs) picks the situation
 * (default `cycle`). `actors` sizes the cast of `cycle` (2 to 5 users, default 2); the other
 * scenarios have two users and refuse another number.
 */
export const obsmarkersFamily: ModelFamily<ObsState> = {
  name: 'obsmarkers',
  title: 'Mercurial obsolescence markers: divergence, cycles and the sufficiency of marker exchange (seed 003)',
  variants: exchangeVariants.map((x) => ({ name: x.name, title: x.title, planted: x.planted })),
  properties: obsProperties(compile(obsScenarios[0]), ['alice', 'bob', 'server']).map((p) => ({ id: p.id, title: p.title, advisory: p.advisory })),
  defaultVariant: 'full',
  build(options: ModelOptions) {
    const named = options.extra?.scenario ?? options.extra?.program;
    const scenario = obsScenarioByName(typeof named === 'string' ? named : 'cycle', options.actors);
    return obsModel({ scenario, variant: exchangeByName(options.variant ?? 'full') });
  },
};
