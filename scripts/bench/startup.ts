/**
 * Start-up of short commands (issue 19, goal 4: under 0.4 s): `grove-check list` and `grove-check
 * check --variant logid-check` through the bin (which runs the CLI compiled into dist/), each beside
 * `node -e 0` (the floor: Node itself) and the same command through tsx (what the bin did before the
 * build), measured interleaved in the same run. Median of 7 wall-clock runs each.
 *
 * Run alone: npx tsx -e "import('./scripts/bench/startup.ts').then(m=>m.default())"
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'scripts', 'grove-check.mjs');
const RUNS = 7;

const COMMANDS: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'grove-check list': [bin, 'list'],
  'grove-check check --variant logid-check': [bin, 'check', '--variant', 'logid-check'],
  'tsx scripts/cli.ts list (before)': ['--import', 'tsx', join(root, 'scripts', 'cli.ts'), 'list'],
  'tsx scripts/cli.ts check --variant logid-check (before)': ['--import', 'tsx', join(root, 'scripts', 'cli.ts'), 'check', '--variant', 'logid-check'],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function startup(): Promise<void> {
  // The bin runs dist/ only when it is at least as new as the sources: build it first.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const times = new Map<string, number[]>(Object.keys(COMMANDS).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(COMMANDS)) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
      const t = (performance.now() - t0) / 1000;
      if (r.status !== 0 && r.status !== 1) throw new Error(`${name}: exit ${r.status}`);
      times.get(name)!.push(t);
    }
  }
  const floor = median(times.get('node -e 0')!);
  process.stdout.write(`${'command'.padEnd(58)} ${'median s'.padStart(8)}  ${'vs node -e 0'.padStart(12)}  goal 0.4 s\n`);
  for (const [name, xs] of times) {
    const m = median(xs);
    const goal = name.startsWith('grove-check') ? (m < 0.4 ? 'met' : 'missed') : '';
    process.stdout.write(`${name.padEnd(58)} ${m.toFixed(3).padStart(8)}  ${`${(m / floor).toFixed(2)}×`.padStart(12)}  ${goal}\n`);
  }
  process.stdout.write(`(median of ${RUNS} runs each, interleaved; the machine's load shows in node -e 0)\n`);
}
