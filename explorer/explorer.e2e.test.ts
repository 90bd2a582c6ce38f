/**
 * End to end: the explorer's server on a free port, its page in headless Chromium. Picks
 * `logid-check` with 2 actors × 1 op, fires the seven steps of the G6 counterexample by clicking the
 * buttons labelled with them, checks that G6 is flagged in the property list and in the table, undoes
 * once and checks that it no longer is. Needs Debian's `chromium` at /usr/bin/chromium (or
 * GROVE_CHROMIUM): without it this test FAILS, on purpose, saying how to install it; CI installs it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../reports/browser/chromium.ts';
import { decodePng, distinctColours } from '../reports/browser/png.ts';
import { fireByLabel, LOGID_G6_LABELS, openExplorer, pickConfig, waitForCursor } from './drive.ts';
import { startExplorer, type RunningExplorer } from './server.ts';

let running: RunningExplorer;
let saveDir = '';

beforeAll(async () => {
  saveDir = await mkdtemp(join(tmpdir(), 'grove-explorer-'));
  // Start elsewhere, so that picking logid-check 2×1 in the page is what sets it up.
  running = await startExplorer({ port: 0, saveDir, config: { model: 'grove', variant: 'lsn-cas', actors: 3, ops: 2, maxLostReplies: 0, maxCrashes: 0 } });
});

afterAll(async () => {
  await running?.close();
  if (saveDir !== '') await rm(saveDir, { recursive: true, force: true });
});

describe('explorer in headless Chromium (logid-check, 2 actors × 1 op)', () => {
  it('fires the G6 counterexample by clicking, flags G6, and un-flags it on undo', async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run 'apt-get install -y chromium' (CI installs it), or set GROVE_CHROMIUM`);
    }
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      const foreign: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(running.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
      });
      await openExplorer(page, running.url);
      await pickConfig(page, { model: 'grove', variant: 'logid-check', actors: 2, ops: 1 });
      expect(await page.textContent('#config-line')).toContain('grove / logid-check');
      expect(await page.locator('button.action').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-label')))).toEqual(['1 Pull<main>', '2 Pull<main>']);
      expect(await page.locator('#graph svg g.node').count()).toBeGreaterThan(0);

      for (const label of LOGID_G6_LABELS) await fireByLabel(page, label);

      // G6 is flagged in the property list, with its witness…
      const g6 = page.locator('#properties li[data-property="G6"]');
      expect(await g6.getAttribute('data-status')).toBe('violated');
      expect(await g6.textContent()).toContain('at step 7: acknowledged commit 1.1 left the history of main');
      expect(await page.locator('#properties li[data-status="violated"]:not(.advisory)').count()).toBe(1);
      // …in the table (the CAS row, and only it)…
      const violating = page.locator('#rows tr.violating');
      expect(await violating.count()).toBe(1);
      expect(await violating.getAttribute('data-step')).toBe('7');
      expect(await violating.locator('td.row-text').textContent()).toBe('2 CAS<main, a, c> Ok');
      expect(await violating.locator('td.marks').textContent()).toContain('G6');
      expect(await page.locator('#rows tbody tr.done').count()).toBe(8);
      // …and on the graph: the panel is framed, and the lost entry a1 (commit 1.1) is a witness.
      expect(await page.getAttribute('#graph-panel', 'class')).toContain('violated');
      expect(await page.textContent('#violation-banner')).toContain('G6 violated at step 7');
      expect(await page.locator('#graph svg g.node.witness').count()).toBe(1);
      expect(await page.locator('#graph svg g.node.witness title').textContent()).toBe('a1');
      expect(await page.locator('#graph svg g.node.lost').count()).toBe(1);

      const png = await page.screenshot({ fullPage: true });
      const pixels = decodePng(png);
      expect(pixels.width).toBe(1400);
      expect(distinctColours(pixels)).toBeGreaterThan(100);

      // Undo once (with the key): G6 is no longer flagged anywhere; the CAS stays as a redo-able row.
      await page.keyboard.press('u');
      await waitForCursor(page, 6);
      expect(await g6.getAttribute('data-status')).toBe('ok');
      expect(await page.locator('#properties li[data-status="violated"]:not(.advisory)').count()).toBe(0);
      expect(await page.locator('#rows tr.violating').count()).toBe(0);
      expect(await page.getAttribute('#rows tr[data-step="7"]', 'class')).toContain('undone');
      expect(await page.getAttribute('#graph-panel', 'class')).not.toContain('violated');
      expect(await page.locator('#graph svg g.node.witness').count()).toBe(0);
      expect(await page.textContent('#violation-banner')).toBe('');

      // Redo (Ctrl+Y) brings it back; the scenario the page would save replays as violation(G6).
      await page.keyboard.press('Control+y');
      await waitForCursor(page, 7);
      expect(await g6.getAttribute('data-status')).toBe('violated');
      await page.click('#save');
      await page.waitForFunction(() => (document.getElementById('saved')?.textContent ?? '').startsWith('saved '));
      const saved = (await page.textContent('#saved'))!.slice('saved '.length);
      expect(saved.startsWith(saveDir)).toBe(true);
      const text = await readFile(saved, 'utf8');
      expect(text).toContain('expect: violation(G6)\n');

      // Load it back by pasting, at step 0, and step through it with the keys.
      await page.fill('#paste', text);
      await page.check('#load-start');
      await page.click('#load');
      await page.waitForFunction(() => document.body.getAttribute('data-length') === '7' && document.body.getAttribute('data-cursor') === '0' && !document.body.hasAttribute('data-busy'));
      expect(await page.textContent('#notice')).toBe('loaded 7 rows');
      for (let k = 1; k <= 7; k++) {
        await page.keyboard.press('r');
        await waitForCursor(page, k);
      }
      expect(await g6.getAttribute('data-status')).toBe('violated');

      // Start afresh, fire one step with its digit key, and let "find a bug from here" finish the job.
      await pickConfig(page, { model: 'grove', variant: 'logid-check', actors: 2, ops: 1 });
      await page.keyboard.press('2');
      await waitForCursor(page, 1);
      expect(await page.textContent('#rows tr[data-step="1"] td.row-text')).toBe('2 Pull<main> Ok(a@0)');
      await page.keyboard.press('f');
      await waitForCursor(page, 7);
      expect(await page.getAttribute('#find-result', 'class')).toBe('violation');
      expect(await page.textContent('#find-result')).toMatch(/^G6 violated 6 steps from step 1 \(found by bfs\)/);
      expect(await page.getAttribute('#rows tr.violating', 'data-step')).toBe('7');

      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('has its committed screenshot, and it is not blank (regenerate: tsx scripts/explorer-screenshot.ts)', async () => {
    const pixels = decodePng(await readFile(join(import.meta.dirname, '..', 'reports', 'examples', 'explorer.png')));
    expect(pixels.width).toBe(1400);
    expect(distinctColours(pixels)).toBeGreaterThan(100);
  });
});
