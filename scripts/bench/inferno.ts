/**
 * The real Inferno stores (issue 7): calls per second of each store with one client and with 4
 * concurrent async clients (no gate, no delays: as fast as the store goes; the mixed workload of
 * `impl/inferno/harness/workload.ts`), and how many seeded runs it takes to find each bug on the
 * current code, per harness.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../../impl/inferno/harness/inprocess.ts';
import { runProcesses } from '../../impl/inferno/harness/processes.ts';
import { prng } from '../../impl/testkit/prng.ts';
import { Recorder } from '../../impl/inferno/harness/record.ts';
import { brokenProperties, type Verdict } from '../../impl/inferno/harness/verdict.ts';
import { Known, MemoryBoard, createRoots, runClient } from '../../impl/inferno/harness/workload.ts';
import { Io } from '../../impl/inferno/io.ts';
import { openStore } from '../../impl/inferno/stores.ts';
import { STORE_NAMES, type StoreName } from '../../impl/inferno/types.ts';

async function throughput(store: StoreName, clients: number, ops: number): Promise<{ callsPerSec: number; storesOk: number }> {
  const dir = await mkdtemp(join(tmpdir(), `inferno-bench-${store}-`));
  try {
    let clock = 0;
    const rec = new Recorder(() => clock++);
    const s = await openStore(store, dir, new Io());
    const roots = await createRoots(s, rec, 1);
    const board = new MemoryBoard(roots);
    const known = new Known(roots);
    const t = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, i) => runClient(s, rec, board, known, prng(`bench/${i}`), { client: i + 1, ops, scripts: 1 })));
    const secs = (performance.now() - t) / 1000;
    await s.close();
    const calls = rec.ops.length - 1;
    return { callsPerSec: calls / secs, storesOk: rec.ops.filter((o) => o.input.f === 'store' && o.output?.f === 'store' && o.output.ok).length - 1 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** First seed (1..max) whose verdict satisfies `found`, or null. */
async function firstSeed(max: number, run: (seed: number) => Promise<Verdict>, found: (v: Verdict) => boolean): Promise<number | null> {
  for (let seed = 1; seed <= max; seed++) if (found(await run(seed))) return seed;
  return null;
}

export default async function bench(): Promise<void> {
  const w = (s: string) => process.stdout.write(s + '\n');
  // current and lock rewrite every to_head pointer of the history on each store (the seed's loop):
  // a store costs O(history length) file writes, so their figures fall as the chain grows.
  w('calls/s (60% store, 36% fetchHist, 4% fetch; one script; 1 client × 200 calls, 4 clients × 50), median of 3:');
  w(`  ${'store'.padEnd(11)} ${'1 client'.padStart(10)} ${'4 clients'.padStart(10)}   versions stored (1 client / 4 clients)`);
  for (const store of STORE_NAMES) {
    const one: number[] = [];
    const four: number[] = [];
    let ok1 = 0;
    let ok4 = 0;
    for (let k = 0; k < 3; k++) {
      const o = await throughput(store, 1, 200);
      one.push(o.callsPerSec);
      ok1 = o.storesOk;
      const f = await throughput(store, 4, 50);
      four.push(f.callsPerSec);
      ok4 = f.storesOk;
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    w(`  ${store.padEnd(11)} ${med(one).toFixed(0).padStart(10)} ${med(four).toFixed(0).padStart(10)}   ${ok1} / ${ok4}`);
  }

  const bug1 = (v: Verdict) => brokenProperties(v).includes('I1');
  const bug2 = (v: Verdict) => brokenProperties(v).includes('I2');
  const notLin = (v: Verdict) => v.lin.outcome === 'not-linearizable';
  w('\nruns to the first finding on current (seed 1 upward; "-" = not within the budget):');
  const rows: [string, number, (s: number) => Promise<Verdict>][] = [
    ['async seeded, 3 clients × 6 calls', 60, async (seed) => (await runInProcess({ store: 'current', clients: 3, ops: 6, seed })).verdict],
    ['async seeded, 4 clients × 25 calls', 60, async (seed) => (await runInProcess({ store: 'current', clients: 4, ops: 25, seed })).verdict],
    ['async free, 4 clients × 25 calls', 60, async (seed) => (await runInProcess({ store: 'current', clients: 4, ops: 25, seed, schedule: 'free' })).verdict],
    [
      'processes, 4 workers × 40 calls',
      8,
      async (seed) => (await runProcesses({ store: 'current', workers: 4, ops: 40, seed, delays: { yieldP: 0.3, sleepP: 0.5, maxMs: 8 }, pAnnounce: 0.9 })).verdict,
    ],
  ];
  w(`  ${'harness'.padEnd(38)} ${'not-lin'.padStart(8)} ${'bug 1 (I1)'.padStart(11)} ${'bug 2 (I2)'.padStart(11)}   seconds`);
  for (const [name, max, run] of rows) {
    const t = performance.now();
    const cache = new Map<number, Verdict>();
    const cached = async (s: number) => cache.get(s) ?? (cache.set(s, await run(s)), cache.get(s)!);
    const a = await firstSeed(max, cached, notLin);
    const b = await firstSeed(max, cached, bug1);
    const c = await firstSeed(max, cached, bug2);
    const show = (x: number | null) => (x === null ? '-' : String(x)).padStart(name.startsWith('processes') ? 8 : 8);
    w(`  ${name.padEnd(38)} ${show(a)} ${show(b).padStart(11)} ${show(c).padStart(11)}   ${((performance.now() - t) / 1000).toFixed(1)}`);
  }
  const crash = (await runInProcess({ store: 'current', clients: 1, ops: 4, seed: 1, crash: { label: 'append-head', nth: 1 } })).verdict;
  w(`  bug 3 (I3), crash before append-head #1, 1 client: ${brokenProperties(crash).includes('I3') ? 'found in run 1' : 'not found'}`);
}
