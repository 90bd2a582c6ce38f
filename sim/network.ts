/**
 * Per-link message queues. A link is one direction between two actors (`c1>server`); messages wait
 * on it in send order. Delivery of the head is the normal case; delivering a later message is a
 * `reorder` fault, dropping one is a lost request or reply, holding one past the next timer is
 * `timeout-late`. A partition drops what is in flight and what is sent until it heals.
 */

/** A message in flight. `payload` is JSON text: nothing live crosses the network. */
export interface Message {
  id: number;
  from: string;
  to: string;
  kind: 'send' | 'request' | 'reply';
  payload: string;
  label: string;
  /** The request's call id (request and reply). */
  call?: number;
  /** The incarnation a reply is addressed to; a restarted client never sees its old replies. */
  toIncarnation?: number;
  /** Set by `timeout-late`: not deliverable before this virtual time. */
  heldUntil?: number;
  /** The trace step of the send, for the sequence diagram. */
  sentStep: number;
  sentAt: number;
}

/** Every link's queue. Mutable; owned by one world. */
export class Network {
  private links = new Map<string, Message[]>();
  private nextId = 1;
  /** Clients currently cut off from the server, with the virtual time their partition heals. */
  readonly partitions = new Map<string, number>();

  /** Queues a message, or returns undefined when a partition swallowed it. */
  post(m: Omit<Message, 'id'>): Message | undefined {
    const msg: Message = { ...m, id: this.nextId++ };
    if (this.partitions.has(m.from) || this.partitions.has(m.to)) return undefined;
    const key = `${m.from}>${m.to}`;
    const q = this.links.get(key) ?? [];
    q.push(msg);
    this.links.set(key, q);
    return msg;
  }

  /** Links with something deliverable now, in a fixed order (by the id of their first message). */
  ready(now: number): { link: string; queue: Message[] }[] {
    const out: { link: string; queue: Message[] }[] = [];
    for (const [link, q] of this.links) {
      const queue = q.filter((m) => m.heldUntil === undefined || m.heldUntil <= now);
      if (queue.length > 0) out.push({ link, queue });
    }
    return out.sort((a, b) => a.queue[0].id - b.queue[0].id);
  }

  /** Removes a message from its link. */
  take(m: Message): void {
    const key = `${m.from}>${m.to}`;
    const q = (this.links.get(key) ?? []).filter((x) => x !== m);
    if (q.length === 0) this.links.delete(key);
    else this.links.set(key, q);
  }

  /** Drops every message between `actor` and anyone; returns them. */
  cut(actor: string): Message[] {
    const dropped: Message[] = [];
    for (const [key, q] of [...this.links]) {
      const hit = q.filter((m) => m.from === actor || m.to === actor);
      if (hit.length === 0) continue;
      dropped.push(...hit);
      const rest = q.filter((m) => !hit.includes(m));
      if (rest.length === 0) this.links.delete(key);
      else this.links.set(key, rest);
    }
    return dropped;
  }

  /** Messages in flight from `actor` (held ones included). */
  from(actor: string): Message[] {
    return [...this.links.values()].flat().filter((m) => m.from === actor);
  }

  /** Every message in flight, in link order. */
  all(): Message[] {
    return [...this.links.values()].flat();
  }

  get inFlight(): number {
    let n = 0;
    for (const q of this.links.values()) n += q.length;
    return n;
  }
}

/** The earliest time a held message becomes deliverable, if any is held. */
export function nextRelease(net: Network, now: number): number | undefined {
  let best: number | undefined;
  for (const m of net.all()) if (m.heldUntil !== undefined && m.heldUntil > now && (best === undefined || m.heldUntil < best)) best = m.heldUntil;
  return best;
}
