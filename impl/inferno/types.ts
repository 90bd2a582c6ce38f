/**
 * The common surface of every real Inferno store (seed 004): the async interface the harnesses
 * drive, the hash function, and the two errors a store may answer with.
 *
 * **Hashes.** A hash is `sha256(content)` in base64url without padding (43 characters, safe as a
 * file name: no `/`, no `=`), as the seed's `writeToStore(o)` does. Content alone, not content plus
 * predecessor: two equal objects are one object. The stores do not support storing the same content
 * twice (the second `store` would rename the head file onto itself, or hit the primary key); the
 * harnesses make every content unique (script, client, op number, seed), so it never happens there.
 *
 * **Errors.** `store(o, p)` on a `p` that is not the head of its history answers
 * {@link NotHeadError} (option 1's `TriedToAppendToNonHeadError`). The seed's current code does not
 * raise there: it writes the object and leaves it out of every history; the real `current` store
 * leaves exactly the same files but reports it, so that a caller (and the checker) can tell. Any
 * other error (a file that vanished under a racing store, a lock that never came free) is an
 * unexpected failure whose effect is unknown.
 */
import { createHash } from 'node:crypto';

/** An object's hash: sha256 of its content, base64url, no padding. */
export type Hash = string;

/** The store variants of issue 7: the seed's current code and its three fixes (option 1 twice). */
export type StoreName = 'current' | 'lock' | 'cas' | 'cas-shared' | 'sqlite';

/** Every store variant, in the order reports list them. */
export const STORE_NAMES: readonly StoreName[] = ['current', 'lock', 'cas', 'cas-shared', 'sqlite'];

/** The hash of an object's content (see the module comment). */
export function hashOf(content: string): Hash {
  return createHash('sha256').update(content, 'utf8').digest('base64url');
}

/**
 * A real Inferno store over a directory. Every method may be called concurrently with any other (that
 * is the point); the fixes promise that the calls are linearizable against `impl/inferno/spec.ts`,
 * the current code does not. `del` is not offered: the seed gives no algorithm for it.
 */
export interface InfernoStore {
  /** The variant. */
  readonly name: StoreName;
  /**
   * Stores `content` as the successor of `pred` (the head of its history), or as the first version
   * of a new script when `pred` is null. Resolves to the object's hash; rejects with
   * {@link NotHeadError} when `pred` is not a head (unknown, or already has a successor).
   */
  store(content: string, pred: Hash | null): Promise<Hash>;
  /** The object's content, or null when no object has that hash. */
  fetch(h: Hash): Promise<string | null>;
  /**
   * The whole history of `h`'s script, oldest first, ending with its head (not with `h`). Rejects
   * (with a plain `Error` naming the missing file) when the store cannot find the history.
   */
  fetchHist(h: Hash): Promise<Hash[]>;
  /** Releases what the instance holds (a database handle); the directory stays. */
  close(): Promise<void>;
}

/** `store(o, p)` on a `p` that is not the head of its history (or is not stored at all). */
export class NotHeadError extends Error {
  override readonly name = 'NotHeadError';
  constructor(
    /** The predecessor that was refused. */
    readonly pred: Hash,
    /** How the store found out (`heads/<p> missing`, `hist_to_head is <h>`, …). */
    readonly why: string,
  ) {
    super(`not a head: ${pred} (${why})`);
  }
}

/** The simulated death of the process (a crash hook fired): no later file operation happens. */
export class CrashError extends Error {
  override readonly name = 'CrashError';
}

/** True when `e` is a Node file-system error with this code (`ENOENT`, `EEXIST`). */
export function isErrno(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as NodeJS.ErrnoException).code === code;
}
