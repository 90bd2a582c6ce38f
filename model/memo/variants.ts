/**
 * Memo's epoch-selection rules as data. A variant says which of two epochs a replica keeps active and
 * whether the replica merges Lamport clocks on receipt; planted variants break exactly one property.
 */
import { UsageError } from '../core/model.ts';
import type { Epoch } from './state.ts';

/** One way a replica picks its active epoch. Every field is read by `model.ts`; nothing else is. */
export interface MemoVariant {
  readonly name: string;
  readonly title: string;
  /** For planted-bug variants: the property this variant is built to violate. */
  readonly planted?: string;
  /** Does `candidate` (just seen) replace `current` as the active epoch? */
  wins(candidate: Epoch, current: Epoch): boolean;
  /** Lamport receive rule: `clock = max(clock, ts)` on each epoch delivered (false: a planted bug). */
  readonly mergeClock: boolean;
  /** Apply an op whatever its epoch (true: a planted bug; the seed applies only active-epoch ops). */
  readonly applyAnyEpoch: boolean;
}

/** Higher timestamp wins; equal timestamps: higher replica number wins (a total order). */
function lamportTiebreak(candidate: Epoch, current: Epoch): boolean {
  return candidate.ts > current.ts || (candidate.ts === current.ts && candidate.replica > current.replica);
}

/** The seed's rule: "honor the epoch creation with the most recent Lamport timestamp", with replica id as tie-break. */
export const lamportTiebreakVariant: MemoVariant = {
  name: 'lamport-tiebreak',
  title: 'most recent Lamport timestamp wins, ties broken by replica id (a total order on epochs)',
  wins: lamportTiebreak,
  mergeClock: true,
  applyAnyEpoch: false,
};

/** Timestamps only: on a tie the replica keeps its current epoch (first delivered wins). */
export const lamportNoTiebreakVariant: MemoVariant = {
  name: 'lamport-no-tiebreak',
  title: 'most recent Lamport timestamp wins; on equal timestamps the replica keeps its current epoch',
  wins: (candidate, current) => candidate.ts > current.ts,
  mergeClock: true,
  applyAnyEpoch: false,
};

/** M2: replicas never merge the clocks they receive, so an epoch made after seeing another can tie or lose. */
export const plantedLocalClock: MemoVariant = {
  name: 'planted-local-clock',
  title: 'planted bug (M2): a replica ticks its own clock but never merges received timestamps',
  planted: 'M2',
  wins: lamportTiebreak,
  mergeClock: false,
  applyAnyEpoch: false,
};

/** M3: ops are applied to the current tree whatever epoch they are tagged with. */
export const plantedApplyStale: MemoVariant = {
  name: 'planted-apply-stale',
  title: 'planted bug (M3): an op is applied whatever epoch it is tagged with',
  planted: 'M3',
  wins: lamportTiebreak,
  mergeClock: true,
  applyAnyEpoch: true,
};

/** Every Memo variant, standard ones first. */
export const memoVariants: readonly MemoVariant[] = [lamportTiebreakVariant, lamportNoTiebreakVariant, plantedLocalClock, plantedApplyStale];

/** Looks a variant up by name; throws a UsageError naming the known ones. */
export function memoVariantByName(name: string): MemoVariant {
  const v = memoVariants.find((x) => x.name === name);
  if (v === undefined) throw new UsageError(`unknown variant '${name}' for model memo; known: ${memoVariants.map((x) => x.name).join(', ')}`);
  return v;
}
