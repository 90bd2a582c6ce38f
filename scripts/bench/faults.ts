/**
 * Faults in the fast engine (issue 19, goal 2): the compiled engine against the reference engine on
 * the same fault configurations, run one after the other in this process's children (each in its own
 * process with an 8 GB heap, so that its peak RSS is its own). Prints states, verdicts, times and the
 * ratio; the state counts and verdicts must be identical (a mismatch is printed as such).
 *
 * Runs alone with `npm run bench -- faults`. Takes about 5 minutes on 2 cores, almost all of it the
 * reference engine (about 9,000 states/s). Times are this machine's, now; never asserted.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job, Result } from './explore-child.ts';

const here = dirname(fileURLToPath(import.meta.url));

function say(line = ''): void {
  process.stdout.write(line + '\n');
}

function child(job: Job, heapMB: number): Result {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMB}`, '--import', 'tsx', join(here, 'explore-child.ts'), JSON.stringify(job)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: (job.timeout + 120) * 1000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) return { outcome: 'error', states: NaN, seconds: NaN, peakRssMB: NaN, note: `exit ${r.status ?? r.signal}: ${r.stderr.split('\n').slice(-3).join(' ')}` };
  return JSON.parse(line.slice(7)) as Result;
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));

/** The bench. Prints its table; never throws for a slow or failed measurement (it prints it). */
export default async function bench(): Promise<void> {
  say('== faults in the fast engine (issue 19): compiled engine vs reference engine, same configuration ==');
  const configs: { variant: string; actors: number; ops: number; lost?: number; crashes?: number }[] = [
    { variant: 'retry-naive', actors: 3, ops: 2, lost: 1 },
    { variant: 'recover-by-reading', actors: 3, ops: 2, lost: 1, crashes: 1 },
  ];
  say(`${pad('configuration', 44)} ${pad('engine', 18)} ${pad('verdict', 10)} ${pad('states', 11, true)} ${pad('time s', 8, true)} ${pad('states/s', 10, true)} ${pad('RSS MB', 7, true)} ${pad('speed-up', 9, true)}`);
  for (const c of configs) {
    const name = `${c.variant} ${c.actors}×${c.ops}${c.lost ? ` lost ${c.lost}` : ''}${c.crashes ? ` crashes ${c.crashes}` : ''}`;
    const fast = child({ kind: 'fast', ...c, timeout: 600 }, 8192);
    const sym = child({ kind: 'fast', ...c, symmetry: true, timeout: 600 }, 8192);
    const ref = child({ kind: 'ref', ...c, timeout: 900 }, 8192);
    const row = (engine: string, r: Result, ratio: string) =>
      say(`${pad(name, 44)} ${pad(engine, 18)} ${pad(r.outcome + (r.property ? ` ${r.property}` : ''), 10)} ${pad(fmt(r.states), 11, true)} ${pad(fmt(r.seconds, 2), 8, true)} ${pad(fmt(r.states / Math.max(r.seconds, 1e-6)), 10, true)} ${pad(fmt(r.peakRssMB), 7, true)} ${pad(ratio, 9, true)}${r.note ? `  ${r.note}` : ''}`);
    row('reference bfs', ref, '1×');
    row('fast', fast, `${fmt(ref.seconds / fast.seconds, 1)}×`);
    row('fast + symmetry', sym, `${fmt(ref.seconds / sym.seconds, 1)}×`);
    const same = fast.outcome === ref.outcome && fast.property === ref.property && fast.states === ref.states && fast.transitions === ref.transitions;
    say(`   ${same ? 'same' : 'DIFFERENT'} verdict, states and transitions as the reference (${fmt(ref.states)} states, ${fmt(ref.transitions ?? NaN)} transitions)`);
  }
  say('   goal: at least 20× the reference engine with identical state counts and verdicts (POR is refused with faults: see model/grove/kernel/por.ts)');
}

if (process.argv[1] !== undefined && join(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bench().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
