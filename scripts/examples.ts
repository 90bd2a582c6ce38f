/**
 * Regenerates the example report in the README: the `logid-check` G6 counterexample (2 actors, one
 * push each, breadth-first) → `reports/examples/logid-check-G6/` (HTML, SVG, DOT, text, JSON) and a
 * screenshot of its page at the violating step, `reports/examples/logid-check-G6.png`, taken with
 * headless Chromium (Debian's `chromium`). Deterministic apart from the screenshot's pixels.
 *
 * Usage: tsx scripts/examples.ts [--no-screenshot]
 */
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../checker/check.ts';
import { checkCommand } from '../checker/save.ts';
import { groveModel } from '../model/grove/model.ts';
import { variantByName } from '../model/grove/variants/index.ts';
import { screenshotFile } from '../reports/browser/chromium.ts';
import { writeReport } from '../reports/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'reports', 'examples');

async function main(argv: string[]): Promise<number> {
  const model = () => groveModel({ variant: variantByName('logid-check'), actors: 2, ops: 1 });
  const o = check(model(), { strategy: 'bfs' });
  if (o.outcome !== 'violation') {
    process.stderr.write(`examples: expected logid-check to violate G6, got ${o.outcome}\n`);
    return 1;
  }
  const dir = join(examples, 'logid-check-G6');
  await rm(dir, { recursive: true, force: true });
  const written = await writeReport({ model, outcome: o, replayCommand: checkCommand(o) }, dir);
  for (const f of written.files) process.stdout.write(`wrote ${relative(root, f)}\n`);
  if (!argv.includes('--no-screenshot')) {
    const png = join(examples, 'logid-check-G6.png');
    await writeFile(png, await screenshotFile(written.html, { step: o.atRow }));
    process.stdout.write(`wrote ${relative(root, png)}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`examples: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
