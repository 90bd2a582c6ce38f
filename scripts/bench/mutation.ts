/**
 * `npm run bench -- mutation`: mutation testing with Stryker (`stryker.config.mjs`: the Grove
 * reference remote `model/grove/remote.ts` and the in-memory remote `impl/remote/memory/memory.ts`,
 * against the tests that cover them, one worker). Prints the mutation score, every surviving mutant
 * (file:line:column, mutator, replacement), and the run's time next to its anchor, one plain run of
 * the same tests, with the ratio. CPU-heavy: run it alone.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}

export default async function bench(): Promise<void> {
  const t0 = performance.now();
  const plain = spawnSync(bin('vitest'), ['run', '--config', 'scripts/mutation/vitest.config.ts'], { cwd: root, encoding: 'utf8' });
  const anchor = (performance.now() - t0) / 1000;
  if (plain.status !== 0) {
    process.stdout.write(`mutation: the covering tests fail without mutants:\n${plain.stdout.slice(-2000)}\n`);
    process.exitCode = 1;
    return;
  }
  const t1 = performance.now();
  const run = spawnSync(bin('stryker'), ['run', 'stryker.config.mjs'], { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - t1) / 1000;
  if (run.status !== 0) {
    process.stdout.write(`mutation: stryker failed (exit ${run.status}):\n${(run.stdout + run.stderr).slice(-3000)}\n`);
    process.exitCode = 1;
    return;
  }
  const report = JSON.parse(readFileSync(join(root, 'reports', 'mutation', 'mutation.json'), 'utf8')) as { files: Record<string, { mutants: Mutant[] }> };
  let killed = 0;
  let total = 0;
  const survivors: string[] = [];
  for (const [file, f] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    let fk = 0;
    let ft = 0;
    for (const m of f.mutants) {
      if (m.status === 'Ignored' || m.status === 'CompileError' || m.status === 'RuntimeError') continue;
      ft++;
      if (m.status === 'Killed' || m.status === 'Timeout') fk++;
      else survivors.push(`  ${file}:${m.location.start.line}:${m.location.start.column + 1} ${m.status} ${m.mutatorName}${m.replacement !== undefined ? ` -> ${JSON.stringify(m.replacement).slice(0, 80)}` : ''}`);
    }
    killed += fk;
    total += ft;
    process.stdout.write(`${file}: ${fk} of ${ft} mutants killed (${((100 * fk) / Math.max(1, ft)).toFixed(1)} %)\n`);
  }
  process.stdout.write(`mutation score: ${((100 * killed) / Math.max(1, total)).toFixed(1)} % (${killed} of ${total} killed or timed out)\n`);
  process.stdout.write(`surviving mutants (${survivors.length}):\n${survivors.join('\n')}\n`);
  process.stdout.write(`time: stryker ${seconds.toFixed(0)} s; anchor, one plain run of the covering tests: ${anchor.toFixed(1)} s; ratio ${(seconds / anchor).toFixed(0)}× (machine shared)\n`);
}
