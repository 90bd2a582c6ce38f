/**
 * Every reader of untrusted input, fuzzed in-process (a small count here; `npm run bench -- fuzz`
 * runs a large one): only documented errors, each with file:line:column, and answers bounded by the
 * input's size. A deliberately broken reader is caught, so the harness itself can fail.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError } from '../lin/formats/error.ts';
import { parseJepsenKv } from '../lin/formats/jepsen-kv.ts';
import { fuzz, fuzzTargets, historyTarget, jepsenKvCorpus, mutate } from './readers.ts';

const SEED = 20;
const RUNS = 150;

describe('fuzzing the readers (seed 20)', () => {
  it.each(fuzzTargets.map((t) => [t.name, t] as const))('%s', async (_name, target) => {
    expect(await fuzz(target, RUNS, SEED)).toBe(RUNS);
  });

  it('catches a planted reader that crashes on a line without a colon', async () => {
    const crashes = (text: string, file: string) => {
      if (text.split('\n').some((l) => l.trim() !== '' && !l.includes(':'))) throw new TypeError('cannot read properties of undefined');
      return parseJepsenKv(text, file);
    };
    await expect(fuzz(historyTarget('planted crash', 'p.edn', jepsenKvCorpus, ['{', '}', 'a', '\n'], crashes), 500, SEED)).rejects.toThrow(/planted crash: threw TypeError: cannot read properties of undefined; input /);
  });

  it('catches a planted reader whose errors carry no position', async () => {
    const unplaced = (text: string, file: string) => {
      try {
        return parseJepsenKv(text, file);
      } catch (e) {
        throw e instanceof FormatError ? Object.assign(new FormatError(file, 1, 1, 'x', 'y'), { message: 'bad history' }) : e;
      }
    };
    await expect(fuzz(historyTarget('planted unplaced', 'p.edn', jepsenKvCorpus, ['{', '}', 'a', '\n'], unplaced), 500, SEED)).rejects.toThrow(/planted unplaced: error without p\.edn:line:column: bad history/);
  });

  it('mutations are pure and keep positions in range', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (text, at) => {
        expect(mutate(text, { kind: 'truncate', at })).toBe(text.slice(0, at % Math.max(1, text.length)));
        expect(mutate('k: 12\n', { kind: 'huge-number', at: 0 })).toBe('k: 99999999999999999999\n');
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});
