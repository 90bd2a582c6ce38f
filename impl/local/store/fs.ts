/**
 * The file-system local store (for the fs backend): a directory of append-only JSON-lines files,
 * one per log (`local.jsonl`, `staged.jsonl`, `origin.jsonl`, `landings.jsonl`), and `meta.json`
 * replaced atomically (write a temporary file, rename it over). Appends are `appendFileSync` of one
 * whole line; a torn last line (a crash mid-append) is ignored on load, so an entry is there whole
 * or not at all. `durable` fsyncs each write.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_META, type LocalData, type LocalEntry, type LocalLogStore, type LocalMeta, type OriginEntry, type StagedEntry } from './types.ts';

function readLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      break; // a torn last line: everything before it is whole
    }
  }
  return out;
}

/** A local store in directory `dir` (created if needed; reopened with its contents if it exists). */
export class FsLocalStore implements LocalLogStore {
  readonly kind = 'fs' as const;
  constructor(
    readonly location: string,
    private readonly durable = false,
  ) {
    mkdirSync(location, { recursive: true });
  }

  private append(name: string, value: unknown): void {
    const path = join(this.location, name);
    appendFileSync(path, JSON.stringify(value) + '\n');
    if (this.durable) this.sync(path);
  }

  private sync(path: string): void {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  load(): LocalData {
    const staged = readLines<StagedEntry>(join(this.location, 'staged.jsonl')).map((b) => ({ ...b, at: null as number | null }));
    for (const l of readLines<{ k: number; at: number }>(join(this.location, 'landings.jsonl'))) {
      if (staged[l.k - 1] !== undefined) staged[l.k - 1] = { ...staged[l.k - 1], at: l.at };
    }
    const metaPath = join(this.location, 'meta.json');
    const meta = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as LocalMeta) : EMPTY_META;
    return { local: readLines<LocalEntry>(join(this.location, 'local.jsonl')), staged, origin: readLines<OriginEntry>(join(this.location, 'origin.jsonl')), meta };
  }
  appendLocal(e: LocalEntry): void {
    this.append('local.jsonl', { page: e.page, value: e.value });
  }
  appendStaged(b: StagedEntry): void {
    this.append('staged.jsonl', { lo: b.lo, hi: b.hi, pages: b.pages });
    if (b.at !== null) this.setLanding(this.load().staged.length, b.at);
  }
  setLanding(k: number, at: number): void {
    this.append('landings.jsonl', { k, at });
  }
  appendOrigin(entries: readonly OriginEntry[]): void {
    for (const e of entries) this.append('origin.jsonl', { commit: e.commit, pages: e.pages });
  }
  setMeta(m: LocalMeta): void {
    const path = join(this.location, 'meta.json');
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, JSON.stringify(m));
    if (this.durable) this.sync(tmp);
    renameSync(tmp, path);
  }
  close(): void {}
}
