/**
 * The scheduler on its own: calls run in exactly the order the driver picks, a split call pauses at
 * its yield point while another actor runs, a client that never calls trips the watchdog, and
 * `abort` releases every blocked call.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../remote/memory/memory.ts';
import { RunAborted } from '../remote/errors.ts';
import { emptyStore } from '../remote/types.ts';
import { Scheduler } from './scheduler.ts';
import { HarnessError } from '../testkit/errors.ts';

describe('Scheduler', () => {
  it('lets calls through in the order the driver picks, whatever order the clients issue them', async () => {
    const store = new MemoryStore(emptyStore());
    const sched = new Scheduler();
    const order: string[] = [];
    const client = async (id: string, n: number): Promise<void> => {
      const r = sched.gate(id, store.connect());
      for (let i = 0; i < n; i++) {
        await r.readRef('main');
        order.push(id);
      }
      sched.finished(id);
    };
    const clients = [client('1', 2), client('2', 2)];
    for (const who of ['2', '1', '1', '2']) expect((await sched.step(who)).kind).toBe('completed');
    expect(order).toEqual(['2', '1', '1', '2']);
    expect(await sched.step('1')).toEqual({ kind: 'finished', error: undefined });
    await Promise.all(clients);
  });

  it('split: a call paused at a yield point lets another actor run before it resumes', async () => {
    const store = new MemoryStore(emptyStore());
    const sched = new Scheduler({ split: true });
    const conn = (id: string) => sched.gate(id, store.connect(sched.hooks(id)));
    const done = (id: string) => (x: unknown) => {
      sched.finished(id);
      return x;
    };
    const a = conn('1').append('a', 1, '1.1').then(done('1'));
    const b = conn('2').append('a', 1, '2.1').then(done('2'));
    expect(await sched.step('1')).toMatchObject({ kind: 'paused', label: 'append:start' });
    expect(await sched.step('2')).toMatchObject({ kind: 'paused', label: 'append:start' });
    expect(await sched.step('2')).toMatchObject({ kind: 'completed', call: { method: 'append', result: { ok: true } } });
    expect(await sched.step('1')).toMatchObject({ kind: 'completed', call: { method: 'append', result: { ok: false, reason: 'conflict' } } });
    await Promise.all([a, b]);
  });

  it('a client that never reaches a remote call trips the watchdog with a HarnessError', async () => {
    const sched = new Scheduler({ timeoutMs: 50 });
    await expect(sched.step('1')).rejects.toBeInstanceOf(HarnessError);
  });

  it('abort rejects blocked calls with RunAborted, and later calls too', async () => {
    const store = new MemoryStore(emptyStore());
    const sched = new Scheduler();
    const r = sched.gate('1', store.connect());
    const blocked = r.readRef('main');
    await sched.settle('1');
    sched.abort();
    await expect(blocked).rejects.toBeInstanceOf(RunAborted);
    await expect(r.readRef('main')).rejects.toBeInstanceOf(RunAborted);
  });
});
