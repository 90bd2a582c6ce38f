/**
 * A tiny key-value sync pair for the property tests, with two planted bugs: a server that ignores
 * deletes (deleted data comes back: no-resurrection) and a client that never pulls (clients do not
 * converge).
 */
import type { Io, Reply, SimSpec } from '../spec.ts';

class KvClient {
  view: Record<string, number> = {};
  constructor(
    private readonly io: Io,
    private readonly pull: boolean,
  ) {}

  async call(body: { type: 'put' | 'del'; key: string; value?: number }): Promise<void> {
    for (;;) {
      try {
        const r = await this.io.request<Record<string, number>>(body);
        if (r.ok) {
          if (this.pull) this.view = r.body;
          else if (body.type === 'put') this.view[body.key] = body.value ?? 0;
          else delete this.view[body.key];
          return;
        }
      } catch {
        // timeout: retry
      }
      await this.io.timers.sleep(200);
    }
  }
}

class KvServer {
  data: Record<string, number> = {};
  constructor(private readonly ignoreDeletes: boolean) {}
  handle(_from: string, body: unknown): Reply<Record<string, number>> {
    const b = body as { type: string; key: string; value: number };
    if (b.type === 'put') this.data[b.key] = b.value;
    if (b.type === 'del' && !this.ignoreDeletes) delete this.data[b.key];
    return { ok: true, body: { ...this.data } };
  }
}

export function kvSpec(opts: { ignoreDeletes?: boolean; pull?: boolean; clients?: number }): SimSpec<KvClient, KvServer> {
  return {
    name: 'kv',
    clients: opts.clients ?? 1,
    opsPerClient: 3,
    server: () => new KvServer(opts.ignoreDeletes ?? false),
    client: (io) => new KvClient(io, opts.pull ?? true),
    ops: [
      { name: 'put', args: (r) => ['x', Math.floor(r() * 9) + 1], run: (c, k, v) => c.call({ type: 'put', key: String(k), value: Number(v) }), writes: (k) => String(k) },
      { name: 'del', args: () => ['x'], run: (c, k) => c.call({ type: 'del', key: String(k) }), deletes: (k) => String(k) },
    ],
    adapter: { clientView: (c) => c.view, serverView: (s) => s.data },
  };
}
