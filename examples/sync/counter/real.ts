/**
 * The real-world `Io` for the counter client: real time and timers, `fetch` over a loopback socket,
 * an in-memory store whose flush is immediate. With it, the very client class the simulation checks
 * talks to a real server process (`server-process.ts`). Real mode only: nothing here is deterministic.
 */
import type { Io, Reply } from '../../../sim/spec.ts';

/** An `Io` whose requests go to `baseUrl` (`http://127.0.0.1:PORT`). */
export function realIo(name: string, baseUrl: string, timeoutMs = 1000): Io {
  const store = new Map<string, string>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let next = 1;
  return {
    name,
    clock: { now: () => Date.now() },
    random: () => Math.random(),
    timers: {
      setTimeout(fn, ms) {
        const id = next++;
        timers.set(id, setTimeout(() => (timers.delete(id), fn()), ms));
        return id;
      },
      clearTimeout(id) {
        clearTimeout(timers.get(id));
        timers.delete(id);
      },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
    storage: {
      get: <T>(key: string) => (store.has(key) ? (JSON.parse(store.get(key) as string) as T) : undefined),
      set: (key, value) => void store.set(key, JSON.stringify(value ?? null)),
      delete: (key) => void store.delete(key),
      flush: async () => undefined,
    },
    async request<T>(body: unknown, opts?: { timeoutMs?: number }): Promise<Reply<T>> {
      try {
        const res = await fetch(`${baseUrl}/rpc?from=${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(opts?.timeoutMs ?? timeoutMs),
        });
        return (await res.json()) as Reply<T>;
      } catch (e) {
        throw new Error((e as Error).name === 'TimeoutError' ? 'timeout' : (e as Error).message);
      }
    },
    send() {
      throw new Error('realIo: send is not used by the counter client');
    },
    onMessage() {},
  };
}

