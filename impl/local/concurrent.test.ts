/**
 * The background pusher as real concurrent work, with no gate: on every backend, three clients each
 * run an application loop that keeps writing (retrying a write refused as stale) while their pushers
 * squash, push, confirm, pull and rebase on their own (`AutoPolicy`), against a remote with a
 * little network latency. Afterwards every pusher drains
 * and stops, each client pulls and rebases once more, and the final state must hold G8–G11 evaluated
 * on the implementation: nothing is lost (G10, and every accepted write is in exactly one landed
 * range on the remote) and every client converges on main (G11). Writes must have happened while
 * pushes were in flight (otherwise the test proved nothing about concurrency).
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { localModel } from '../../model/grove-local/model.ts';
import { localLog, stagedLog } from '../../model/grove-local/names.ts';
import { foldPages } from '../../model/grove-local/pages.ts';
import { createStore, emptyStore, readSnapshot, type BackendKind, type Remote } from '../remote/index.ts';
import { LocalClient } from './client.ts';
import { abstractState, implProblem, implView } from './properties.ts';
import { AutoPolicy, Pusher } from './pusher.ts';
import { LOCAL_BACKENDS, openLocalStore } from './store/index.ts';

const CLIENTS = 3;
const WRITES = 16;
const PAGES = ['p', 'q', 'r'];

/**
 * `r` behind a network: each primitive first waits 0–1 ms (as a remote over a network would; the
 * memory and SQLite backends otherwise answer within the same tick), and is counted in `inflight[i]`
 * until it answers.
 */
function overNetwork(r: Remote, inflight: number[], i: number, rng: () => number): Remote {
  const track = async <T>(p: () => Promise<T>): Promise<T> => {
    inflight[i]++;
    try {
      await new Promise((res) => setTimeout(res, Math.floor(rng() * 2)));
      return await p();
    } finally {
      inflight[i]--;
    }
  };
  return {
    kind: r.kind,
    append: (log, lsn, c) => track(() => r.append(log, lsn, c)),
    branch: (from, to, c) => track(() => r.branch(from, to, c)),
    readRef: (ref) => track(() => r.readRef(ref)),
    check: (ref, at, mode) => track(() => r.check(ref, at, mode)),
    cas: (ref, e, n, cmp) => track(() => r.cas(ref, e, n, cmp)),
    listLogs: () => track(() => r.listLogs()),
    readRefs: () => r.readRefs(),
    close: () => r.close(),
  };
}

async function concurrentRun(backend: BackendKind, seed: number) {
  const rng = seedrandom(String(seed));
  const store = await createStore(backend, emptyStore(), { durable: false });
  const clients: LocalClient[] = [];
  const policies: AutoPolicy[] = [];
  const pushers: Pusher[] = [];
  const inflight = Array.from({ length: CLIENTS }, () => 0);
  let duringSync = 0;
  let stale = 0;
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const id = String(i + 1);
      const client = new LocalClient({
        names: { actor: id, staged: stagedLog(i), local: localLog(i), remote: 'a', ref: 'main' },
        remote: overNetwork(await store.connect(), inflight, i, rng),
        store: openLocalStore(backend, store.location, id),
      });
      const policy = new AutoPolicy({ pollMs: 2, backoffMs: 1 });
      clients.push(client);
      policies.push(policy);
      pushers.push(new Pusher(client, policy));
    }
    const loops = pushers.map((p) => p.start());
    const writer = async (i: number): Promise<void> => {
      const c = clients[i];
      for (let accepted = 0; accepted < WRITES; ) {
        // A write while this client's pusher awaits the remote: the write does not wait for it.
        if (inflight[i] > 0) duringSync++;
        const r = c.write(PAGES[Math.floor(rng() * PAGES.length)]);
        if (r.ok) {
          accepted++;
          policies[i].notify();
        } else stale++;
        if (rng() < 0.5) await new Promise((res) => setImmediate(res));
        else await new Promise((res) => setTimeout(res, Math.floor(rng() * 3)));
      }
    };
    await Promise.all(clients.map((_, i) => writer(i)));
    await Promise.all(policies.map((p) => p.drained()));
    for (const p of policies) p.stop();
    await Promise.all(loops);
    // The final sync: everything has landed, so one pull and rebase each brings every client to main.
    for (const c of clients) {
      await c.pull();
      if (c.meta.base < c.logs().origin.length) c.rebase();
    }
    const observer = await store.connect();
    const view = implView(clients, await readSnapshot(observer));
    return { view, clients, pushers, duringSync, stale };
  } finally {
    for (const c of clients) c.close();
    await store.dispose();
  }
}

describe.each(LOCAL_BACKENDS)('the pusher running concurrently with writes, no gate (%s)', (backend) => {
  it.each([1, 2])('loses nothing and converges (seed %i)', async (seed) => {
    const { view, clients, pushers, duringSync } = await concurrentRun(backend, seed);
    const ctx = localModel({ clients: CLIENTS, writes: WRITES, pages: PAGES }).ctx;
    expect(implProblem(ctx, null, view)).toBeNull();
    const s = abstractState(view);
    // Nothing lost: each client's accepted writes are covered, in order, by its landed ranges on main.
    for (let i = 0; i < CLIENTS; i++) {
      const mine = s.remote.entries.filter((e) => e.client === i);
      expect(mine.map((e) => `${e.lo}-${e.hi}`)).toEqual(s.clients[i].staged.map((b) => `${b.lo}-${b.hi}`));
      expect(s.clients[i].local).toHaveLength(WRITES);
      expect(mine.at(-1)?.hi).toBe(WRITES);
    }
    // Converged: every client reads what main holds, and its canonical snapshot is main's chain.
    const main = foldPages(s.remote.entries.slice(0, s.remote.main).map((e) => e.pages));
    expect(s.remote.main).toBe(s.remote.entries.length);
    for (const c of clients) {
      expect(c.materialize()).toEqual(main);
      expect([...c.canonical().origin, ...c.canonical().staged, ...c.canonical().local]).toEqual(Array.from({ length: s.remote.main }, (_, k) => `a${k + 1}`));
    }
    // It was concurrent: writes went in while the client's own pusher was waiting on the remote.
    expect(duringSync).toBeGreaterThan(0);
    expect(pushers.reduce((n, p) => n + p.counts.confirm, 0)).toBe(s.remote.main);
    expect(pushers.every((p) => p.errors.length === 0)).toBe(true);
  });
});
