/**
 * `npm run bench [-- NAME...]`: runs every benchmark in scripts/bench/ (or the ones named), each
 * printing its own figures and ratios. Speed and memory are measured here, never asserted in tests.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(join(here, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.test.ts') && !f.endsWith('-child.ts'))
  .map((f) => f.slice(0, -3))
  .sort((a, b) => (a === 'core' ? -1 : b === 'core' ? 1 : a.localeCompare(b)));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark(s) ${unknown.join(', ')}; known: ${all.join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : all) {
  process.stdout.write(`\n=== bench ${name} ===\n`);
  const started = performance.now();
  const mod = (await import(`./bench/${name}.ts`)) as { default: () => Promise<void> };
  await mod.default();
  process.stdout.write(`=== ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s ===\n`);
}
