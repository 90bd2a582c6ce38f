/**
 * Driving the explorer page from Playwright, shared by the end-to-end test and
 * `scripts/explorer-screenshot.ts`: pick a configuration in the form, click steps by their labels,
 * and wait for the page to show each answer (`body[data-cursor]`, `body[data-busy]`).
 */
import type { Page } from 'playwright-core';

/**
 * The steps of the `logid-check` G6 counterexample (2 actors × 1 op, breadth-first), as the labels
 * of the buttons that fire them: actor and op, results aside.
 */
export const LOGID_G6_LABELS: readonly string[] = [
  '1 Pull<main>',
  '2 Pull<main>',
  '1 Append<a@1>',
  '1 Check<main, a>',
  '2 Append<a@1>',
  '2 Branch<a@0, c>',
  '2 CAS<main, a, c>',
];

/** Waits until the page has drawn the answer that left the cursor at `cursor`, and is idle. */
export async function waitForCursor(page: Page, cursor: number): Promise<void> {
  await page.waitForFunction((k) => document.body.getAttribute('data-cursor') === String(k) && !document.body.hasAttribute('data-busy'), cursor);
}

/** Opens the explorer at `url` and waits for its first state. */
export async function openExplorer(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Picks a model, variant and numbers in the form and presses Start; waits for the fresh session. */
export async function pickConfig(page: Page, c: { model: string; variant: string; actors: number; ops: number }): Promise<void> {
  await page.selectOption('#model', c.model);
  await page.selectOption('#variant', c.variant);
  await page.fill('#actors', String(c.actors));
  await page.fill('#ops', String(c.ops));
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/reset') && r.request().method() === 'POST');
  await page.click('#reset');
  const r = await answered;
  if (!r.ok()) throw new Error(`POST /api/reset answered ${r.status()}: ${await r.text()}`);
  await page.waitForFunction(() => document.body.getAttribute('data-cursor') === '0' && !document.body.hasAttribute('data-busy'));
}

/** Clicks the enabled step whose button is labelled exactly `label` (no fault steps), and waits for the answer. */
export async function fireByLabel(page: Page, label: string): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-cursor'));
  const button = page.locator(`button.action:not([data-fault])[data-label="${label.replace(/"/g, '\\"')}"]`);
  const n = await button.count();
  if (n !== 1) {
    const shown = await page.locator('button.action').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-label')));
    throw new Error(`expected one enabled step labelled '${label}', found ${n}; the page offers ${shown.join(', ')}`);
  }
  await button.click();
  await waitForCursor(page, before + 1);
}
