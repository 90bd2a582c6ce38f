/**
 * The situations of seed 003 as data: which changesets exist (with parents), what each repository
 * holds at the start, and the local edits each user may make (in order, interleaved with any number
 * of pushes and pulls). The checker explores every interleaving; a scenario fixes only the cast.
 */
import { UsageError } from '../core/model.ts';

/** A local history edit, each making at most one marker. */
export type Edit =
  /** `hg amend`: replace visible `from` with a new changeset `to` (same parent); marker `from -> to`. */
  | { readonly kind: 'amend'; readonly from: string; readonly to: string }
  /** `hg prune`: kill visible `cset`; marker `cset -> ∅`. */
  | { readonly kind: 'prune'; readonly cset: string }
  /** `hg commit` (or graft): a new changeset, no marker. */
  | { readonly kind: 'commit'; readonly cset: string }
  /** `hg prune pred --succ succ` (or debugobsolete), once the user sees both: marker `pred -> succ`. */
  | { readonly kind: 'mark'; readonly pred: string; readonly succ: string };

/** One repository at the start. */
export interface RepoSetup {
  readonly name: string;
  readonly held: readonly string[];
  /** Markers held at the start, as `A->A'` or `C->∅`. */
  readonly markers: readonly string[];
  /** The user's edits, in order (empty for the server). */
  readonly program: readonly Edit[];
}

/** A situation of the seed: the changesets, and each repository's start and edits. */
export interface ObsScenario {
  readonly name: string;
  readonly title: string;
  /** Every changeset that may ever exist, with its parent (null: a root). */
  readonly changesets: readonly { readonly name: string; readonly parent: string | null }[];
  /** Clients first; the last repository is the server everyone pushes to and pulls from. */
  readonly repos: readonly RepoSetup[];
}

/** The users of {@link cycleScenarioOf}, in order: two in the seed, up to five. */
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];

/**
 * The seed's "Cycles" with `users` users (2 to 5; the seed has Alice and Bob): each amends A into
 * their own successor (A', A'', A''' and so on) and, seeing another's, resolves the divergence for
 * their own by marking the other's successor into it, for each other user in order. With two users
 * this is the seed's figure exactly; with more, the same resolution made by everyone, as happens
 * when a team rewrites one shared changeset. There are users² markers, at most 25 (a repository's
 * markers are one 32-bit word).
 */
export function cycleScenarioOf(users: number): ObsScenario {
  if (!Number.isInteger(users) || users < 2 || users > USERS.length) throw new UsageError(`obsmarkers scenario cycle: 2 to ${USERS.length} users (--actors), got ${users}`);
  const cast = USERS.slice(0, users);
  const succ = (i: number): string => `A${"'".repeat(i + 1)}`;
  const others = (i: number): number[] => cast.map((_, j) => j).filter((j) => j !== i);
  return {
    name: 'cycle',
    title:
      users === 2
        ? "Alice amends A into A', Bob into A''; each resolves the divergence for their own successor"
        : `${users} users each amend A into their own successor (A' to ${succ(users - 1)}); each resolves the divergence for their own`,
    changesets: [{ name: 'A', parent: null }, ...cast.map((_, i) => ({ name: succ(i), parent: null }))],
    repos: [
      ...cast.map(
        (name, i): RepoSetup => ({
          name,
          held: ['A'],
          markers: [],
          program: [{ kind: 'amend', from: 'A', to: succ(i) }, ...others(i).map((j): Edit => ({ kind: 'mark', pred: succ(j), succ: succ(i) }))],
        }),
      ),
      { name: 'server', held: ['A'], markers: [], program: [] },
    ],
  };
}

/** The seed's "Cycles": Alice and Bob both amend A, see the divergence, and resolve it each their own way. */
export const cycleScenario: ObsScenario = cycleScenarioOf(2);

/** Exchange, reason 1: C is on the server in draft; Alice kills it (`C -> ∅`) with nothing else to push. */
export const isolatedKillScenario: ObsScenario = {
  name: 'isolated-kill',
  title: 'A-B-C everywhere in draft; Alice prunes C, then pushes and Bob pulls',
  changesets: [
    { name: 'A', parent: null },
    { name: 'B', parent: 'A' },
    { name: 'C', parent: 'B' },
  ],
  repos: [
    { name: 'alice', held: ['A', 'B', 'C'], markers: [], program: [{ kind: 'prune', cset: 'C' }] },
    { name: 'bob', held: ['A', 'B', 'C'], markers: [], program: [] },
    { name: 'server', held: ['A', 'B', 'C'], markers: [], program: [] },
  ],
};

/**
 * Exchange, reason 2: `A -> A'` was pushed with A'. Alice makes A'' (a plain commit) and may push
 * it; only afterwards does the marker `A' -> A''` appear (the seed's chain A -> A' -> A'').
 */
export const lateMarkerScenario: ObsScenario = {
  name: 'late-marker',
  title: "A' was pushed with A -> A'; Alice commits A'', and later marks A' -> A''",
  changesets: [
    { name: 'A', parent: null },
    { name: "A'", parent: null },
    { name: "A''", parent: null },
  ],
  repos: [
    { name: 'alice', held: ['A', "A'"], markers: ["A->A'"], program: [{ kind: 'commit', cset: "A''" }, { kind: 'mark', pred: "A'", succ: "A''" }] },
    { name: 'bob', held: ["A'"], markers: ["A->A'"], program: [] },
    { name: 'server', held: ["A'"], markers: ["A->A'"], program: [] },
  ],
};

/** Every scenario, by name. */
export const obsScenarios: readonly ObsScenario[] = [cycleScenario, isolatedKillScenario, lateMarkerScenario];

/**
 * Looks a scenario up by name; throws a UsageError naming the known ones. `users` (the CLI's
 * `--actors`) sizes the cast of `cycle` (default 2); the other scenarios have a fixed cast of two
 * users and refuse another number.
 */
export function obsScenarioByName(name: string, users?: number): ObsScenario {
  if (name === 'cycle') return users === undefined ? cycleScenario : cycleScenarioOf(users);
  const s = obsScenarios.find((x) => x.name === name);
  if (s === undefined) throw new UsageError(`unknown scenario '${name}' for model obsmarkers; known: ${obsScenarios.map((x) => x.name).join(', ')}`);
  const cast = s.repos.length - 1;
  if (users !== undefined && users !== cast) throw new UsageError(`obsmarkers scenario ${name} has ${cast} users; --actors sizes the cycle scenario only`);
  return s;
}
