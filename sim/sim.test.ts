import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { simulate, assertSimulation, describeViolation, type SimViolation } from './simulate.ts';
import { SimulationEscape } from './guard.ts';
import { parseFaults, printFaults } from './faults.ts';
import { decodeReplay, encodeReplay, printTrace } from './trace.ts';
import { diagram } from './report.ts';
import { parseScenarioFile, printRow } from '../scenarios/notation/index.ts';
import type { SimSpec } from './spec.ts';
import { kvSpec } from './testdata/kv.ts';
import duplicateUpload, { fixed as duplicateUploadFixed, faults as duplicateUploadFaults } from '../examples/sync/duplicate-upload.ts';
import wedge, { fixed as wedgeFixed, faults as wedgeFaults } from '../examples/sync/wedge.ts';
import persisted, { fixed as persistedFixed, faults as persistedFaults } from '../examples/sync/persisted-before-delivery.ts';

const SHAPES = [
  { name: 'duplicate-upload', buggy: duplicateUpload, fixed: duplicateUploadFixed, faults: duplicateUploadFaults, property: 'exactly-once' },
  { name: 'wedge', buggy: wedge, fixed: wedgeFixed, faults: wedgeFaults, property: 'drains' },
  { name: 'persisted-before-delivery', buggy: persisted, fixed: persistedFixed, faults: persistedFaults, property: 'no-lost-ack' },
] as const;

describe('the three bug shapes', () => {
  for (const s of SHAPES) {
    for (const seed of [1, 101, 202]) {
      it(`${s.name}: found from seed ${seed} within 20 runs (${printFaults(s.faults)})`, async () => {
        const o = await simulate(s.buggy, { seed, runs: 20, faults: s.faults });
        expect(o.outcome).toBe('violation');
        expect((o as SimViolation).property).toBe(s.property);
      });
    }
    it(`${s.name}: the corrected version passes the same budget (seed 1, 20 runs)`, async () => {
      const o = await simulate(s.fixed, { seed: 1, runs: 20, faults: s.faults });
      expect(o.outcome).toBe('pass');
    });
    it(`${s.name}: without faults the buggy version passes (the fault is what finds it)`, async () => {
      expect((await simulate(s.buggy, { seed: 1, runs: 10 })).outcome).toBe('pass');
    });
  }
});

describe('minimal traces', () => {
  it('duplicate upload, seed 1: one op, one lost reply, the retry applied again', async () => {
    const o = (await simulate(duplicateUpload, { seed: 1, runs: 20, faults: duplicateUploadFaults })) as SimViolation;
    expect(o.message).toBe("the server applied c2's mutation 1 twice");
    expect(printTrace(o.trace)).toBe(
      [
        'c2 Incr<x> ...',
        'c2 Flush Ok',
        'c2 ... Ok(1)',
        'server Request<c2, push;client=c2;mutations=[1]> Ok',
        'net LostReply<server, c2, ok=true> Ok',
        'c1 Timer<@700> Ok',
        'server Request<c1, pull;client=c1> Ok',
        'c1 Reply<server, ok=true> Ok',
        'c2 Timer<@700> Ok',
        'c2 Timeout<call1, @1000> Ok',
        'c2 Timer<@1300> Ok',
        'server Request<c2, push;client=c2;mutations=[1]> Ok',
      ].join('\n'),
    );
    expect(o.rows.filter((r) => r.kind === 'invoke')).toHaveLength(1);
  });

  it('persisted before delivery: the lost message is the only fault', async () => {
    const o = (await simulate(persisted, { seed: 1, runs: 20, faults: persistedFaults })) as SimViolation;
    expect(o.message).toMatch(/took mutation c\d-1 as acknowledged, but the server never applied it/);
    expect(o.trace.filter((e) => e.fault !== undefined).map((e) => e.fault)).toEqual(['lost-request']);
  });

  for (const s of SHAPES) {
    it(`${s.name}: the minimal rows parse back as a scenario unchanged`, async () => {
      const o = (await simulate(s.buggy, { seed: 1, runs: 20, faults: s.faults })) as SimViolation;
      const text = printTrace(o.trace);
      const back = parseScenarioFile(text + '\n', s.name).scenarios.flatMap((sc) => sc.rows);
      expect(back.map(printRow).join('\n')).toBe(text);
    });
  }

  it('the replay token re-runs the shrunk case exactly', async () => {
    const o = (await simulate(wedge, { seed: 1, runs: 20, faults: wedgeFaults })) as SimViolation;
    const token = /replay: '([^']+)'/.exec(o.replayCall)?.[1] ?? '';
    const again = (await simulate(wedge, { seed: o.seed, faults: wedgeFaults, replay: token })) as SimViolation;
    expect(again.outcome).toBe('violation');
    expect(printTrace(again.trace)).toBe(printTrace(o.trace));
  });
});

describe('determinism', () => {
  for (const strategy of ['random', 'pct', 'preemption'] as const) {
    it(`same seed, same printed bytes (${strategy}, duplicate upload)`, async () => {
      const print = async () => {
        const o = await simulate(duplicateUpload, { seed: 7, runs: 30, strategy, faults: duplicateUploadFaults });
        return o.outcome === 'violation' ? describeViolation(o) + '\n' + printTrace(o.trace) : JSON.stringify({ ...o, stats: undefined });
      };
      const a = await print();
      expect(await print()).toBe(a);
    });
  }
  it('pct and bounded preemption find the duplicate upload too', async () => {
    for (const strategy of ['pct', 'preemption'] as const) {
      const o = await simulate(duplicateUpload, { seed: 1, runs: 30, strategy, faults: duplicateUploadFaults });
      expect(o.outcome).toBe('violation');
    }
  });
});

/** A one-client spec whose op runs `body`; the server answers every request. */
function probe(body: (io: Parameters<SimSpec['client']>[0]) => Promise<unknown>): SimSpec {
  return {
    name: 'probe',
    clients: 1,
    opsPerClient: 1,
    server: () => ({ handle: () => ({ ok: true, body: null }) }),
    client: (io) => io,
    ops: [{ name: 'go', run: (io) => body(io as Parameters<SimSpec['client']>[0]) }],
  };
}

describe('escapes are detected and named', () => {
  const cases: [string, (io: Parameters<SimSpec['client']>[0]) => Promise<unknown>, RegExp][] = [
    ['real setTimeout', async () => new Promise((r) => setTimeout(r, 1)), /actor 'c1' escaped the simulation: real setTimeout \(use io.timers\)/],
    ['Date.now', async () => Date.now(), /actor 'c1' escaped the simulation: Date.now/],
    ['Math.random', async () => Math.random(), /Math.random \(use io.random\(\)\)/],
    ['real file system', async () => fs.stat('.'), /real asynchronous I\/O \(FSREQPROMISE\)/],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      const err = await simulate(probe(body), { runs: 1 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SimulationEscape);
      expect((err as Error).message).toMatch(message);
    });
  }
  it('work that resumes after the run ended and uses io', async () => {
    // The op waits on something outside the world; it is released only as the run ends.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const spec: SimSpec = {
      ...probe(async (io) => {
        void gate.then(() => io.send('server', 'late'));
      }),
      custom: [{ id: 'releases-at-end', check: () => (release(), undefined) }],
    };
    await expect(simulate(spec, { runs: 1 })).rejects.toThrow("actor 'c1' escaped the simulation: io.send after the run ended (unawaited work outlived the run; await it or cancel it)");
  });
  it('the same code through io does not escape', async () => {
    const o = await simulate(probe(async (io) => (await io.timers.sleep(5), await io.request({ n: io.random() }), io.clock.now())), { runs: 3 });
    expect(o.outcome).toBe('pass');
  });
  it('the real globals are restored after a run', async () => {
    const before = globalThis.setTimeout;
    await simulate(probe(async () => undefined), { runs: 1 });
    expect(globalThis.setTimeout).toBe(before);
  });
});

describe('faults, properties and the rest', () => {
  it('parses and prints fault budgets; rejects unknown kinds', () => {
    expect(parseFaults('lost-reply=2,partition')).toEqual({ 'lost-reply': 2, partition: 1 });
    expect(printFaults({ partition: 1, 'lost-reply': 2 })).toBe('lost-reply=2,partition=1');
    expect(() => parseFaults('lost-ack=1')).toThrow(/unknown fault 'lost-ack=1'/);
  });
  it('replay tokens round-trip', () => {
    const r = { keep: [true, false, true], path: [0, 0, 0, 2, 1, 0, 0] };
    expect(encodeReplay(r)).toBe('101:0*3.2.1.0*2');
    expect(decodeReplay(encodeReplay(r))).toEqual(r);
    expect(() => decodeReplay('x:1')).toThrow(/bad replay token/);
  });
  it('a crash before flush loses the unflushed queue: found as a lost accepted mutation', async () => {
    // A client that resolves its op before flushing: a crash in between loses an accepted mutation.
    const spec = { ...duplicateUploadFixed, name: 'no-flush' } as SimSpec;
    const o = await simulate(spec, { seed: 1, runs: 20, faults: { 'crash-before-flush': 1 } });
    expect(o.outcome).toBe('pass'); // the counter client flushes before resolving
    const sloppy: SimSpec = {
      ...spec,
      ops: [{ ...spec.ops[0], run: (c: any, key) => (void c.incr(String(key)), Promise.resolve(c.nextId - 1)) }],
    };
    const bad = (await simulate(sloppy, { seed: 1, runs: 30, faults: { 'crash-before-flush': 1 } })) as SimViolation;
    expect(bad.outcome).toBe('violation');
    expect(bad.property).toBe('exactly-once');
    expect(bad.message).toMatch(/accepted mutation \d+ never reached the server/);
    expect(bad.rows.some((r) => r.kind === 'fault' && r.fault === 'crash')).toBe(true);
  });
  it('a partition heals and the fixed client still converges', async () => {
    expect((await simulate(duplicateUploadFixed, { seed: 3, runs: 15, faults: { partition: 1, 'timeout-late': 1, 'lost-request': 1 } })).outcome).toBe('pass');
  });
  it('a user property fails with its own id', async () => {
    const spec: SimSpec = { ...duplicateUploadFixed, custom: [{ id: 'x-stays-small', check: ({ server }) => ((server as any).data.x ?? 0) >= 2 ? 'x reached 2' : undefined }] };
    const o = await simulate(spec, { seed: 1, runs: 20 });
    expect(o.outcome).toBe('violation');
    expect((o as SimViolation).property).toBe('x-stays-small');
  });
  it('assertSimulation throws with rows, seed and replay call', async () => {
    await expect(assertSimulation(wedge, { seed: 1, runs: 20, faults: wedgeFaults })).rejects.toThrow(/drains violated \(seed \d+.*\n {2}c\d Incr<.*replay: simulate\(spec, \{ seed: \d+/s);
    await expect(assertSimulation(wedgeFixed, { seed: 1, runs: 5, faults: wedgeFaults })).resolves.toMatchObject({ outcome: 'pass' });
  });
  it('a run that never ends is inconclusive with its budget', async () => {
    const o = await simulate(duplicateUploadFixed, { seed: 1, runs: 1, maxSteps: 5 });
    expect(o).toMatchObject({ outcome: 'inconclusive', budget: 'max-depth' });
  });
  it('the diagram marks the dropped reply and the failing row', async () => {
    const o = (await simulate(duplicateUpload, { seed: 1, runs: 20, faults: duplicateUploadFaults })) as SimViolation;
    const d = diagram('t', ['server', 'c1', 'c2', 'net'], o.trace, Number.MAX_SAFE_INTEGER);
    const dropped = d.items.filter((i) => i.type === 'arrow' && i.dropped);
    expect(dropped).toEqual([expect.objectContaining({ from: 'server', to: 'c2', fault: 'lost-reply' })]);
    expect(d.failedAt).toBe(d.items.length - 1);
  });
});

describe('each property and fault finds its planted bug', () => {
  it('no-resurrection: a server that ignores deletes', async () => {
    const o = (await simulate(kvSpec({ ignoreDeletes: true }), { seed: 1, runs: 20 })) as SimViolation;
    expect(o.outcome).toBe('violation');
    expect(o.property).toBe('no-resurrection');
    expect(o.message).toBe("c1 deleted 'x' after every write to it, but the server still holds it");
    expect((await simulate(kvSpec({}), { seed: 1, runs: 20 })).outcome).toBe('pass');
  });
  it('convergence: clients that never pull', async () => {
    const o = (await simulate(kvSpec({ pull: false, clients: 2 }), { seed: 1, runs: 20 })) as SimViolation;
    expect(o.outcome).toBe('violation');
    expect(o.property).toBe('convergence');
    expect(o.message).toMatch(/^at quiescence c\d sees .* but the server holds /);
  });
  for (const fault of ['duplicate', 'timeout-late', 'crash-after-send'] as const) {
    it(`${fault} alone makes the non-idempotent server apply an upload twice`, async () => {
      const o = (await simulate(duplicateUpload, { seed: 1, runs: 30, faults: { [fault]: 1 } })) as SimViolation;
      expect(o.outcome).toBe('violation');
      expect(o.property).toBe('exactly-once');
      expect(o.trace.filter((e) => e.fault !== undefined).map((e) => e.fault)).toContain(fault);
      expect((await simulate(duplicateUploadFixed, { seed: 1, runs: 30, faults: { [fault]: 1 } })).outcome).toBe('pass');
    });
  }
  it('reorder: a message overtakes an earlier one on the same link', async () => {
    const spec: SimSpec = {
      name: 'order',
      clients: 1,
      opsPerClient: 1,
      server: (io) => {
        const seen: string[] = [];
        io.onMessage((_f, m) => seen.push(String(m)));
        return { seen };
      },
      client: (io) => io,
      ops: [{ name: 'two', run: async (io: any) => (io.send('server', 'a'), io.send('server', 'b')) }],
      custom: [{ id: 'fifo', check: ({ server }) => ((server as any).seen.join('') === 'ba' ? 'b arrived before a' : undefined) }],
    };
    expect((await simulate(spec, { seed: 1, runs: 20 })).outcome).toBe('pass');
    const o = (await simulate(spec, { seed: 1, runs: 50, faults: { reorder: 1 } })) as SimViolation;
    expect(o).toMatchObject({ outcome: 'violation', property: 'fifo' });
    expect(printTrace(o.trace)).toContain('server Reorder<c1, b> Ok');
  });
});
