/**
 * A small offline-first counter client, written against the simulated `Io` only, so the same code
 * runs in grove-check's world and against a real server (`real.ts`).
 *
 * Local increments go into a durable queue (flushed before the op resolves), then an upload loop
 * pushes the queue to the server. A successful push returns the last mutation id the server holds
 * for this client and a snapshot; the client drops what the server confirmed. On a timeout or an
 * error reply it retries after a pause. A poll timer fetches the snapshot now and then (it never
 * touches the queue: only a push reply says which mutations the server holds).
 */
import type { Io, Reply } from '../../../sim/spec.ts';

/** One queued increment. */
export interface Mutation {
  id: number;
  key: string;
  delta: number;
}

/** What the server answers to a push or a pull. */
export interface PushReply {
  lastId: number;
  data: Record<string, number>;
}

const RETRY_MS = 300;
const POLL_MS = 700;

export class CounterClient {
  private queue: Mutation[];
  private nextId: number;
  private snapshot: Record<string, number>;
  private uploading = false;
  private retry: number | undefined;

  constructor(private readonly io: Io) {
    this.queue = io.storage.get<Mutation[]>('queue') ?? [];
    this.nextId = io.storage.get<number>('nextId') ?? 1;
    this.snapshot = io.storage.get<Record<string, number>>('snapshot') ?? {};
    this.poll();
    if (this.queue.length > 0) void this.upload();
  }

  /** Adds `delta` to `key` locally; resolves with the mutation id once it is durable. */
  async incr(key: string, delta = 1): Promise<number> {
    const m: Mutation = { id: this.nextId++, key, delta };
    this.queue.push(m);
    this.io.storage.set('queue', this.queue);
    this.io.storage.set('nextId', this.nextId);
    await this.io.storage.flush();
    void this.upload();
    return m.id;
  }

  /** The data as this client shows it: the last snapshot plus the queued increments. */
  view(): Record<string, number> {
    const v = { ...this.snapshot };
    for (const m of this.queue) v[m.key] = (v[m.key] ?? 0) + m.delta;
    return v;
  }

  pending(): number {
    return this.queue.length;
  }

  private async upload(): Promise<void> {
    if (this.uploading || this.queue.length === 0) return;
    this.uploading = true;
    let reply: Reply<PushReply> | undefined;
    try {
      reply = await this.io.request<PushReply>({ type: 'push', client: this.io.name, mutations: this.queue });
    } catch {
      reply = undefined;
    }
    this.uploading = false;
    if (reply?.ok === true) {
      this.accept(reply.body);
      await this.io.storage.flush();
      if (this.queue.length > 0) void this.upload();
    } else this.scheduleRetry();
  }

  private accept(body: PushReply): void {
    const last = body.lastId;
    this.queue = this.queue.filter((m) => m.id > last);
    this.snapshot = body.data;
    this.io.storage.set('queue', this.queue);
    this.io.storage.set('snapshot', this.snapshot);
  }

  private scheduleRetry(): void {
    if (this.retry !== undefined) return;
    this.retry = this.io.timers.setTimeout(() => {
      this.retry = undefined;
      void this.upload();
    }, RETRY_MS);
  }

  private poll(): void {
    this.io.timers.setTimeout(() => {
      void this.pull().finally(() => this.poll());
    }, POLL_MS);
  }

  private async pull(): Promise<void> {
    if (this.uploading) return;
    try {
      const r = await this.io.request<PushReply>({ type: 'pull', client: this.io.name });
      // A pull refreshes the data only; the queue shrinks on push replies alone.
      if (r.ok && !this.uploading) {
        this.snapshot = r.body.data;
        this.io.storage.set('snapshot', this.snapshot);
      }
    } catch {
      // a lost pull is retried by the next poll
    }
  }
}
