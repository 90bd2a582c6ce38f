/**
 * The reference engine's figures (issue 2): the exhaustive 3×2 lsn-cas run (states/s, total time,
 * peak memory) and the time to the first counterexample for logid-check, breadth-first and random.
 * The 3×2 run is measured in a child process so that its peak RSS is its own.
 *
 * Then the fast engine against SPIN on exhaustive lsn-cas 4×2 (issue 19, goal 3: at most half of
 * SPIN's time and memory), side by side in this run: SPIN as `explore` compiles it (`-O2 -DSAFETY`,
 * full state storage), once with pan's default hash table (`-w24`, 2^24 slots for 19.6 million states)
 * and once with one sized for them (`-w26`); the ratios are against each.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { ensureSpin, fastRow, runSpin } from './explore.ts';
import { check } from '../../checker/check.ts';
import { groveModel } from '../../model/grove/model.ts';
import { variantByName } from '../../model/grove/variants/index.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(f: () => unknown, reps: number): number {
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  return median(ts) / 1000;
}

export default async function bench(): Promise<void> {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', `
      const { check } = await import('./checker/check.ts');
      const { groveModel } = await import('./model/grove/model.ts');
      const { variantByName } = await import('./model/grove/variants/index.ts');
      const t = performance.now();
      const o = check(groveModel({ variant: variantByName('lsn-cas'), actors: 3, ops: 2 }), { strategy: 'bfs' });
      const s = (performance.now() - t) / 1000;
      console.log(JSON.stringify({ outcome: o.outcome, states: o.stats.states, transitions: o.stats.transitions, seconds: s, maxRssKb: process.resourceUsage().maxRSS }));
    `],
    { encoding: 'utf8', cwd: process.cwd() },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '{}';
  const r = JSON.parse(line) as { outcome: string; states: number; transitions: number; seconds: number; maxRssKb: number };
  process.stdout.write(`exhaustive lsn-cas 3 actors × 2 pushes (reference engine, string fingerprints):\n`);
  process.stdout.write(`  ${r.outcome}, ${r.states.toLocaleString('en-US')} states, ${r.transitions.toLocaleString('en-US')} transitions, ${r.seconds.toFixed(2)} s, ${Math.round(r.states / r.seconds).toLocaleString('en-US')} states/s, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MiB\n`);
  process.stdout.write(`  against SPIN's ~0.2 s on this machine (issue 9): ${(r.seconds / 0.2).toFixed(1)}x slower; goal "seconds, not minutes, under 2 GB": ${r.seconds < 60 && r.maxRssKb < 2 * 1024 * 1024 ? 'met' : 'NOT met'}\n\n`);

  const logid = groveModel({ variant: variantByName('logid-check'), actors: 3, ops: 2 });
  const bfsT = timeIt(() => check(logid, { strategy: 'bfs' }), 7);
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const randomTs = seeds.map((seed) => timeIt(() => check(logid, { strategy: 'random', seed }), 1));
  const firstRuns = seeds.map((seed) => check(logid, { strategy: 'random', seed }).stats.runs ?? 0);
  process.stdout.write(`time to the first counterexample, logid-check 3 × 2 (G6):\n`);
  process.stdout.write(`  breadth-first: ${(bfsT * 1000).toFixed(1)} ms (shortest: 7 rows)\n`);
  process.stdout.write(`  random (fast-check, shrunk + minimized), median over seeds 1-10: ${(median(randomTs) * 1000).toFixed(1)} ms; schedules run, shrinking included: median ${median(firstRuns)}, max ${Math.max(...firstRuns)}\n`);
  process.stdout.write(`  ratio random/bfs: ${(median(randomTs) / bfsT).toFixed(1)}\n`);

  fastVsSpin();
}

/** Exhaustive lsn-cas 4×2: SPIN (default and sized hash table) and the fast engine, each in its own process. */
function fastVsSpin(): void {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('');
  say(`exhaustive lsn-cas 4 actors × 2 pushes: the fast engine beside SPIN (issue 19 goal 3: ≤ 0.5× SPIN's time and memory); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const note = ensureSpin();
  if (note !== null) {
    say(`  ${note}`);
    return;
  }
  const spin = runSpin(4, 2);
  const fast = fastRow([4, 2], {}, 4096, 600);
  const spin26 = runSpin(4, 2, 3, ['-w26']);
  const line = (name: string, r: { outcome: string; states: number; seconds: number; peakRssMB: number; note?: string }) =>
    say(`  ${name.padEnd(44)} ${r.outcome.padEnd(5)} ${r.states.toLocaleString('en-US').padStart(11)} states ${r.seconds.toFixed(2).padStart(7)} s ${String(r.peakRssMB).padStart(6)} MB peak RSS${r.note ? `  ${r.note}` : ''}`);
  line('SPIN pan -m100000 (-w24, its default)', spin);
  line('grove-check --strategy fast (no reductions)', fast);
  line('SPIN pan -m100000 -w26 (hash table sized)', spin26);
  for (const [name, s] of [['-w24', spin], ['-w26', spin26]] as const) {
    const t = fast.seconds / s.seconds;
    const m = fast.peakRssMB / s.peakRssMB;
    say(`  fast / SPIN ${name}: time ${t.toFixed(2)}×, memory ${m.toFixed(2)}×; goal ≤ 0.5× both: ${t <= 0.5 && m <= 0.5 ? 'met' : 'NOT met'}${fast.states === s.states ? '' : `; STATE COUNTS DIFFER (${fast.states} vs ${s.states})`}`);
  }
  say(`  load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (2 cores; the machine is shared, so compare the ratios, not the seconds)`);
}
