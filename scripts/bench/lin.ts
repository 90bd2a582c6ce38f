/**
 * Benchmark of the linearizability checker against Porcupine, side by side in the same run, on the
 * Jepsen histories in ../shared/data/jepsen (the eight of the README table, then the kv histories
 * Porcupine's tests also check without partitioning by key: c01 and c10; c50 is not one of them).
 *
 * **Cold, one run each, as a user runs it.** For every history, one fresh process of each:
 * - ours: `node scripts/grove-check.mjs lin FILE --json` (`--no-partition` for the whole-store rows);
 *   our figure is `stats.seconds` from its JSON (reading, parsing and checking the file: the command
 *   minus the process's start-up), and `stats.checkSeconds` the check alone; the whole command's
 *   time is the wall time of the process;
 * - Porcupine: its own test binary (`go test -c` on a temporary copy of ../shared/bench/porcupine,
 *   plus one generated test file, `TestGroveLin`, that calls Porcupine's own parsers and models from
 *   its test suite — `parseJepsenLog`/`etcdModel`, `parseKvLog`/`kvModel`/`kvNoPartitionModel` — and
 *   prints the times of parsing and of `CheckEvents`); its figure is the two together, what its own
 *   test of the history spends (the test reads and parses the file, then checks it); the whole
 *   command is the wall time of that process.
 * The ratio of each history is ours / Porcupine's on those figures (at or below 1.0: as fast or
 * faster), and the bench ends with how many histories are at or below 1.0. The check alone is
 * printed beside it (`stats.checkSeconds` against `CheckEvents`), and the process wall times. The
 * start-up of `grove-check lin --help` (node and the command's modules) is measured and printed as
 * its own figure, with its share of our wall time.
 *
 * **Many histories in one process.** `grove-check lin DIR` on the eight histories against
 * Porcupine's test suite on the same files (`-test.run` of its eight tests: TestEtcdJepsen002/070,
 * TestKv{1Client,10Clients,50Clients}{Ok,Bad}), and `lin --no-partition` on the four whole-store
 * histories against its four TestKvNoPartition* tests; both as process wall times, start-up included.
 *
 * Go comes from the PATH; when missing, `apt-get install -y golang-go` (Debian's package), as the
 * tests install Chromium. Porcupine needs no external module, so it builds offline
 * (`GOFLAGS=-mod=mod GOPROXY=off`). Without Go, the Porcupine columns are skipped with the reason.
 *
 * The bench first runs `npm run build`: the command then runs from dist/, as installed, with the code
 * cache of its engine that the build stores (lin/engine-load.ts); the bench says whether this node
 * accepts it.
 *
 * Run alone: npm run bench -- lin
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = path.resolve(repoRoot, '..', 'shared', 'data', 'jepsen');
const porcupineSrc = path.resolve(repoRoot, '..', 'shared', 'bench', 'porcupine');
const cli = path.join(repoRoot, 'scripts', 'grove-check.mjs');

/** The generated Go test: Porcupine's own parsers and models, timing CheckEvents alone. */
const GO_TEST = `package porcupine

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestGroveLin checks every history named in GROVE_LIN_JOBS (one "kind path" per line; kind is
// etcd, kv or kv-whole) with the parsers and models of Porcupine's own tests, and prints the time
// of parsing and of CheckEvents separately.
func TestGroveLin(t *testing.T) {
	jobs := strings.TrimSpace(os.Getenv("GROVE_LIN_JOBS"))
	if jobs == "" {
		t.Skip("GROVE_LIN_JOBS not set")
	}
	for _, line := range strings.Split(jobs, "\\n") {
		f := strings.SplitN(line, " ", 2)
		t0 := time.Now()
		var events []Event
		var model Model
		switch f[0] {
		case "etcd":
			events, model = parseJepsenLog(f[1]), etcdModel
		case "kv":
			events, model = parseKvLog(f[1]), kvModel
		default:
			events, model = parseKvLog(f[1]), kvNoPartitionModel
		}
		t1 := time.Now()
		ok := CheckEvents(model, events)
		t2 := time.Now()
		fmt.Printf("GROVE-LIN\\t%s\\t%t\\t%.6f\\t%.6f\\n", f[1], ok, t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds())
	}
}
`;

type Kind = 'etcd' | 'kv' | 'kv-whole';

interface Job {
  name: string;
  kind: Kind;
  file: string;
}

const JOBS: Job[] = [
  ...['etcd_002.log', 'etcd_070.log'].map((f) => ({ name: f, kind: 'etcd' as const, file: path.join(dataDir, 'etcd', f) })),
  ...['c01-ok.txt', 'c01-bad.txt', 'c10-ok.txt', 'c10-bad.txt', 'c50-ok.txt', 'c50-bad.txt'].map((f) => ({
    name: f,
    kind: 'kv' as const,
    file: path.join(dataDir, 'kv', f),
  })),
  ...['c01-ok.txt', 'c01-bad.txt', 'c10-ok.txt', 'c10-bad.txt'].map((f) => ({
    name: `${f} (no partition)`,
    kind: 'kv-whole' as const,
    file: path.join(dataDir, 'kv', f),
  })),
];

const say = (s: string): void => void process.stdout.write(s + '\n');

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Wall seconds of one process; its stdout. */
function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string): { seconds: number; out: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env, cwd, maxBuffer: 64 << 20, timeout: 600_000 });
  return { seconds: (performance.now() - t0) / 1000, out: r.stdout, status: r.status };
}

/** Builds Porcupine's test binary in a temporary directory; the binary's path, or why not. */
function buildPorcupine(dir: string): { bin: string } | { skip: string } {
  if (!has('go')) {
    say('go not found: trying apt-get install -y golang-go …');
    const r = spawnSync('sh', ['-c', 'apt-get install -y golang-go || (apt-get update && apt-get install -y golang-go)'], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0 || !has('go')) return { skip: 'go is not installed and apt-get install -y golang-go failed: Porcupine columns skipped' };
  }
  const src = path.join(dir, 'porcupine');
  cpSync(porcupineSrc, src, { recursive: true });
  writeFileSync(path.join(src, 'zz_grove_lin_test.go'), GO_TEST);
  const bin = path.join(dir, 'porcupine.test');
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
  const r = spawnSync('go', ['test', '-c', '-o', bin, '.'], { cwd: src, encoding: 'utf8', env, timeout: 600_000 });
  if (r.status !== 0) return { skip: `go test -c failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
  return { bin };
}

interface Ours {
  outcome: string;
  /** Reading, parsing and checking (`stats.seconds`). */
  total: number;
  /** The check alone (`stats.checkSeconds`). */
  check: number;
  wall: number;
}

function runOurs(job: Job): Ours {
  const args = [cli, 'lin', job.file, '--json', '--timeout', '300'];
  if (job.kind === 'kv-whole') args.push('--no-partition');
  const r = timed(process.execPath, args);
  const j = JSON.parse(r.out) as { outcome: string; stats: { seconds: number; checkSeconds: number } };
  return { outcome: j.outcome, total: j.stats.seconds, check: j.stats.checkSeconds, wall: r.seconds };
}

interface Theirs {
  linearizable: boolean;
  /** Parsing and checking, as its own test of the history does. */
  total: number;
  /** `CheckEvents` alone. */
  check: number;
  wall: number;
}

function runPorcupine(bin: string, job: Job): Theirs {
  const env = { ...process.env, GROVE_LIN_JOBS: `${job.kind} ${job.file}` };
  const r = timed(bin, ['-test.run', '^TestGroveLin$'], env);
  const line = r.out.split('\n').find((l) => l.startsWith('GROVE-LIN\t'));
  if (line === undefined) throw new Error(`Porcupine printed no result for ${job.name}:\n${r.out}`);
  const [, , ok, parse, check] = line.split('\t');
  return { linearizable: ok === 'true', total: Number(parse) + Number(check), check: Number(check), wall: r.seconds };
}

/**
 * Whether this node accepts the code cache the build stored for the command's engine (see
 * lin/engine-load.ts): without it every figure below includes compiling the checker on first use.
 */
function engineCache(): string {
  const loader = pathToFileURL(path.join(repoRoot, 'dist', 'lin', 'engine-load.js')).href;
  const probe = `const m = await import(${JSON.stringify(loader)}); const { statSync } = await import('node:fs');
    const r = m.loadEngineScript(m.ENGINE_SCRIPT, m.ENGINE_CACHE);
    console.log(JSON.stringify({ rejected: r.cacheRejected, kb: Math.round(statSync(m.ENGINE_CACHE).size / 1024) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `engine code cache: none (${(r.stderr || r.stdout).trim().split('\n')[0]})`;
  const { rejected, kb } = JSON.parse(r.stdout) as { rejected: boolean; kb: number };
  return `engine code cache: dist/lin-engine/engine.cache, ${kb} KB of bytecode built by \`npm run build\`, ${rejected ? 'REJECTED by this node (compiled on first use instead)' : 'accepted by this node'}`;
}

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  say([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

const f3 = (x: number): string => x.toFixed(3);
const ms = (x: number): string => (x * 1000).toFixed(x < 0.01 ? 2 : 1);
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : '—');

/** Porcupine's own tests on the eight histories, and its four no-partition kv tests. */
const PORCUPINE_SUITE = '^(TestEtcdJepsen002|TestEtcdJepsen070|TestKv1ClientOk|TestKv1ClientBad|TestKv10ClientsOk|TestKv10ClientsBad|TestKv50ClientsOk|TestKv50ClientsBad)$';
const PORCUPINE_SUITE_WHOLE = '^(TestKvNoPartition1ClientOk|TestKvNoPartition1ClientBad|TestKvNoPartition10ClientsOk|TestKvNoPartition10ClientsBad)$';

/** Runs both checkers on every history and prints the two tables. */
export default async function bench(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'grove-lin-bench-'));
  try {
    // The command as installed runs the JavaScript compiled into dist/ (`prepare` builds it): build it
    // now, so that no figure below includes tsx compiling TypeScript.
    const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
    if (build.status !== 0) say(`npm run build failed, the command runs through tsx: ${(build.stderr || build.stdout).trim().split('\n')[0]}`);
    const built = buildPorcupine(dir);
    const bin = 'bin' in built ? built.bin : undefined;
    if ('skip' in built) say(built.skip);
    // Start-up: the median of three runs of `lin --help` (the command's modules loaded, nothing read).
    const startups = [0, 1, 2].map(() => timed(process.execPath, [cli, 'lin', '--help']).seconds).sort((a, b) => a - b);
    const startup = startups[1];
    say(`linearizability on ${path.relative(repoRoot, dataDir)}: one cold run of each, node ${process.version}` + (bin ? `, ${spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim()}` : ''));
    say(`start-up of \`grove-check lin --help\` (node and the command's modules from dist/, median of 3): ${ms(startup)} ms, part of every "ours wall" below`);
    say(engineCache());
    const rows: string[][] = [];
    let disagree = 0;
    let atOrBelow = 0;
    let compared = 0;
    for (const job of JOBS) {
      const theirs = bin ? runPorcupine(bin, job) : undefined;
      const ours = runOurs(job);
      const differs = theirs !== undefined && (ours.outcome === 'linearizable') !== theirs.linearizable;
      if (differs) disagree++;
      if (theirs) {
        compared++;
        if (ours.total <= theirs.total) atOrBelow++;
      }
      rows.push([
        job.name,
        ours.outcome + (differs ? ' (Porcupine DISAGREES)' : ''),
        ms(ours.total),
        theirs ? ms(theirs.total) : '—',
        theirs ? ratio(ours.total, theirs.total) : '—',
        ms(ours.check),
        theirs ? ms(theirs.check) : '—',
        theirs ? ratio(ours.check, theirs.check) : '—',
        ms(ours.wall),
        `${Math.min(100, Math.round((100 * startup) / ours.wall))}%`,
        theirs ? ms(theirs.wall) : '—',
      ]);
    }
    table(
      ['history', 'verdict', 'ours (ms)', 'Porcupine (ms)', 'ratio', 'ours check', 'Porcupine check', 'ratio', 'ours wall', 'start-up share', 'Porcupine wall'],
      rows,
    );
    say('ours = stats.seconds (reading, parsing, checking; no process start-up); Porcupine = its parse + CheckEvents, as its test of the history;');
    say('check = stats.checkSeconds / CheckEvents alone; wall = the whole process; ratio = ours / Porcupine (at or below 1.00: as fast or faster)');
    if (disagree > 0) say(`WARNING: ${disagree} verdict(s) differ from Porcupine's`);

    // Many histories in one process.
    const suites: string[][] = [];
    const ours8 = timed(process.execPath, [cli, 'lin', dataDir, '--json', '--timeout', '300']);
    const ours8Check = (JSON.parse(ours8.out) as { seconds: number }).seconds;
    const wholeFiles = JOBS.filter((j) => j.kind === 'kv-whole').map((j) => j.file);
    const oursWhole = timed(process.execPath, [cli, 'lin', ...wholeFiles, '--no-partition', '--json', '--timeout', '300']);
    const oursWholeCheck = (JSON.parse(oursWhole.out) as { seconds: number }).seconds;
    const suite = (pattern: string): number | undefined => {
      if (!bin) return undefined;
      const r = timed(bin, ['-test.run', pattern], process.env, path.join(dir, 'porcupine'));
      if (r.status !== 0) throw new Error(`Porcupine's tests failed:\n${r.out}`);
      return r.seconds;
    };
    const theirs8 = suite(PORCUPINE_SUITE);
    const theirsWhole = suite(PORCUPINE_SUITE_WHOLE);
    suites.push(['the 8 histories: `lin DIR` / 8 tests', f3(ours8Check), f3(ours8.seconds), theirs8 === undefined ? '—' : f3(theirs8), theirs8 === undefined ? '—' : ratio(ours8.seconds, theirs8)]);
    let suitesAtOrBelow = 0;
    if (theirs8 !== undefined && ours8.seconds <= theirs8) suitesAtOrBelow++;
    if (theirsWhole !== undefined && oursWhole.seconds <= theirsWhole) suitesAtOrBelow++;
    suites.push([
      '4 kv, no partition: `lin --no-partition` / 4 tests',
      f3(oursWholeCheck),
      f3(oursWhole.seconds),
      theirsWhole === undefined ? '—' : f3(theirsWhole),
      theirsWhole === undefined ? '—' : ratio(oursWhole.seconds, theirsWhole),
    ]);
    say('');
    table(['many histories in one process', 'ours reading + checking (s)', 'ours wall (s)', 'Porcupine tests wall (s)', 'wall ratio'], suites);
    say('');
    if (bin) {
      say(`summary: ${atOrBelow} of ${compared} histories at or below Porcupine's time (ratio <= 1.00); ${suitesAtOrBelow} of 2 many-history runs at or below its test suite's wall time`);
    } else {
      say('summary: no ratios (Porcupine was not built)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await Promise.resolve();
}
