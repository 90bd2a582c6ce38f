import { describe, expect, it } from 'vitest';
import { runSideBySide, type SideBySideAdapter } from './side-by-side.ts';
import { choicesChooser, keysChooser } from './chooser.ts';

/**
 * A toy system: two actors each count to 3; the "implementation" of actor 2 is planted to diverge
 * from the model at its third step. The runner must stop exactly there, with the picks that led to it.
 */
function toy(planted: boolean): SideBySideAdapter<string> & { finished: boolean } {
  const model = { '1': 0, '2': 0 };
  const impl = { '1': 0, '2': 0 };
  return {
    finished: false,
    enabled: () => (['1', '2'] as const).filter((a) => model[a] < 3),
    async step(_i, key) {
      const a = key as '1' | '2';
      model[a]++;
      impl[a] += planted && a === '2' && impl[a] === 2 ? 2 : 1;
      return impl[a] === model[a] ? null : `L: actor ${a} is at ${impl[a]} where the model is at ${model[a]}`;
    },
    async finish() {
      this.finished = true;
      return null;
    },
  };
}

describe('the side-by-side runner', () => {
  it('stops at the first divergence of a planted implementation, with the picks that reach it', async () => {
    const picks: string[] = [];
    const a = toy(true);
    expect(await runSideBySide(a, keysChooser(['2', '1', '2', '2', '1']), 100, picks)).toBe('L: actor 2 is at 4 where the model is at 3');
    expect(picks).toEqual(['2', '1', '2', '2']);
    expect(a.finished).toBe(false);
  });

  it('runs a correct implementation to the end, then finishes', async () => {
    const picks: string[] = [];
    const a = toy(false);
    expect(await runSideBySide(a, choicesChooser([1, 1, 1, 0, 0, 0, 5]), 100, picks)).toBeNull();
    expect(picks).toEqual(['2', '2', '2', '1', '1', '1']);
    expect(a.finished).toBe(true);
  });

  it('keeps to the depth bound and stops when the chooser stops', async () => {
    const bounded: string[] = [];
    expect(await runSideBySide(toy(true), choicesChooser([1, 1, 1]), 2, bounded)).toBeNull();
    expect(bounded).toEqual(['2', '2']);
    const stopped: string[] = [];
    expect(await runSideBySide(toy(true), choicesChooser([0]), 100, stopped)).toBeNull();
    expect(stopped).toEqual(['1']);
  });
});
