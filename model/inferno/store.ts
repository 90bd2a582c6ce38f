/**
 * The Inferno store's state as data, and its read operations (`fetch`, `fetchHist`) as pure
 * functions: the reference semantics that the file-system implementation will be compared against.
 *
 * The store is the seed's directory: object files (`vc_store/<h>`), head files (`heads/<h>`, the
 * hashes of the head's predecessors, oldest first), `to_head/<h>` pointers (current design) and, for
 * option 1, each object's `hist_id` meta field and the in-memory `hist_to_head` map.
 */

/** Object hash: `o1`, `o2`, … (`o2a`, `o2b` for competing successors). */
export type Hash = string;

/** The store directory (and option 1's in-memory map) as immutable data. */
export interface Store {
  /** Object files written (`writeToStore`), sorted. */
  readonly objects: readonly Hash[];
  /** `heads/<h>`: the predecessors of head `h`, oldest first. */
  readonly heads: Readonly<Record<Hash, readonly Hash[]>>;
  /** `to_head/<h>` (current and lock designs); a missing pointer means "h is its own head". */
  readonly toHead: Readonly<Record<Hash, Hash>>;
  /** Option 1: each object's `hist_id` meta field. */
  readonly histId: Readonly<Record<Hash, Hash>>;
  /** Option 1: the in-memory `hist_to_head` map. */
  readonly histToHead: Readonly<Record<Hash, Hash>>;
  /** Option 0: which actor holds the global lock (index), or -1. */
  readonly lock: number;
}

/** Where an actor is in its current `store(o, p)`. */
export type Pc = 'start' | 'write' | 'exists' | 'rename' | 'append' | 'read' | 'point' | 'check' | 'head-file' | 'cas' | 'unlock' | 'done';

/** One actor running its program of `store` calls. */
export interface StoreActor {
  /** Index of the current op in the actor's program. */
  readonly k: number;
  readonly pc: Pc;
  /** The head file as read by `Read` (current, lock). */
  readonly list: readonly Hash[];
  /** Next `to_head` pointer to write (index into `list`). */
  readonly idx: number;
  readonly crashed: boolean;
}

/** A whole Inferno state: the store, the actors, and the ghost spec. */
export interface InfernoState {
  readonly store: Store;
  readonly actors: readonly StoreActor[];
  /** Ghost: the sequential spec's links `o -> p`, recorded at each store's commit point. */
  readonly links: Readonly<Record<Hash, Hash>>;
}

/** Which design the reads follow. */
export type Design = 'to-head' | 'hist-id';

/** `fetch(h)`: the object, or null when it is not stored. */
export function fetch(s: Store, h: Hash): Hash | null {
  return s.objects.includes(h) ? h : null;
}

/** The head a read of `h` resolves to, under the design (null when the lookup fails). */
export function resolveHead(design: Design, s: Store, h: Hash): Hash | null {
  if (design === 'to-head') return s.toHead[h] ?? h;
  const id = s.histId[h];
  return id === undefined ? null : (s.histToHead[id] ?? null);
}

/**
 * `fetchHist(h)`: the whole history of `h`'s script, oldest first, ending with its head (null when
 * the head file is missing: the seed's implementation would raise).
 */
export function fetchHist(design: Design, s: Store, h: Hash): Hash[] | null {
  const head = resolveHead(design, s, h);
  if (head === null) return null;
  const file = s.heads[head];
  return file === undefined ? null : [...file, head];
}

/** The sequential spec: `h`'s chain from the root, oldest first (following `links`). */
export function chainTo(links: Readonly<Record<Hash, Hash>>, h: Hash): Hash[] {
  const out = [h];
  for (let x = links[h]; x !== undefined && out.length < 1000; x = links[x]) out.unshift(x);
  return out;
}
