/**
 * Virtual time: a clock that only moves when the world fires the earliest timer, and the timers
 * themselves. Timers are ordered by (due time, creation order), so equal due times fire in the order
 * they were set: no tie is left to chance.
 */

/** A pending timer. `owner` is the actor (and incarnation) that set it. */
export interface Timer {
  id: number;
  due: number;
  owner: string;
  incarnation: number;
  fire: () => void;
}

/** The virtual clock and its timer queue. Mutable; owned by one world. */
export class VirtualClock {
  now = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  /** Sets a timer `ms` (at least 0) after now; returns its id. */
  set(owner: string, incarnation: number, ms: number, fire: () => void): number {
    const id = this.nextId++;
    const due = this.now + Math.max(0, Math.floor(Number.isFinite(ms) ? ms : 0));
    this.timers.push({ id, due, owner, incarnation, fire });
    return id;
  }

  clear(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Drops every timer of an owner (a crash). */
  clearOwner(owner: string): void {
    this.timers = this.timers.filter((t) => t.owner !== owner);
  }

  /** The timer that fires next, without removing it. */
  peek(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (best === undefined || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  }

  /** Removes the next timer and moves the clock to its due time. */
  pop(): Timer | undefined {
    const t = this.peek();
    if (t === undefined) return undefined;
    this.timers = this.timers.filter((x) => x !== t);
    this.now = Math.max(this.now, t.due);
    return t;
  }

  get size(): number {
    return this.timers.length;
  }
}
