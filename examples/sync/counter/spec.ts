/**
 * The counter system as a simulation spec: two clients incrementing two keys, a server with one of
 * the dedup behaviours, and the adapter that lets the built-in properties read both sides.
 */
import type { SimSpec } from '../../../sim/spec.ts';
import { CounterClient } from './client.ts';
import { CounterServer, type Dedup } from './server.ts';

/** A counter spec whose server treats repeated mutations as `dedup` says. */
export function counterSpec(name: string, dedup: Dedup): SimSpec<CounterClient, CounterServer> {
  return {
    name,
    clients: 2,
    opsPerClient: 2,
    // A lost reply costs a 1000 ms timeout and a 300 ms pause: a healthy queue drains within 2 s.
    timing: { drainMs: 2000 },
    server: () => new CounterServer(dedup),
    client: (io) => new CounterClient(io),
    ops: [
      {
        name: 'incr',
        args: (random) => [random() < 0.5 ? 'x' : 'y'],
        run: (c, key) => c.incr(String(key)),
        mutation: true,
      },
    ],
    adapter: {
      clientView: (c) => c.view(),
      serverView: (s) => s.data,
      pending: (c) => c.pending(),
      applied: (s) => s.applied,
    },
  };
}
