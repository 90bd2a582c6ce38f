/**
 * End to end: the logid-check G6 counterexample's report, opened from `file://` in headless Chromium.
 * Needs Debian's `chromium` at /usr/bin/chromium (or GROVE_CHROMIUM): without it this test FAILS,
 * on purpose, saying how to install it; CI installs it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Violation } from '../../checker/outcome.ts';
import { groveModel } from '../../model/grove/model.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { CHROMIUM_PATH, launchChromium } from '../browser/chromium.ts';
import { decodePng, distinctColours } from '../browser/png.ts';
import { writeReport, type WrittenReport } from './write.ts';

let dir = '';
let written: WrittenReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grove-report-'));
  const model = () => groveModel({ variant: variantByName('logid-check'), actors: 2, ops: 1 });
  const o = check(model(), { strategy: 'bfs' });
  if (o.outcome !== 'violation') throw new Error(`expected a G6 violation, got ${o.outcome}`);
  written = await writeReport({ model, outcome: o as Violation, replayCommand: 'grove-check check --model grove --variant logid-check --actors 2 --ops 1 --strategy bfs' }, dir);
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('writeReport (logid-check G6, bfs, seed 1)', () => {
  it('writes the page and the files beside it', async () => {
    expect(written.files.map((f) => f.slice(dir.length + 1))).toEqual(['report.html', 'forest.dot', 'forest.svg', 'forest.txt', 'sequence.svg', 'sequence.txt', 'report.json']);
    expect(await readFile(join(dir, 'forest.txt'), 'utf8')).toBe('∅---a1\n \\\n  c1  ← main\n\nlost (acknowledged, in no ref now): a1=1.1\nacknowledged: c1=2.1\n');
    expect(await readFile(join(dir, 'forest.svg'), 'utf8')).toContain('<svg');
    expect(await readFile(join(dir, 'sequence.svg'), 'utf8')).toContain('data-step="7"');
  });

  it('is self-contained: no external scripts, styles, images or links', async () => {
    const html = await readFile(written.html, 'utf8');
    expect(html).not.toMatch(/<link\b|\bsrc\s*=|<img\b|@import|url\(\s*['"]?(?!#)/i);
    expect(html.match(/\bhref\s*=\s*"(?!#)[^"]*"/g) ?? []).toEqual([]);
    expect(html).toContain('G6');
    expect(html).toContain('grove-check check --model grove --variant logid-check');
    expect(html.match(/<template id="state-\d+">/g)?.length).toBe(8);
  });
});

describe('report page in headless Chromium', () => {
  it('draws the forest, steps with the buttons and keys, and is not blank', async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run 'apt-get install -y chromium' (CI installs it), or set GROVE_CHROMIUM`);
    }
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(written.html).href);
      await page.waitForSelector('#after svg g.node');

      const counter = page.locator('#step-counter');
      expect(await counter.textContent()).toBe('step 0 / 7');
      const box = await page.locator('#after svg').first().boundingBox();
      expect(box !== null && box.width > 20 && box.height > 20).toBe(true);
      expect(await page.locator('#after svg g.node').count()).toBeGreaterThan(0);

      await page.click('#next');
      expect(await counter.textContent()).toBe('step 1 / 7');
      expect(await page.locator('#step-row').textContent()).toBe('1 Pull<main> Ok(a@0)');
      await page.keyboard.press('ArrowRight');
      expect(await counter.textContent()).toBe('step 2 / 7');
      await page.click('#violation');
      expect(await counter.textContent()).toBe('step 7 / 7');
      expect(await page.locator('tr.violating').getAttribute('class')).toContain('current');
      expect(await page.locator('g.seq-step.violating').getAttribute('class')).toContain('current');
      // After the violating step, a1 (commit 1.1) is drawn as lost.
      expect(await page.locator('#after svg g.node.lost').count()).toBe(1);
      await page.keyboard.press('ArrowLeft');
      expect(await counter.textContent()).toBe('step 6 / 7');
      expect(await page.locator('#after svg g.node.lost').count()).toBe(0);

      const png = await page.screenshot({ fullPage: true });
      const pixels = decodePng(png);
      expect(pixels.width).toBe(1280);
      expect(pixels.height).toBeGreaterThan(900);
      expect(distinctColours(pixels)).toBeGreaterThan(100);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
