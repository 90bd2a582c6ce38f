/**
 * The fast engine is generic over a model's packed kernel: a toy model that is not Grove (two
 * clients incrementing a shared counter by read-then-write, a lost update) offers its own
 * `PackedKernel`, and `--strategy fast` explores it with the reference engine's state count and finds
 * the same minimal counterexample, replayed on the reference model.
 */
import { describe, expect, it } from 'vitest';
import type { Model, Step } from '../../model/core/model.ts';
import type { PackedCapability, PackedKernel } from '../../model/core/capabilities.ts';
import { check } from '../check.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { fastCheck } from './engine.ts';

interface Counter {
  readonly x: number;
  readonly pc: readonly number[];
  readonly r: readonly number[];
}

const READ = 0;
const WRITE = 1;
const DONE = 2;

/** `n` clients, each reads the counter and writes it back plus one; P1: when all are done, x = n. */
function counterModel(n: number, withKernel = true, checked = true): Model<Counter> {
  const active = (s: Counter) => s.pc.flatMap((p, i) => (p === DONE ? [] : [i]));
  const lost = (s: Counter) => (s.pc.every((p) => p === DONE) && s.x !== n ? `counter is ${s.x} after ${n} increments` : null);
  return {
    name: 'counter',
    config: { actors: n },
    initial: () => ({ x: 0, pc: Array(n).fill(READ), r: Array(n).fill(0) }),
    actions: (s) => active(s).map((i) => ({ actor: String(i + 1), op: { name: s.pc[i] === READ ? 'Read' : 'Write', args: [] } })),
    step(s, index): Step<Counter> {
      const i = active(s)[index];
      const pc = s.pc.slice();
      const r = s.r.slice();
      let x = s.x;
      if (s.pc[i] === READ) r[i] = x;
      else x = s.r[i] + 1;
      pc[i] = s.pc[i] + 1;
      return { next: { x, pc, r }, row: { kind: 'call', actor: String(i + 1), op: { name: s.pc[i] === READ ? 'Read' : 'Write', args: [] }, result: { kind: 'ok', value: String(s.pc[i] === READ ? s.x : x) } } };
    },
    fingerprint: (s) => `${s.x}|${s.pc.join(',')}|${s.r.join(',')}`,
    properties: checked ? [{ id: 'P1', title: 'no lost update', state: lost }] : [],
    ...(withKernel ? { capabilities: { packed: counterPacked(n, checked) as PackedCapability<Counter> } } : {}),
  };
}

/** The packed kernel of `counterModel(n)`: bytes [x, pc×n, r×n], padded to whole words. */
function counterPacked(n: number, checked: boolean): PackedCapability<unknown> {
  const words = Math.ceil((1 + 2 * n) / 4);
  const kernel = (): PackedKernel => {
    const info = { violated: 0, advisoryG7: false };
    return {
      layout: { bytes: words * 4, words, actors: n },
      maxActions: n,
      strict: false,
      checkG7: false,
      initial: (out) => out.fill(0),
      enabled(s, out) {
        let k = 0;
        for (let i = 0; i < n; i++) if (s[1 + i] !== DONE) out[k++] = i;
        return k;
      },
      step(s, i, out) {
        out.set(s);
        if (s[1 + i] === READ) out[1 + n + i] = s[0];
        else out[0] = s[1 + n + i] + 1;
        out[1 + i] = s[1 + i] + 1;
        let done = true;
        for (let j = 0; j < n; j++) if (out[1 + j] !== DONE) done = false;
        info.violated = checked && done && out[0] !== n ? 1 : 0;
        return info;
      },
      violatesG7: () => false,
    };
  };
  return { kernel, propertyIds: ['P1'] };
}

describe('the fast engine over a kernel the model offers', () => {
  it('explores a non-Grove model with the reference engine state count and the same minimal counterexample', () => {
    const m = counterModel(3);
    const ref = check(m, { strategy: 'bfs' });
    const fast = fastCheck(m);
    expect(ref.outcome).toBe('violation');
    expect(fast.outcome).toBe('violation');
    if (ref.outcome !== 'violation' || fast.outcome !== 'violation') return;
    expect(fast.property).toBe('P1');
    expect(fast.rows.map(printRow)).toEqual(ref.rows.map(printRow));
    expect(fast.rows.map(printRow)).toEqual(['1 Read Ok(0)', '1 Write Ok(1)', '2 Read Ok(1)', '3 Read Ok(1)', '2 Write Ok(2)', '3 Write Ok(2)']);
    expect(fast.message).toBe('counter is 2 after 3 increments');
  });

  it('counts the same states as the reference engine when nothing fails', () => {
    const m = counterModel(3, true, false);
    const fast = fastCheck(m);
    expect(fast.outcome).toBe('pass');
    expect(fast.stats.states).toBe(check(m, { strategy: 'bfs' }).stats.states);
    expect(fast.stats.states).toBeGreaterThan(50);
  });

  it('refuses a model that offers no kernel, and a reduction its kernel lacks', () => {
    expect(() => fastCheck(counterModel(2, false))).toThrow(/offers? no|has none/);
    expect(() => fastCheck(counterModel(2), { symmetry: true })).toThrow(/no symmetry reduction/);
  });
});
