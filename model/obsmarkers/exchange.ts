/**
 * Marker exchange strategies (the variants): given the source and destination repositories and the
 * changesets a push or pull transfers, which of the source's markers travel with them.
 *
 * - `full`: every marker the source has (sufficient by construction; the seed's table calls this
 *   family "hash tree"/"rsync": they differ in cost, not in what ends up on the destination).
 * - `boxed`: the markers relevant to the changesets being transferred: those whose successors are
 *   transferred, closed back along predecessors (`A -> A'` travels with A'' when `A' -> A''` does),
 *   as Mercurial's `relevantmarkers` does. Nothing else.
 * - `proposed`: the seed's proposal, read literally. (1) A push inspects the destination's draft
 *   heads; for those dead at the source it sends their kill markers. (2a) Markers that apply to the
 *   changesets being exchanged (as `boxed`, plus markers whose predecessor is exchanged). (2b) Kill
 *   markers for changesets in common after the exchange. "Kill marker" is read as a prune marker
 *   (`C -> ∅`), as in the seed's isolated-kill figure.
 * - `proposed-successors`: as `proposed`, but step (1) sends every marker that makes a dead head
 *   obsolete (a prune or a successor marker): the reading under which step (1) is not already
 *   covered by (2b).
 */
import { UsageError } from '../core/model.ts';
import { heads, lowest, obsolete, type Universe } from './universe.ts';

/** A repository's contents as bit sets. */
export interface RepoSets {
  readonly held: number;
  readonly markers: number;
}

/** A marker exchange strategy: the only thing that differs between the obsmarkers variants. */
export interface ExchangeVariant {
  readonly name: string;
  readonly title: string;
  readonly planted?: string;
  /**
   * The source's markers sent when `moved` changesets go from `src` to `dst` (`push` when the source
   * is a client and the destination the server). Pure.
   */
  markersToSend(u: Universe, src: RepoSets, dst: RepoSets, moved: number, push: boolean): number;
}

/** Markers of `src` whose successors meet `cs`, closed back along predecessors. */
export function relevantMarkers(u: Universe, srcMarkers: number, cs: number): number {
  let sent = 0;
  let targets = cs;
  for (;;) {
    let added = 0;
    for (let m = srcMarkers & ~sent; m !== 0; m &= m - 1) {
      const i = lowest(m);
      if (u.succMaskOf[i] & targets) {
        added |= 1 << i;
        targets |= 1 << u.predOf[i];
      }
    }
    if (added === 0) return sent;
    sent |= added;
  }
}

/** Markers of `src` with their predecessor in `cs`; only kill markers when `killOnly`. */
function markersOf(u: Universe, srcMarkers: number, cs: number, killOnly: boolean): number {
  let out = 0;
  for (let m = srcMarkers; m !== 0; m &= m - 1) {
    const i = lowest(m);
    if (cs & (1 << u.predOf[i]) && (!killOnly || u.succMaskOf[i] === 0)) out |= 1 << i;
  }
  return out;
}

/** Every marker travels: sufficient by construction. */
export const fullExchange: ExchangeVariant = {
  name: 'full',
  title: 'exchange every marker the source has',
  markersToSend: (_u, src) => src.markers,
};

/** The seed's boxed push: markers relevant to the transferred changesets only. */
export const boxedExchange: ExchangeVariant = {
  name: 'boxed',
  title: "boxed push: only markers relevant to the changesets being transferred (the seed's 'almost' sufficient)",
  markersToSend: (u, src, _dst, moved) => relevantMarkers(u, src.markers, moved),
};

function proposed(step1KillOnly: boolean): ExchangeVariant['markersToSend'] {
  return (u, src, dst, moved, push) => {
    let sent = relevantMarkers(u, src.markers, moved) | markersOf(u, src.markers, moved, false);
    const common = src.held & (dst.held | moved);
    sent |= markersOf(u, src.markers, common, true);
    if (push) {
      const deadHeads = heads(u, dst.held) & src.held & obsolete(u, src.markers);
      sent |= markersOf(u, src.markers, deadHeads, step1KillOnly);
    }
    return sent;
  };
}

/** The seed's proposed exchange, "kill marker" read as prune marker. */
export const proposedExchange: ExchangeVariant = {
  name: 'proposed',
  title: "the seed's proposal, literally: push kill markers of the server's draft heads dead locally; exchange markers of exchanged changesets and kill markers of common ones",
  markersToSend: proposed(true),
};

/** The proposed exchange with step 1 pushing any marker that kills a server draft head. */
export const proposedSuccessorsExchange: ExchangeVariant = {
  name: 'proposed-successors',
  title: "the seed's proposal, with step 1 pushing every marker that makes a server draft head dead locally (prune or successor)",
  markersToSend: proposed(false),
};

/** Every exchange variant. */
export const exchangeVariants: readonly ExchangeVariant[] = [fullExchange, boxedExchange, proposedExchange, proposedSuccessorsExchange];

/** Looks a variant up by name; throws a UsageError naming the known ones. */
export function exchangeByName(name: string): ExchangeVariant {
  const v = exchangeVariants.find((x) => x.name === name);
  if (v === undefined) throw new UsageError(`unknown variant '${name}' for model obsmarkers; known: ${exchangeVariants.map((x) => x.name).join(', ')}`);
  return v;
}
