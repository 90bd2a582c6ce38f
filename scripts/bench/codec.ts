/**
 * The fast engine's generic path (issue 19, goal 2: "the other models get a generic compiled path from
 * their own state codec, at least 5× the reference engine's states per second"). For each model
 * without a hand-written kernel, at a bound where the reference engine takes seconds, it runs the
 * reference engine and the fast engine (through the model's codec) one after the other, each in a
 * child process of its own, and prints states, both rates, the ratio and whether the counts and
 * verdicts are the same. obsmarkers' seed scenarios have at most 37 states, so their whole search is
 * repeated, on late-marker (10 states, a pass) and on cycle (31 states to its O2 violation); its
 * bound is the number of users of the cycle scenario (`--actors`, 2 to 5): with 5, 28,317 states to
 * the violation, measured in one run (as a user runs it, the JIT's warm-up included) and in 20 (the
 * engines' own rates, warm-up spread).
 *
 * A third child runs the fast engine again with the model's own functions (`actions`, `step`, its
 * properties) timed: their share is what no engine that calls them can save, so reference time ÷
 * model time is the most any such engine could gain (the "ceiling" column; the timers' own cost
 * makes it a slight underestimate).
 *
 * Both engines run from dist/ (the bench runs `npm run build` first, which also compiles the child,
 * run by plain node), as the installed command runs them: through tsx, whose module transform turns
 * each call across modules into a property read, the fast engine's ratios were lower (obsmarkers with
 * 5 users, one run: 2.7–3.9× against 4.1–5.0×), and with tsx's loader in the child (the models from
 * dist/), its one run of obsmarkers took 0.14–0.17 s against 0.13–0.15 (the reference's the same).
 *
 * Each engine runs 3 times (`GROVE_CODEC_REPEATS`), taking turns, and the median is printed: on a
 * shared machine one run of either can be a third off. Runs alone with `npm run bench -- codec`
 * (about 11 minutes on 2 cores at a load average of 3–4, 16 at 5–6, most of it the reference engine
 * on the larger bounds); `GROVE_CODEC_ONLY=obsmarkers` (models, comma-separated) runs those rows
 * only. Never asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodecJob, CodecResult } from './codec-child.ts';

const here = dirname(fileURLToPath(import.meta.url));

function say(line = ''): void {
  process.stdout.write(line + '\n');
}

/** The child as `npm run build` compiles it (plain node, no tsx loader), else its TypeScript through tsx. */
const compiledChild = join(here, '..', '..', 'dist', 'scripts', 'bench', 'codec-child.js');
/** Whether this run's build succeeded (a child left by an earlier build is not used). */
let built = false;

function child(job: CodecJob): CodecResult {
  const run = built && existsSync(compiledChild) ? [compiledChild] : ['--import', 'tsx', join(here, 'codec-child.ts')];
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', ...run, JSON.stringify(job)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: 900_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) return { outcome: 'error', states: NaN, transitions: NaN, seconds: NaN, cpuSeconds: NaN, note: `exit ${r.status ?? r.signal}: ${r.stderr.split('\n').slice(-3).join(' ')}` };
  return JSON.parse(line.slice(7)) as CodecResult;
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));

/** The run of median time (its counts are every run's: the searches are deterministic). */
function median(rs: readonly CodecResult[]): CodecResult {
  const sorted = [...rs].sort((a, b) => a.seconds - b.seconds);
  const m = sorted[(sorted.length - 1) >> 1];
  const cpu = [...rs].map((r) => r.cpuSeconds).sort((a, b) => a - b)[(rs.length - 1) >> 1];
  return { ...m, cpuSeconds: cpu, ...(rs.some((r) => r.note) ? { note: rs.find((r) => r.note)!.note } : {}) };
}

/**
 * The configurations measured: a bound where the reference engine takes a few seconds, and for memo,
 * subhistory and inferno a larger one printed under it, where the fast run itself takes seconds (a
 * fresh process's JIT warm-up, a fixed cost, is then a small part of it) and the reference engine
 * 20–60 s and under 1.5 GB. Both are printed: the ratio grows with the bound, since the reference
 * engine's cost per state grows with the objects it keeps (its seen map and frontier) and the fast
 * engine's does not.
 */
const configs: { label: string; model: string; options: CodecJob['options']; runs?: number }[] = [
  { label: 'memo 2 replicas, 1 op, 2 epochs', model: 'memo', options: { actors: 2, ops: 1, extra: { epochs: 2 } } },
  { label: 'memo 2 replicas, 1 op, 2 epochs, 2 dups', model: 'memo', options: { actors: 2, ops: 1, extra: { epochs: 2, dups: 2 } } },
  { label: 'subhistory 4 users × 2 pushes', model: 'subhistory', options: { actors: 4, ops: 2 } },
  { label: 'subhistory 4 users × 2 pushes, 3 retries', model: 'subhistory', options: { actors: 4, ops: 2, extra: { retries: 3 } } },
  { label: 'obsmarkers late-marker, 3000 runs', model: 'obsmarkers', options: { variant: 'full', extra: { scenario: 'late-marker' } }, runs: 3000 },
  // Its largest search: 31 of the scenario's 37 states before the cycle O2, the counterexample replayed.
  { label: 'obsmarkers cycle (O2), 1000 runs', model: 'obsmarkers', options: { variant: 'full', extra: { scenario: 'cycle' } }, runs: 1000 },
  { label: 'obsmarkers cycle, 5 users (O2), 1 run', model: 'obsmarkers', options: { variant: 'full', actors: 5, extra: { scenario: 'cycle' } } },
  { label: 'obsmarkers cycle, 5 users (O2), 20 runs', model: 'obsmarkers', options: { variant: 'full', actors: 5, extra: { scenario: 'cycle' } }, runs: 20 },
  { label: 'inferno cas, fork, 7 actors', model: 'inferno', options: { variant: 'cas', actors: 7, extra: { program: 'fork' } } },
  { label: 'inferno cas, fork, 7 actors, 1 crash', model: 'inferno', options: { variant: 'cas', actors: 7, extra: { program: 'fork', maxCrashes: 1 } } },
  { label: 'grove-local 2 clients × 3 writes', model: 'grove-local', options: { actors: 2, ops: 3 } },
];

/** The bench. Prints its table; never throws for a slow or failed measurement (it prints it). */
export default async function bench(): Promise<void> {
  say('== the fast engine through a state codec (issue 19): reference engine vs fast engine, same model and bound ==');
  // Both engines run from dist/, as the installed command runs them (`codec-child.ts`): build it first.
  const build = spawnSync('npm', ['run', 'build'], { cwd: join(here, '..', '..'), encoding: 'utf8', timeout: 600_000 });
  built = build.status === 0;
  say(build.status === 0 ? '   both engines and the models from dist/ (built now by `npm run build`), as the installed command runs them' : `   npm run build failed, both engines run from the TypeScript sources through tsx: ${(build.stderr || build.stdout).trim().split('\n')[0]}`);
  const repeats = Math.max(1, Number(process.env.GROVE_CODEC_REPEATS ?? 3));
  say(`   each figure the median of ${repeats} runs, the engines taking turns (GROVE_CODEC_REPEATS=N for another count)`);
  // GROVE_CODEC_ONLY=obsmarkers,memo: those models' rows only.
  const only = (process.env.GROVE_CODEC_ONLY ?? '').split(',').filter((m) => m !== '');
  if (only.length > 0) say(`   only ${only.join(', ')} (GROVE_CODEC_ONLY)`);
  say(`${pad('model', 42)} ${pad('verdict', 9)} ${pad('states', 9, true)} ${pad('ref s', 7, true)} ${pad('ref st/s', 9, true)} ${pad('fast s', 7, true)} ${pad('fast st/s', 10, true)} ${pad('ratio', 6, true)} ${pad('cpu ratio', 9, true)} ${pad('same', 5, true)} ${pad('model %', 8, true)} ${pad('ceiling', 8, true)}`);
  for (const c of configs.filter((x) => only.length === 0 || only.includes(x.model))) {
    const job = { model: c.model, options: c.options, ...(c.runs ? { runs: c.runs } : {}) };
    const refs: CodecResult[] = [];
    const fasts: CodecResult[] = [];
    for (let k = 0; k < repeats; k++) {
      refs.push(child({ ...job, engine: 'bfs' }));
      fasts.push(child({ ...job, engine: 'fast' }));
    }
    const ref = median(refs);
    const fast = median(fasts);
    const timed = child({ ...job, engine: 'fast', timeModel: true });
    const runs = c.runs ?? 1;
    const rate = (r: CodecResult) => (r.states * runs) / r.seconds;
    const all = [...refs, ...fasts];
    const same = all.every((r) => r.outcome === ref.outcome && r.property === ref.property && r.states === ref.states && r.transitions === ref.transitions);
    const model = timed.modelSeconds ?? NaN;
    say(
      `${pad(c.label, 42)} ${pad(ref.outcome + (ref.property ? ` ${ref.property}` : ''), 9)} ${pad(fmt(ref.states), 9, true)} ${pad(fmt(ref.seconds, 2), 7, true)} ${pad(fmt(rate(ref)), 9, true)} ${pad(fmt(fast.seconds, 2), 7, true)} ${pad(fmt(rate(fast)), 10, true)} ${pad(fmt(rate(fast) / rate(ref), 2) + '×', 6, true)} ${pad(fmt(ref.cpuSeconds / fast.cpuSeconds, 2) + '×', 9, true)} ${pad(same ? 'yes' : 'NO', 5, true)} ${pad(fmt((100 * model) / timed.seconds, 0) + '%', 8, true)} ${pad(fmt(ref.seconds / model, 1) + '×', 8, true)}${[ref.note, fast.note, timed.note].filter(Boolean).map((n) => `  ${n}`).join('')}`,
    );
  }
  say('   ratio: fast states/s ÷ reference states/s (wall clock); cpu ratio: the same in CPU seconds (steadier on a loaded machine)');
  say("   model %: share of the fast run spent in the model's own actions, step and properties (the timers' cost taken out); ceiling: reference time ÷ that model time");
  say('   goal: at least 5× the reference engine with identical state counts and verdicts');
}

if (process.argv[1] !== undefined && join(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bench().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
