/**
 * Variants of the client: the correct one and planted bugs, as small data records of knobs. Each
 * planted variant changes one knob and must make the checker report exactly the property in its
 * `planted` field (see `planted.test.ts`).
 */
import { UsageError } from '../core/model.ts';

/** The knobs a variant sets. Every knob's first value is the correct behaviour. */
export interface LocalVariant {
  readonly name: string;
  /** One line for `grove-check list`. */
  readonly title: string;
  /** For planted-bug variants: the property this variant is built to violate. */
  readonly planted?: string;
  /** Where a squash's range starts: right `after` the last squashed commit, or `at` it (overlap). */
  readonly squashFrom: 'after' | 'at';
  /** Where a snapshot's local line starts: right `after` the squash watermark, or `at` it. */
  readonly snapshotFrom: 'after' | 'at';
  /**
   * How a write tells that the snapshot it read is still current: by `canonical` snapshot equality,
   * or by its `local-head` alone (which nobody else moves, so every write is accepted).
   */
  readonly writeCheck: 'canonical' | 'local-head';
  /** When a landing's equivalence `b => a` is recorded: when the push is `confirm`ed, or at its `append`. */
  readonly equivalenceAt: 'confirm' | 'append';
  /** Does a client with nothing to replay still rebase (fast-forward) onto a pulled origin/main? */
  readonly fastForward: boolean;
}

/** The correct client. */
export const threeLogs: LocalVariant = {
  name: 'three-logs',
  title: 'local, staged and origin/main logs; squash while writing; background push (Append + CAS); pull and rebase',
  squashFrom: 'after',
  snapshotFrom: 'after',
  writeCheck: 'canonical',
  equivalenceAt: 'confirm',
  fastForward: true,
};

/** G8: a squash's range starts at the last squashed commit instead of after it, so ranges overlap. */
export const plantedOverlappingSquash: LocalVariant = {
  ...threeLogs,
  name: 'planted-overlapping-squash',
  title: 'planted bug (G8): a squash range starts AT the squash watermark, so consecutive ranges overlap',
  planted: 'G8',
  squashFrom: 'at',
};

/**
 * G9: the equivalence `b => a` is recorded when the Append succeeds, before the push is confirmed,
 * so canonicalization substitutes a remote entry the client's origin/main does not hold (and that
 * would never join main if the confirm failed).
 */
export const plantedEarlyEquivalence: LocalVariant = {
  ...threeLogs,
  name: 'planted-early-equivalence',
  title: 'planted bug (G9): the equivalence b => a is recorded at the Append, before the push is confirmed',
  planted: 'G9',
  equivalenceAt: 'append',
};

/**
 * G10: a snapshot's local line starts AT the watermark instead of after it, so a local commit that
 * already landed is read again on top of origin/main and shadows newer remote pages.
 */
export const plantedWatermarkSnapshot: LocalVariant = {
  ...threeLogs,
  name: 'planted-watermark-snapshot',
  title: 'planted bug (G10): the snapshot\'s local range starts AT the watermark, so a landed commit shadows newer remote pages',
  planted: 'G10',
  snapshotFrom: 'at',
};

/**
 * G10: a write is checked against the local head only, so after a pull and rebase a write that read
 * the old snapshot is still accepted (it never saw the remote pages it now sits on).
 */
export const plantedStaleWrite: LocalVariant = {
  ...threeLogs,
  name: 'planted-stale-write',
  title: 'planted bug (G10): a local commit is accepted on a stale snapshot after a pull (only the local head is compared)',
  planted: 'G10',
  writeCheck: 'local-head',
};

/**
 * G11: a client rebases only when it has something to replay, so one with nothing unlanded never
 * moves its snapshot to the origin/main it pulled.
 */
export const plantedNoFastForward: LocalVariant = {
  ...threeLogs,
  name: 'planted-no-fast-forward',
  title: 'planted bug (G11): a client with nothing to replay never fast-forwards its snapshot to the pulled origin/main',
  planted: 'G11',
  fastForward: false,
};

/** Every planted variant, one or more per property G8–G11. */
export const plantedLocalVariants: readonly LocalVariant[] = [
  plantedOverlappingSquash,
  plantedEarlyEquivalence,
  plantedWatermarkSnapshot,
  plantedStaleWrite,
  plantedNoFastForward,
];

/** Every variant, the correct one first. */
export const allLocalVariants: readonly LocalVariant[] = [threeLogs, ...plantedLocalVariants];

/** Looks a variant up by name; throws a UsageError naming the known ones. */
export function localVariantByName(name: string): LocalVariant {
  const v = allLocalVariants.find((x) => x.name === name);
  if (v === undefined) throw new UsageError(`unknown variant '${name}' for model grove-local; known: ${allLocalVariants.map((x) => x.name).join(', ')}`);
  return v;
}
