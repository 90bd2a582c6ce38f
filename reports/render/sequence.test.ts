import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { groveModel } from '../../model/grove/model.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { sequenceOf } from '../graph/sequence.ts';
import { traceFromPath } from '../trace/trace.ts';
import { renderSequenceAscii } from './sequence-ascii.ts';
import { renderSequenceSvg } from './sequence-svg.ts';

function g6() {
  const m = groveModel({ variant: variantByName('logid-check'), actors: 2, ops: 1 });
  const o = check(m, { strategy: 'bfs' });
  if (o.outcome !== 'violation') throw new Error(`expected a violation, got ${o.outcome}`);
  return { t: traceFromPath(m, o.path, o.rows), o };
}

describe('sequenceOf (logid-check G6, bfs, seed 1)', () => {
  it('has a lane per actor and the remote, each step with its result and remote changes', () => {
    const { t, o } = g6();
    const d = sequenceOf(t, o);
    expect(d.lanes).toEqual(['1', '2', 'remote']);
    expect(d.steps.map((s) => [s.actor, s.op, s.result, s.ok])).toEqual([
      ['1', 'Pull<main>', 'Ok(a@0)', true],
      ['2', 'Pull<main>', 'Ok(a@0)', true],
      ['1', 'Append<a@1>', 'Ok', true],
      ['1', 'Check<main, a>', 'Ok', true],
      ['2', 'Append<a@1>', 'Err: conflict', false],
      ['2', 'Branch<a@0, c>', 'Ok', true],
      ['2', 'CAS<main, a, c>', 'Ok', true],
    ]);
    expect(d.steps[2].remote).toEqual(['a1 = 1.1']);
    expect(d.steps[3].acked).toEqual(['1.1']);
    expect(d.steps[5].remote).toEqual(['new log c from a@0', 'c1 = 2.1']);
    expect(d.steps[6].remote).toEqual(['main: a → c']);
    expect(d.steps.map((s) => s.violating)).toEqual([false, false, false, false, false, false, true]);
    expect(d.violation).toMatchObject({ step: 7, property: 'G6' });
    expect(d.steps[6].violations.map((v) => v.property)).toContain('G6');
  });

  it('marks the first non-advisory violation when none is reported', () => {
    const { t } = g6();
    expect(sequenceOf(t).violation?.step).toBe(7);
  });

  it('renders as text with the violating step marked', () => {
    const { t, o } = g6();
    const text = renderSequenceAscii(sequenceOf(t, o));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ +# \| 1 +\| 2 +\| remote$/);
    expect(lines[4]).toMatch(/^ +3 \| Append<a@1> → Ok +\| +\| a1 = 1\.1$/);
    expect(lines[8]).toMatch(/^✗ 7 \| +\| CAS<main, a, c> → Ok +\| main: a → c; ack 2\.1 +✗ G6$/);
    expect(lines[lines.length - 1]).toBe(`✗ G6 at step 7: ${o.message}`);
  });

  it('renders as SVG with one group per step and the violating one on a red band', () => {
    const { t, o } = g6();
    const svg = renderSequenceSvg(sequenceOf(t, o));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<g class="seq-step[^"]*" data-step="\d+">/g)?.length).toBe(7);
    expect(svg).toContain('<g class="seq-step violating" data-step="7">');
    expect(svg).toContain('CAS&lt;main, a, c&gt;');
    expect(svg).toContain('Err: conflict');
  });
});
