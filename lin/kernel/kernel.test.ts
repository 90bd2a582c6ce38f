/**
 * The search kernel: the committed module is the one its source compiles to; one instance serves
 * check after check (its memory reused, so every allocation must start zeroed); a check started
 * from inside another's model step gets an instance of its own; the warm-up of `prepareKernel`
 * leaves nothing behind.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLinearizable, type LinResult } from '../check.ts';
import { parseJepsenEtcd } from '../formats/jepsen-etcd.ts';
import { parseJepsenKv } from '../formats/jepsen-kv.ts';
import { kvModel } from '../models/kv.ts';
import { registerModel, type RegisterInput, type RegisterOutput, type RegisterValue } from '../models/register.ts';
import type { LinModel } from '../model.ts';
import type { Operation } from '../history.ts';
import { compileKernel, KERNEL_MODULE, moduleText } from './build.ts';
import { prepareKernel } from './kernel.ts';
import { SEARCH_WASM } from './search-wasm.ts';

const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'jepsen');
const kv = (name: string) => parseJepsenKv(readFileSync(path.join(data, 'kv', name), 'utf8'), name).operations;
const etcd = (name: string) => parseJepsenEtcd(readFileSync(path.join(data, 'etcd', name), 'utf8'), name).operations;
/** A result without its clock. */
const timeless = (r: LinResult) => ({ ...r, stats: { ...r.stats, seconds: 0 } });

describe('lin/kernel', () => {
  it('search-wasm.ts is what assembly/search.ts compiles to (run `npm run build:kernel` after changing it)', async () => {
    const binary = await compileKernel();
    expect(readFileSync(KERNEL_MODULE, 'utf8')).toBe(moduleText(binary));
  }, 60_000);

  it('the allocator gives a block back zeroed to the next allocation of its size, and to no other', () => {
    const none = () => {
      throw new Error('no model here');
    };
    const x = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(SEARCH_WASM, 'base64')), { lin: { step: none, same: none, place: none } })
      .exports as unknown as { memory: WebAssembly.Memory; reset(): void; alloc(n: number): number; free(p: number, n: number): void };
    x.reset();
    const a = x.alloc(4096);
    const b = x.alloc(4096);
    new Uint8Array(x.memory.buffer, a, 4096).fill(0xab);
    x.free(a, 4096);
    // Another size comes from fresh memory; the same size takes the block, zeroed.
    const c = x.alloc(8192);
    expect([c === a, c > b]).toEqual([false, true]);
    const d = x.alloc(4096);
    expect(d).toBe(a);
    expect(new Uint8Array(x.memory.buffer, d, 4096).every((v) => v === 0)).toBe(true);
    // Taken: the next one is new.
    expect(x.alloc(4096) > c).toBe(true);
  });

  it("a search's memory goes back to the next one when nothing was allocated after it, free blocks in it included", () => {
    const none = () => {
      throw new Error('no model here');
    };
    const x = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(SEARCH_WASM, 'base64')), { lin: { step: none, same: none, place: none } })
      .exports as unknown as { reset(): void; alloc(n: number): number; free(p: number, n: number): void; setUp(n: number, W: number, part: number): number; release(c: number): void };
    x.reset();
    const c1 = x.setUp(4, 1, 0);
    x.release(c1);
    expect(x.setUp(4, 1, 0)).toBe(c1);
    // Another search set up after it: its memory stays.
    const c3 = x.setUp(4, 1, 1);
    const c4 = x.setUp(4, 1, 2);
    x.release(c3);
    expect(x.setUp(4, 1, 3) > c4).toBe(true);
    // A block it gave back on the way is in what it gives back: not handed out again from the free list.
    const c6 = x.setUp(4, 1, 4);
    const block = x.alloc(4096);
    x.free(block, 4096);
    x.release(c6);
    expect(x.alloc(4096)).toBe(c6);
  });

  it('one instance, check after check: each result is the one a first check gets', async () => {
    await prepareKernel();
    const small = etcd('etcd_070.log');
    const ok = kv('c01-ok.txt');
    const first = [timeless(checkLinearizable(registerModel, small)), timeless(checkLinearizable(kvModel, ok))];
    // A larger check in between fills the memory the small ones reuse with its own memo and stacks.
    const big = checkLinearizable(kvModel, kv('c50-bad.txt'));
    expect([big.outcome, big.stats.statesExplored, big.stats.steps]).toEqual(['not-linearizable', 28002, 27720]);
    expect([timeless(checkLinearizable(registerModel, small)), timeless(checkLinearizable(kvModel, ok))]).toEqual(first);
    expect(first.map((r) => r.outcome)).toEqual(['not-linearizable', 'linearizable']);
  });

  it("a check started from a model's step has an instance of its own and leaves the outer check's search alone", () => {
    const inner = etcd('etcd_070.log');
    const expectedInner = timeless(checkLinearizable(registerModel, inner));
    const innerResults: ReturnType<typeof timeless>[] = [];
    // The register, checking another history every time it is asked a step.
    const nesting: LinModel<RegisterValue, RegisterInput, RegisterOutput> = {
      ...registerModel,
      step(s, input, output) {
        if (innerResults.length < 3) innerResults.push(timeless(checkLinearizable(registerModel, inner)));
        return registerModel.step(s, input, output);
      },
    };
    const outer: Operation<RegisterInput, RegisterOutput>[] = etcd('etcd_002.log');
    const plain = timeless(checkLinearizable(registerModel, outer));
    expect(timeless(checkLinearizable(nesting, outer))).toEqual(plain);
    expect(innerResults).toEqual([expectedInner, expectedInner, expectedInner]);
    expect(plain.stats.statesExplored).toBe(60575);
  });
});
