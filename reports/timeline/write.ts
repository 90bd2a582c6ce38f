/** Writes a timeline page (and its data beside it) into a directory. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Timeline } from './data.ts';
import { timelineHtml } from './html.ts';

/**
 * Writes `DIR/<name>.timeline.html` (self-contained) and `DIR/<name>.timeline.json` (the data it was
 * drawn from), each through a temporary file and a rename. Returns the page's path.
 */
export function writeTimeline(t: Timeline, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const html = join(dir, `${name}.timeline.html`);
  for (const [path, text] of [
    [html, timelineHtml(t)],
    [join(dir, `${name}.timeline.json`), JSON.stringify(t, null, 1) + '\n'],
  ] as const) {
    writeFileSync(path + '.tmp', text);
    renameSync(path + '.tmp', path);
  }
  return html;
}
