/**
 * End to end: `grove-check lin c10-bad.txt --report DIR` writes the timeline page; opened from
 * `file://` in headless Chromium it shows where the linearization of key "0" fails, the details of
 * the call that could not come next on click, another key's tab with its whole linearization, and no
 * request leaves the page. Needs Debian's `chromium` (or GROVE_CHROMIUM), like the report test.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import lin from '../../scripts/commands/lin.ts';
import { CHROMIUM_PATH, launchChromium } from '../browser/chromium.ts';
import { decodePng, distinctColours } from '../browser/png.ts';

let dir = '';
let out = '';
let code = -1;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grove-timeline-'));
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    code = await lin([join(import.meta.dirname, '../../../shared/data/jepsen/kv/c10-bad.txt'), '--report', dir]);
  } finally {
    spy.mockRestore();
  }
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('lin --report: the c10-bad timeline in headless Chromium', () => {
  it('exits 1 (not linearizable) and says where the page is', () => {
    expect(code).toBe(1);
    expect(out).toContain(`timeline: ${join(dir, 'c10-bad.timeline.html')}`);
  });

  it('shows where the linearization fails, the stuck call on click, and another key on its tab', async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run 'apt-get install -y chromium' (CI installs it), or set GROVE_CHROMIUM`);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(join(dir, 'c10-bad.timeline.html')).href;
      await page.goto(url);
      await page.waitForSelector('.panel.active svg.timeline');

      expect(await page.locator('nav button.active').textContent()).toBe('✗ key "0"');
      expect(await page.locator('nav button').count()).toBe(10);
      expect(await page.locator('.panel.active .summary').textContent()).toContain('Not linearizable. 9 calls linearize');
      const fail = await page.locator('.panel.active line.fail').boundingBox();
      expect(fail !== null && fail.height > 100).toBe(true);
      expect(await page.locator('.panel.active g.point').count()).toBe(9);

      await page.click('.panel.active rect.stuck');
      const detail = page.locator('#detail');
      expect(await detail.getAttribute('data-call')).toBe('83');
      const text = await detail.textContent();
      expect(text).toContain('#83 (line 158)');
      expect(text).toContain('could not come next');
      expect(text).toContain('"x 9 0 yx 0 0 yx 8 0 yx 7 1 yx 0 6 yx 7 6 yx 7 7 y"');

      await page.click('nav button:has-text("key \\"8\\"")');
      expect(await page.locator('.panel.active .summary').textContent()).toContain('Linearizable: 26 calls');
      expect(await page.locator('.panel.active line.fail').count()).toBe(0);
      await page.locator('.panel.active g.point', { hasText: /^1$/ }).hover();
      expect(await detail.textContent()).toMatch(/order#1state after/);

      const png = decodePng(await page.screenshot());
      expect(distinctColours(png)).toBeGreaterThan(8);
      expect(errors).toEqual([]);
      expect(requests.filter((r) => r !== url)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
