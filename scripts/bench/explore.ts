/**
 * Exploration bench (issue 9): SPIN against the project's checker on the same protocol and bounds,
 * the reduction factor of each technique, and how long each schedule chooser takes to find a deep bug.
 *
 * Runs alone with `npx tsx -e "import('./scripts/bench/explore.ts').then(m=>m.default())"` or as part
 * of `npm run bench`. Takes up to ~15 minutes (typically 5–8 on 2 cores): SPIN 4×2 alone is about a
 * minute, our 5×2 with reductions one to three. Every measurement runs in its own process (peak RSS
 * is that process's), with `--max-old-space-size` set to the run's memory goal. Times are printed,
 * never asserted: they depend on the machine and on whoever else is using it.
 *
 * SPIN: uses `spin` and `gcc` from the PATH, installing SPIN with `apt-get install -y spin` when it is
 * missing; when that fails too, the SPIN rows are skipped with a note. The Promela model is
 * `scripts/bench/grove.pml` (a copy of `shared/bench/grove.pml`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job, Result } from './explore-child.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

interface Row {
  tool: string;
  config: string;
  reductions: string;
  outcome: string;
  states: number;
  seconds: number;
  peakRssMB: number;
  note?: string;
}

function say(line = ''): void {
  process.stdout.write(line + '\n');
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Makes sure `spin` is there; returns a note when it is not. */
export function ensureSpin(): string | null {
  if (!has('gcc')) return 'gcc not found: SPIN rows skipped';
  if (has('spin')) return null;
  say('spin not found: trying apt-get install -y spin …');
  const r = spawnSync('sh', ['-c', 'apt-get install -y spin || (apt-get update && apt-get install -y spin)'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0 && has('spin')) return null;
  return 'spin is not installed and apt-get install -y spin failed: SPIN rows skipped';
}

/** Compiles and runs grove.pml with SPIN for `actors` × `pushes` (`pan -m100000`, then `panArgs`). */
export function runSpin(actors: number, pushes: number, variant = 3, panArgs: string[] = []): Row {
  const dir = mkdtempSync(join(tmpdir(), 'grove-spin-'));
  const config = `${actors}×${pushes}`;
  try {
    copyFileSync(join(here, 'grove.pml'), join(dir, 'grove.pml'));
    const gen = spawnSync('spin', [`-DVARIANT=${variant}`, `-DNA=${actors}`, `-DPUSHES=${pushes}`, '-a', 'grove.pml'], { cwd: dir, encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`spin -a failed: ${gen.stderr || gen.stdout}`);
    const cc = spawnSync('gcc', ['-O2', '-w', '-DSAFETY', '-DVECTORSZ=4096', '-o', 'pan', 'pan.c'], { cwd: dir, encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr}`);
    const timed = existsSync('/usr/bin/time');
    const t0 = performance.now();
    const r = timed
      ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', './pan', '-m100000', ...panArgs], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync('./pan', ['-m100000', ...panArgs], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - t0) / 1000;
    const out = `${r.stdout}\n${r.stderr}`;
    const states = Number(/(\d+) states, stored/.exec(out)?.[1] ?? NaN);
    const rss = /MAXRSS (\d+)/.exec(out);
    const mem = /([\d.]+)\s+total actual memory usage/.exec(out);
    const peakRssMB = rss ? Math.round(Number(rss[1]) / 1024) : mem ? Math.round(Number(mem[1])) : NaN;
    const errors = Number(/errors: (\d+)/.exec(out)?.[1] ?? NaN);
    return { tool: 'SPIN', config, reductions: '-', outcome: errors === 0 ? 'pass' : errors > 0 ? 'violation' : 'error', states, seconds, peakRssMB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one job of `explore-child.ts` in a fresh Node process with a heap limit. */
function child(job: Job, heapMB: number): Result {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMB}`, '--import', 'tsx', join(here, 'explore-child.ts'), JSON.stringify(job)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: ('timeout' in job ? job.timeout : 600) * 1000 + 120_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line !== undefined) return JSON.parse(line.slice(7)) as Result;
  const why = /heap out of memory|Allocation failed/.test(r.stderr) ? `out of memory (heap ${heapMB} MB)` : `exit ${r.status ?? r.signal}: ${r.stderr.split('\n').slice(-3).join(' ')}`;
  return { outcome: 'error', states: 0, seconds: 0, peakRssMB: 0, note: why };
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));

function table(rows: Row[], spin: Map<string, Row>): void {
  say(
    `${pad('tool', 14)} ${pad('config', 6)} ${pad('reductions', 16)} ${pad('verdict', 12)} ${pad('states', 12, true)} ${pad('time s', 8, true)} ${pad('states/s', 11, true)} ${pad('peak RSS MB', 11, true)} ${pad('time vs SPIN', 12, true)} ${pad('mem vs SPIN', 11, true)}`,
  );
  for (const r of rows) {
    const s = spin.get(r.config);
    const tr = s && r.tool !== 'SPIN' && r.seconds > 0 ? `${fmt(r.seconds / s.seconds, 2)}×` : '';
    const mr = s && r.tool !== 'SPIN' && r.peakRssMB > 0 ? `${fmt(r.peakRssMB / s.peakRssMB, 2)}×` : '';
    say(
      `${pad(r.tool, 14)} ${pad(r.config, 6)} ${pad(r.reductions, 16)} ${pad(r.outcome, 12)} ${pad(fmt(r.states), 12, true)} ${pad(fmt(r.seconds, 2), 8, true)} ${pad(fmt(r.states / Math.max(r.seconds, 1e-6)), 11, true)} ${pad(fmt(r.peakRssMB), 11, true)} ${pad(tr, 12, true)} ${pad(mr, 11, true)}${r.note ? `  ${r.note}` : ''}`,
    );
  }
}

export function fastRow(config: [number, number], opts: { symmetry?: boolean; por?: boolean; bitstate?: number }, heapMB: number, timeout: number, tool = 'grove-check'): Row & { risk?: string } {
  const [actors, ops] = config;
  const red = [opts.symmetry ? 'symmetry' : '', opts.por ? 'por' : '', opts.bitstate ? `bitstate 2^${opts.bitstate}` : ''].filter(Boolean).join('+') || 'none';
  const r = child({ kind: 'fast', variant: 'lsn-cas', actors, ops, ...opts, timeout }, heapMB);
  return { tool, config: `${actors}×${ops}`, reductions: red, outcome: r.outcome + (r.property ? ` ${r.property}` : ''), states: r.states, seconds: r.seconds, peakRssMB: r.peakRssMB, note: r.note, risk: r.risk };
}

/** Times 4×2 lsn-cas with the fast engine on `workers` threads, through the CLI (`check --workers N --json`), in its own process. */
function workersRun(workers: number): Result {
  const args = ['--max-old-space-size=4096', '--import', 'tsx', join(root, 'scripts', 'cli.ts'), 'check', '--strategy', 'fast', '--variant', 'lsn-cas', '--actors', '4', '--ops', '2', '--workers', String(workers), '--json'];
  const timed = existsSync('/usr/bin/time');
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 900_000 })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 900_000 });
  try {
    const o = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { outcome: string; stats: { states: number; seconds: number } };
    const rss = /MAXRSS (\d+)/.exec(r.stderr);
    return { outcome: o.outcome, states: o.stats.states, seconds: o.stats.seconds, peakRssMB: rss ? Math.round(Number(rss[1]) / 1024) : NaN };
  } catch {
    return { outcome: 'error', states: NaN, seconds: NaN, peakRssMB: NaN, note: `workers ${workers}: exit ${r.status ?? r.signal}: ${r.stderr.split('\n').slice(-3).join(' ')}` };
  }
}

/** The bench. Prints its tables; never throws for a slow or failed measurement (it prints it). */
export default async function bench(): Promise<void> {
  const started = performance.now();
  say('== exploration bench (issue 9): SPIN vs grove-check on grove.pml, lsn-cas ==');
  say('   takes up to ~15 minutes; each measurement runs in its own process; times are this machine\'s, now');
  say();
  const spinNote = ensureSpin();
  const spin = new Map<string, Row>();
  const rows: Row[] = [];
  const risks: string[] = [];

  // 3×2 and 4×2: SPIN, our engine without reductions, and the plain reference search.
  for (const cfg of [[3, 2], [4, 2]] as [number, number][]) {
    const config = `${cfg[0]}×${cfg[1]}`;
    if (spinNote === null) {
      say(`running SPIN ${config} …`);
      try {
        const s = runSpin(cfg[0], cfg[1]);
        spin.set(config, s);
        rows.push(s);
      } catch (e) {
        say(`  SPIN ${config} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    say(`running grove-check fast engine ${config} (no reductions, heap 4 GB) …`);
    const f = fastRow(cfg, {}, 4096, 600);
    rows.push(f);
    if (f.risk) risks.push(`${config} none: ${f.risk}`);
    if (cfg[0] === 3) {
      say(`running the reference engine (immutable states, string keys) ${config} …`);
      const r = child({ kind: 'ref', variant: 'lsn-cas', actors: cfg[0], ops: cfg[1], timeout: 120 }, 4096);
      rows.push({ tool: 'reference bfs', config, reductions: 'none', outcome: r.outcome, states: r.states, seconds: r.seconds, peakRssMB: r.peakRssMB, note: r.note });
    }
  }
  say('running grove-check 4×2 bitstate (2^30 bits = 128 MB seen set) …');
  const bit = fastRow([4, 2], { bitstate: 30 }, 4096, 600);
  rows.push(bit);
  if (bit.risk) risks.push(`4×2 bitstate: ${bit.risk}`);

  // Reduction factors.
  say('running the reductions on 3×2 and 4×2 …');
  const reductions: Row[] = [];
  for (const cfg of [[3, 2], [4, 2]] as [number, number][]) {
    const base = rows.find((r) => r.tool === 'grove-check' && r.config === `${cfg[0]}×${cfg[1]}` && r.reductions === 'none');
    if (base) reductions.push(base);
    for (const opts of [{ por: true }, { symmetry: true }, { symmetry: true, por: true }]) reductions.push(fastRow(cfg, opts, 4096, 600));
  }

  say('running grove-check 5×2 with symmetry + por (budget 10 minutes, heap 16 GB) …');
  const five = fastRow([5, 2], { symmetry: true, por: true }, 16384, 600);
  rows.push(five);
  if (five.risk) risks.push(`5×2 symmetry+por: ${five.risk}`);

  // 6×2 (issue 19, goal 3): a verdict within 10 minutes and 16 GB, or the reason it does not fit.
  say('running grove-check 6×2 with symmetry + por (budget 10 minutes, heap 16 GB) …');
  const six = fastRow([6, 2], { symmetry: true, por: true }, 16384, 600);
  rows.push(six);
  const four = reductions.find((r) => r.config === '4×2' && r.reductions === 'symmetry+por');
  const growth = four && four.states > 0 ? five.states / four.states : NaN;

  say();
  say('-- exhaustive search: lsn-cas (MODEL.md: holds G1–G6), same bounds as grove.pml (NA actors × PUSHES) --');
  if (spinNote !== null) say(`   note: ${spinNote}`);
  table(rows, spin);
  say('   goals: 4×2 verdict faster than SPIN within 4 GB; 5×2 verdict within 10 minutes and 16 GB.');
  say('   SPIN: pan -m100000 (DFS, full state storage, no reductions; SPIN\'s own POR cannot act: every step is an atomic block on shared globals).');
  say('   5×2 is not run with SPIN (4×2 already needs 2.7 GB; 5×2 without reductions is ~10^10 states).');
  for (const r of risks) say(`   risk ${r}`);
  if (six.outcome !== 'pass' && Number.isFinite(growth)) {
    const projected = five.states * growth;
    say(`   6×2: ${six.outcome} after ${fmt(six.seconds, 0)} s at ${fmt(six.states)} states (${fmt(six.states / Math.max(six.seconds, 1e-6))} states/s). With symmetry + por, 4×2 → 5×2 grew ${fmt(growth, 1)}×; at that growth 6×2 has ≈ ${fmt(projected / 1e9, 2)} billion states: ≈ ${fmt((projected * 8) / 2 ** 30, 1)} GiB of fingerprints alone (8 bytes each, before parents and layers) and ≈ ${fmt(projected / Math.max(six.states / Math.max(six.seconds, 1e-6), 1) / 60, 0)} minutes at this rate, so 5×2 is the largest bound that fits 10 minutes and 16 GB.`);
  }

  say();
  say('-- reduction factor of each technique (lsn-cas; same verdict in every row) --');
  say(`${pad('config', 6)} ${pad('reductions', 16)} ${pad('states', 12, true)} ${pad('factor', 8, true)} ${pad('time s', 8, true)} ${pad('states/s', 11, true)} ${pad('peak RSS MB', 11, true)}`);
  for (const r of reductions) {
    const base = reductions.find((b) => b.config === r.config && b.reductions === 'none');
    const factor = base ? base.states / r.states : NaN;
    say(`${pad(r.config, 6)} ${pad(r.reductions, 16)} ${pad(fmt(r.states), 12, true)} ${pad(`${fmt(factor, 1)}×`, 8, true)} ${pad(fmt(r.seconds, 2), 8, true)} ${pad(fmt(r.states / Math.max(r.seconds, 1e-6)), 11, true)} ${pad(fmt(r.peakRssMB), 11, true)}  ${r.outcome}`);
  }
  say('running grove-check 4×2 (no reductions) with workers 1 and 2 …');
  const w1 = workersRun(1);
  const w2 = workersRun(2);
  say(`   workers (4×2, no reductions, level-synchronous BFS on worker threads): 1 worker ${fmt(w1.seconds, 2)} s (${fmt(w1.states)} states, peak RSS ${fmt(w1.peakRssMB)} MB), 2 workers ${fmt(w2.seconds, 2)} s (${fmt(w2.states)} states, peak RSS ${fmt(w2.peakRssMB)} MB): speedup ${fmt(w1.seconds / w2.seconds, 2)}× on ${availableParallelism()} cores${w1.note || w2.note ? `  ${w1.note ?? ''} ${w2.note ?? ''}` : ''}`);

  say();
  say('-- deep bug: planted-narrow-cas (CAS compares LSNs mod 16), 3 actors × 8 ops; G6 needs ≥ 16 steps of others between two steps of one actor --');
  say(`${pad('chooser', 34)} ${pad('verdict', 14)} ${pad('time to find s', 15, true)} ${pad('runs', 9, true)} ${pad('steps/states', 13, true)}  note`);
  const choosers: [Job & { kind: 'deep' }, string][] = [
    [{ kind: 'deep', chooser: 'fast-check', timeout: 60 }, 'random strategy (fast-check)'],
    [{ kind: 'deep', chooser: 'fast-check-full', timeout: 60 }, 'fast-check, full-length arrays'],
    [{ kind: 'deep', chooser: 'pct', timeout: 60 }, 'PCT d=2 (seed 1)'],
    [{ kind: 'deep', chooser: 'preemption', timeout: 60 }, 'DFS, preemption bound ≤ 2'],
  ];
  for (const [job, name] of choosers) {
    const r = child(job, 4096);
    const verdict = r.outcome === 'violation' ? `found ${r.property}` : r.outcome === 'inconclusive' ? 'not in 60 s' : r.outcome;
    say(`${pad(name, 34)} ${pad(verdict, 14)} ${pad(r.outcome === 'violation' ? fmt(r.seconds, 2) : `> ${fmt(r.seconds, 0)}`, 15, true)} ${pad(r.runs === undefined ? '-' : fmt(r.runs), 9, true)} ${pad(fmt(r.states), 13, true)}  ${r.note ?? ''}`);
  }
  say();
  say(`bench done in ${fmt((performance.now() - started) / 1000, 0)} s`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bench().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
