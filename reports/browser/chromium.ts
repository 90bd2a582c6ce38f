/**
 * Headless Chromium through `playwright-core`, using the system's Chromium (Debian's `chromium`
 * package at `/usr/bin/chromium`; no browser download). Each launch gets a fresh temporary profile.
 * Used by the end-to-end test and by `scripts/examples.ts` for the README screenshot.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian installs Chromium; override with `GROVE_CHROMIUM`. */
export const CHROMIUM_PATH = process.env.GROVE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-less headless run (containers have no user namespaces). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Thrown when Chromium is not installed where expected. */
export class ChromiumMissing extends Error {
  override readonly name = 'ChromiumMissing';
}

/** Launches headless Chromium. Rejects with `ChromiumMissing` (saying how to install it) when absent. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChromiumMissing(`Chromium not found at ${CHROMIUM_PATH}: install it (Debian: apt-get install -y chromium) or set GROVE_CHROMIUM to its path`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/**
 * Opens an HTML file (by path) in a fresh page, optionally at `#step=N`, waits for its forest SVG,
 * takes a full-page PNG screenshot and closes everything. Resolves to the PNG bytes.
 */
export async function screenshotFile(htmlPath: string, options: { step?: number; width?: number; height?: number } = {}): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
    const hash = options.step === undefined ? '' : `#step=${options.step}`;
    await page.goto(pathToFileURL(htmlPath).href + hash);
    await page.waitForSelector('#after svg g.node');
    return await page.screenshot({ fullPage: true });
  } finally {
    await browser.close();
  }
}
