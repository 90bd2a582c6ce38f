/**
 * The client's sync machine against the in-memory backend: every path of the life cycle (push
 * confirmed, push falling back to a force push, force push lost, pull), per variant, with the views
 * it keeps and the acknowledgements it emits.
 */
import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { lsnAdvance, lsnCas, logidCheck } from '../../model/grove/variants/standard.ts';
import { MemoryStore } from '../remote/memory/memory.ts';
import { emptyStore, readSnapshot, type Remote } from '../remote/types.ts';
import { GroveClient } from './client.ts';
import { syncMachine } from './machine.ts';

/** A remote that runs `before(method)` before each primitive of `r`. */
function intercept(r: Remote, before: (method: string) => Promise<void>): Remote {
  return {
    kind: r.kind,
    readRef: async (x) => (await before('readRef'), r.readRef(x)),
    append: async (l, n, c) => (await before('append'), r.append(l, n, c)),
    branch: async (f, t, c) => (await before('branch'), r.branch(f, t, c)),
    check: async (x, a, m) => (await before('check'), r.check(x, a, m)),
    cas: async (x, e, n, m) => (await before('cas'), r.cas(x, e, n, m)),
    listLogs: () => r.listLogs(),
    readRefs: () => r.readRefs(),
    close: () => r.close(),
  };
}

function setup(variant = lsnCas) {
  const store = new MemoryStore(emptyStore());
  const acks: string[] = [];
  const client = (plant?: 'early-ack') => new GroveClient({ remote: store.connect(), variant, plant, onAcknowledged: (c) => acks.push(c) });
  return { store, acks, client };
}

describe('GroveClient', () => {
  it('push under lsn-cas: Pull, Append, CAS advancing the ref; acknowledged; views updated', async () => {
    const { store, acks, client } = setup();
    const c = client();
    const out = await c.push('1.1', 'b');
    expect(out.outcome).toBe('acknowledged');
    expect(acks).toEqual(['1.1']);
    expect(c.position).toEqual({ log: 'a', lsn: 0 });
    expect(c.seenRef).toEqual({ log: 'a', lsn: 1 });
    expect(c.tips).toEqual({ a: 1 });
    expect(await readSnapshot(store.connect())).toEqual({ logs: { a: { base: null, entries: ['1.1'] } }, refs: { main: { log: 'a', lsn: 1 } } });
  });

  it('a push whose CAS fails falls back to a force push from the position it read (which then fails too)', async () => {
    const { store, acks } = setup();
    const other = store.connect();
    let first = true;
    const remote = intercept(store.connect(), async (method) => {
      if (method === 'cas' && first) {
        first = false;
        await other.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 1 }, 'logref'); // another writer confirms a@1 first
      }
    });
    const c = new GroveClient({ remote, variant: lsnCas, onAcknowledged: (x) => acks.push(x) });
    const out = await c.push('1.1', 'b');
    // Append<a@1> Ok, CAS<main, a@0, a@1> Err(a@1), Branch<a@0, b> Ok, CAS<main, a@0, b@1> Err(a@1).
    expect(out).toMatchObject({ outcome: 'failed', reason: 'Err(a@1)' });
    expect(acks).toEqual([]);
    const snap = await readSnapshot(other);
    expect(snap.logs.b).toEqual({ base: { log: 'a', lsn: 0 }, entries: ['1.1'] });
    expect(snap.refs.main).toEqual({ log: 'a', lsn: 1 });
  });

  it('force push: Branch then CAS on the position read; a second force push from a stale read fails', async () => {
    const { store, acks } = setup();
    const r1 = store.connect();
    const c1 = new GroveClient({ remote: r1, variant: lsnCas, onAcknowledged: (c) => acks.push(c) });
    expect((await c1.forcePush('1.1', 'b')).outcome).toBe('acknowledged');
    expect((await readSnapshot(r1)).refs.main).toEqual({ log: 'b', lsn: 1 });
    // A machine whose read is interleaved with another write: drive it by hand to show the failed state.
    const actor = createActor(syncMachine, { input: { remote: r1, variant: lsnCas, op: 'force-push', ref: 'main', commit: '2.1', branchLog: 'b', tips: {} } });
    const done = toPromise(actor);
    actor.start();
    actor.send({ type: 'SYNC' });
    const out = await done;
    expect(out.outcome).toBe('failed');
    expect(out.reason).toBe('exists');
  });

  it('pull reads the ref; under refs: log the position is the log tip', async () => {
    const { store, client } = setup(logidCheck);
    await store.connect().append('a', 1, '9.1');
    const c = client();
    const out = await c.pull();
    expect(out.outcome).toBe('pulled');
    expect(c.position).toEqual({ log: 'a', lsn: 1 });
  });

  it('lsn-advance confirms with a Check that moves the ref forward', async () => {
    const { store, client } = setup(lsnAdvance);
    expect((await client().push('1.1', 'b')).outcome).toBe('acknowledged');
    expect((await readSnapshot(store.connect())).refs.main).toEqual({ log: 'a', lsn: 1 });
  });

  it('the planted early-ack client acknowledges right after its Append, before confirming', async () => {
    const { store, acks } = setup();
    let ackedBeforeConfirm = false;
    const remote = intercept(store.connect(), async (method) => {
      if (method === 'cas') ackedBeforeConfirm = acks.includes('1.1');
    });
    await new GroveClient({ remote, variant: lsnCas, plant: 'early-ack', onAcknowledged: (x) => acks.push(x) }).push('1.1', 'b');
    expect(ackedBeforeConfirm).toBe(true);
    expect(acks).toEqual(['1.1']);
  });

  it('a remote that throws rejects the operation with its error and leaves the views alone', async () => {
    const { store } = setup();
    const broken = intercept(store.connect(), async (m) => {
      if (m === 'readRef') throw new Error('disk on fire');
    });
    const c = new GroveClient({ remote: broken, variant: lsnCas });
    await expect(c.push('1.1', 'b')).rejects.toThrow('disk on fire');
    expect(c.position).toBeNull();
  });
});
