/**
 * Durable storage that survives crashes. Each actor's storage has a durable layer and a layer of
 * writes not yet flushed; reads see both. A crash keeps the durable layer only. Values are deep
 * copied on the way in and out, so an actor cannot keep a live reference into "disk".
 */

const TOMBSTONE = Symbol('deleted');

/** One actor's disk. Outlives the actor's incarnations. */
export class DurableStore {
  private durable = new Map<string, string>();
  private dirty = new Map<string, string | typeof TOMBSTONE>();

  get(key: string): unknown {
    const d = this.dirty.get(key);
    const raw = d === undefined ? this.durable.get(key) : d === TOMBSTONE ? undefined : d;
    return raw === undefined ? undefined : JSON.parse(raw);
  }

  set(key: string, value: unknown): void {
    this.dirty.set(key, JSON.stringify(value ?? null));
  }

  delete(key: string): void {
    this.dirty.set(key, TOMBSTONE);
  }

  /** Number of keys written since the last flush. */
  get unflushed(): number {
    return this.dirty.size;
  }

  /** Makes the writes so far durable. */
  flush(): void {
    for (const [k, v] of this.dirty) {
      if (v === TOMBSTONE) this.durable.delete(k);
      else this.durable.set(k, v);
    }
    this.dirty.clear();
  }

  /** A crash: the writes not flushed are lost. Returns how many keys were lost. */
  crash(): number {
    const lost = this.dirty.size;
    this.dirty.clear();
    return lost;
  }
}
