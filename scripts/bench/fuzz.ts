/**
 * `npm run bench -- fuzz`: every reader of untrusted input fuzzed with a large count (the test suite
 * runs the same targets with 150 inputs each; see `fuzz/readers.ts`). Prints per target the inputs
 * run, inputs per second, and as the anchor the same reader's rate on its unmutated corpus inputs
 * (fast-check's generation and shrinking machinery included in neither), with the ratio.
 *
 * `GROVE_FUZZ_RUNS` sets the count per target (default 20,000; the explorer target a tenth of it,
 * each of its inputs builds a session). `GROVE_FUZZ_SEED` the seed (default 20). A failure prints the
 * shrunk input, the seed and the path that replay it, and exits 1.
 */
import fc from 'fast-check';
import { fuzz, fuzzTargets, type FuzzTarget } from '../../fuzz/readers.ts';

const RUNS = Number(process.env.GROVE_FUZZ_RUNS ?? 20_000);
const SEED = Number(process.env.GROVE_FUZZ_SEED ?? 20);

/** The anchor: the target's checks alone, on `n` inputs drawn beforehand (no generation in the timing). */
async function anchorRate(target: FuzzTarget<any>, n: number): Promise<number> {
  const inputs = fc.sample(target.input, { numRuns: n, seed: SEED + 1 });
  const t0 = performance.now();
  for (const x of inputs) await target.check(x);
  return n / ((performance.now() - t0) / 1000);
}

export default async function bench(): Promise<void> {
  process.stdout.write(`fuzz: seed ${SEED}, ${RUNS.toLocaleString('en-US')} inputs per target (explorer: ${(RUNS / 10).toLocaleString('en-US')}); machine shared, figures are indicative\n`);
  process.stdout.write(`${'target'.padEnd(22)} ${'inputs'.padStart(8)} ${'inputs/s'.padStart(10)} ${'anchor/s'.padStart(10)} ratio  (anchor: the checks alone on pre-drawn inputs)\n`);
  let total = 0;
  let failed = false;
  for (const t of fuzzTargets) {
    const runs = t.name.startsWith('explorer') ? Math.max(1, Math.round(RUNS / 10)) : RUNS;
    const t0 = performance.now();
    try {
      const n = await fuzz(t, runs, SEED);
      const rate = n / ((performance.now() - t0) / 1000);
      const anchor = await anchorRate(t, Math.min(runs, 2_000));
      total += n;
      process.stdout.write(`${t.name.padEnd(22)} ${n.toLocaleString('en-US').padStart(8)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} ${Math.round(anchor).toLocaleString('en-US').padStart(10)} ${(rate / anchor).toFixed(2)}\n`);
    } catch (e) {
      failed = true;
      process.stdout.write(`${t.name.padEnd(22)} FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  process.stdout.write(`fuzz: ${total.toLocaleString('en-US')} inputs in all, ${failed ? 'FAILURES above' : 'no contract broken'}\n`);
  if (failed) process.exitCode = 1;
}
