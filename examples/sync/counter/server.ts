/**
 * The counter server: applies pushed increments and answers with the last mutation id it holds for
 * the client and a snapshot of the data. How it treats a mutation it has already seen is the knob the
 * examples turn:
 *
 * - `none`: it does not remember; every pushed mutation is applied (duplicate upload after a lost reply);
 * - `error`: it skips it and answers with an error (after an applied-but-error reply, the client's
 *   retry is refused forever: the queue is wedged);
 * - `ack`: it skips it and acknowledges it (idempotent: the corrected server).
 */
import type { Reply } from '../../../sim/spec.ts';
import type { Mutation, PushReply } from './client.ts';

export type Dedup = 'none' | 'error' | 'ack';

export class CounterServer {
  readonly data: Record<string, number> = {};
  /** Every mutation applied, in order. */
  readonly applied: { client: string; id: number }[] = [];
  private readonly last = new Map<string, number>();

  constructor(private readonly dedup: Dedup) {}

  handle(from: string, body: unknown): Reply<PushReply> {
    const req = body as { type: string; mutations?: Mutation[] };
    if (req.type === 'pull') return this.reply(from);
    if (req.type !== 'push' || !Array.isArray(req.mutations)) return { ok: false, error: 'bad request' };
    for (const m of req.mutations) {
      const last = this.last.get(from) ?? 0;
      if (this.dedup !== 'none' && m.id <= last) {
        if (this.dedup === 'error') return { ok: false, error: `mutation ${m.id} already processed` };
        continue;
      }
      this.data[m.key] = (this.data[m.key] ?? 0) + m.delta;
      this.applied.push({ client: from, id: m.id });
      this.last.set(from, Math.max(last, m.id));
    }
    return this.reply(from);
  }

  private reply(from: string): Reply<PushReply> {
    return { ok: true, body: { lastId: this.last.get(from) ?? 0, data: { ...this.data } } };
  }
}
