/**
 * Regenerates `reports/examples/explorer.png`: the explorer (on a free port of 127.0.0.1) in headless
 * Chromium with `logid-check`, 2 actors × 1 op, after the seven clicked steps of the G6
 * counterexample: G6 flagged in the properties, the CAS row highlighted, the lost entry outlined.
 * Refuses to write a blank picture (fewer than 100 distinct colours).
 *
 * Usage: tsx scripts/explorer-screenshot.ts [OUT.png]
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../reports/browser/chromium.ts';
import { decodePng, distinctColours } from '../reports/browser/png.ts';
import { fireByLabel, LOGID_G6_LABELS, openExplorer, pickConfig } from '../explorer/drive.ts';
import { startExplorer } from '../explorer/server.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(argv: string[]): Promise<number> {
  const out = argv[0] ?? join(root, 'reports', 'examples', 'explorer.png');
  // Nothing is saved (the Save button is not pressed); the directory only shows on the page.
  const running = await startExplorer({ port: 0, saveDir: 'scenarios/explored' });
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 960 } });
      await openExplorer(page, running.url);
      await pickConfig(page, { model: 'grove', variant: 'logid-check', actors: 2, ops: 1 });
      for (const label of LOGID_G6_LABELS) await fireByLabel(page, label);
      const png = await page.screenshot({ fullPage: true });
      const colours = distinctColours(decodePng(png));
      if (colours < 100) throw new Error(`the screenshot looks blank (${colours} colours); not written`);
      await writeFile(out, png);
      process.stdout.write(`wrote ${relative(process.cwd(), out)} (${colours} colours)\n`);
    } finally {
      await browser.close();
    }
  } finally {
    await running.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`explorer-screenshot: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
