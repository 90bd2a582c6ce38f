/**
 * Regenerates the timeline example in the README: the non-linearizable Jepsen history `c10-bad`
 * (../shared/data/jepsen/kv) → `reports/examples/c10-bad.timeline.html` and a screenshot of it with
 * the first call that could not come next selected, `reports/examples/c10-bad-timeline.png`, taken
 * with headless Chromium (Debian's `chromium`).
 *
 * Usage: tsx scripts/timeline-example.ts [--no-screenshot]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseJepsenKv } from '../lin/formats/jepsen-kv.ts';
import { kvModel } from '../lin/models/kv.ts';
import { launchChromium } from '../reports/browser/chromium.ts';
import { buildTimeline } from '../reports/timeline/data.ts';
import { writeTimeline } from '../reports/timeline/write.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'reports', 'examples');

async function main(argv: string[]): Promise<number> {
  const file = join(root, '..', 'shared', 'data', 'jepsen', 'kv', 'c10-bad.txt');
  const parsed = parseJepsenKv(readFileSync(file, 'utf8'), 'c10-bad.txt');
  const t = buildTimeline(kvModel, parsed.operations, {
    title: 'c10-bad.txt: linearizability',
    labelOf: (part) => `key ${JSON.stringify((part[0]?.input as { key: string }).key)}`,
    lineOf: (id) => parsed.lines[id]?.invoke,
  });
  const html = writeTimeline(t, examples, 'c10-bad');
  process.stdout.write(`wrote ${relative(root, html)}\n`);
  if (argv.includes('--no-screenshot')) return 0;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 760 } });
    await page.goto(pathToFileURL(html).href);
    await page.click('.panel.active rect.stuck');
    const png = join(examples, 'c10-bad-timeline.png');
    writeFileSync(png, await page.screenshot());
    process.stdout.write(`wrote ${relative(root, png)}\n`);
  } finally {
    await browser.close();
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
