/**
 * State persisted before delivery (the shape of an automerge-repo bug): a client records "the server
 * has my changes up to N" in its durable sync state when it *sends* them, not when the server says it
 * received them. If that message is lost, the client's own records say there is nothing to resend:
 * the change never reaches the server although the client treats it as synced. The corrected client
 * advances its durable sync state only on the server's acknowledgement, and resends until then.
 *
 * This example uses the message transport (`io.send` / `io.onMessage`), not requests.
 *
 *   grove-check sim examples/sync/persisted-before-delivery.ts --faults lost-request=1
 *   grove-check sim examples/sync/persisted-before-delivery.ts --export fixed --faults lost-request=1
 */
import type { Io, SimSpec } from '../../sim/spec.ts';

/** One change to the shared document: set `key` to `value`. */
interface Change {
  id: string;
  key: string;
  value: number;
}

type Msg = { type: 'changes'; changes: Change[] } | { type: 'ack'; upTo: number } | { type: 'doc'; doc: Record<string, number> };

const RESEND_MS = 400;

/** A client that syncs its own changes to the server and receives the merged document. */
export class DocClient {
  private changes: Change[];
  /** How many of `changes` the client counts as held by the server (durable). */
  private synced: number;
  private doc: Record<string, number>;

  constructor(
    private readonly io: Io,
    private readonly persistOnSend: boolean,
  ) {
    this.changes = io.storage.get<Change[]>('changes') ?? [];
    this.synced = io.storage.get<number>('synced') ?? 0;
    this.doc = io.storage.get<Record<string, number>>('doc') ?? {};
    io.onMessage((_from, m) => this.receive(m as Msg));
    this.tick();
  }

  /** Sets `key` locally; resolves with the change id once the change is durable. */
  async set(key: string, value: number): Promise<string> {
    const c: Change = { id: `${this.io.name}-${this.changes.length + 1}`, key, value };
    this.changes.push(c);
    this.doc[key] = value;
    this.io.storage.set('changes', this.changes);
    this.io.storage.set('doc', this.doc);
    await this.io.storage.flush();
    await this.sync();
    return c.id;
  }

  view(): Record<string, number> {
    return this.doc;
  }

  pending(): number {
    return this.changes.length - this.synced;
  }

  acked(): string[] {
    return this.changes.slice(0, this.synced).map((c) => c.id);
  }

  private async sync(): Promise<void> {
    const unsent = this.changes.slice(this.synced);
    if (unsent.length === 0) return;
    if (this.persistOnSend) {
      // The bug: the sync state claims delivery before the message is delivered.
      this.synced = this.changes.length;
      this.io.storage.set('synced', this.synced);
      await this.io.storage.flush();
    }
    this.io.send('server', { type: 'changes', changes: unsent });
  }

  private receive(m: Msg): void {
    if (m.type === 'ack' && m.upTo > this.synced) {
      this.synced = Math.min(m.upTo, this.changes.length);
      this.io.storage.set('synced', this.synced);
    }
    if (m.type === 'doc') {
      this.doc = { ...m.doc };
      for (const c of this.changes.slice(this.synced)) this.doc[c.key] = c.value;
      this.io.storage.set('doc', this.doc);
    }
  }

  /** Resends what the sync state says the server lacks. */
  private tick(): void {
    this.io.timers.setTimeout(() => {
      void this.sync().then(() => this.tick());
    }, RESEND_MS);
  }
}

/** Merges changes (each id once, in arrival order per client), acknowledges, broadcasts the document. */
export class DocServer {
  readonly doc: Record<string, number> = {};
  readonly applied: { client: string; id: string }[] = [];
  private readonly count = new Map<string, number>();

  constructor(
    private readonly io: Io,
    private readonly clients: string[],
  ) {
    io.onMessage((from, m) => this.receive(from, m as Msg));
  }

  private receive(from: string, m: Msg): void {
    if (m.type !== 'changes') return;
    for (const c of m.changes) {
      const n = this.count.get(from) ?? 0;
      if (Number(c.id.split('-')[1]) !== n + 1) continue;
      this.count.set(from, n + 1);
      this.doc[c.key] = c.value;
      this.applied.push({ client: from, id: c.id });
    }
    this.io.send(from, { type: 'ack', upTo: this.count.get(from) ?? 0 });
    for (const c of this.clients) this.io.send(c, { type: 'doc', doc: this.doc });
  }
}

function docSpec(name: string, persistOnSend: boolean): SimSpec<DocClient, DocServer> {
  return {
    name,
    clients: 2,
    opsPerClient: 2,
    server: (io) => new DocServer(io, ['c1', 'c2']),
    client: (io) => new DocClient(io, persistOnSend),
    ops: [{ name: 'set', args: (r) => [r() < 0.5 ? 'x' : 'y', Math.floor(r() * 10)], run: (c, k, v) => c.set(String(k), Number(v)), mutation: true }],
    adapter: { serverView: (s) => s.doc, pending: (c) => c.pending(), acked: (c) => c.acked(), applied: (s) => s.applied },
    properties: ['no-lost-ack', 'drains', 'exactly-once'],
  };
}

export default docSpec('persisted-before-delivery', true);
export const fixed = docSpec('persisted-before-delivery-fixed', false);
export const faults = { 'lost-request': 1 };
