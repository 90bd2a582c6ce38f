/**
 * The files every report writes, whatever the model: the HTML page, the last state's picture as DOT,
 * SVG and text (named `STEM.dot`, `STEM.svg`, `STEM.txt`), the sequence diagram and the page data.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dotToSvg } from '../render/svg.ts';

/** Paths written: `html` is the report page, `files` every file (the page first). */
export interface WrittenFiles {
  readonly html: string;
  readonly files: string[];
}

/** Writes the report's files to `dir` (created if needed). */
export async function writeReportFiles(
  dir: string,
  html: string,
  page: { readonly sequenceSvg: string; readonly sequenceAscii: string },
  last: { readonly dot: string; readonly ascii: string },
  stem: string,
): Promise<WrittenFiles> {
  await mkdir(dir, { recursive: true });
  const out: [string, string][] = [
    ['report.html', html],
    [`${stem}.dot`, last.dot],
    [`${stem}.svg`, await dotToSvg(last.dot)],
    [`${stem}.txt`, last.ascii + '\n'],
    ['sequence.svg', page.sequenceSvg],
    ['sequence.txt', page.sequenceAscii + '\n'],
    ['report.json', JSON.stringify(page, null, 1) + '\n'],
  ];
  const files: string[] = [];
  for (const [name, text] of out) {
    const path = join(dir, name);
    await writeFile(path, text);
    files.push(path);
  }
  return { html: files[0], files };
}
