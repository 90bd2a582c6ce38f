/**
 * The in-memory local store (for the memory backend): plain arrays, copied on `load`. Durable only as
 * long as the process lives, like the memory remote it pairs with.
 */
import { EMPTY_META, type LocalData, type LocalEntry, type LocalLogStore, type LocalMeta, type OriginEntry, type StagedEntry } from './types.ts';

/** A local store held in memory. */
export class MemoryLocalStore implements LocalLogStore {
  readonly kind = 'memory' as const;
  readonly location = 'memory';
  private local: LocalEntry[] = [];
  private staged: StagedEntry[] = [];
  private origin: OriginEntry[] = [];
  private meta: LocalMeta = EMPTY_META;

  load(): LocalData {
    return { local: [...this.local], staged: [...this.staged], origin: [...this.origin], meta: this.meta };
  }
  appendLocal(e: LocalEntry): void {
    this.local.push({ ...e });
  }
  appendStaged(b: StagedEntry): void {
    this.staged.push({ ...b, pages: { ...b.pages } });
  }
  setLanding(k: number, at: number): void {
    const b = this.staged[k - 1];
    if (b === undefined) throw new Error(`no staged commit number ${k}`);
    this.staged[k - 1] = { ...b, at };
  }
  appendOrigin(entries: readonly OriginEntry[]): void {
    for (const e of entries) this.origin.push({ commit: e.commit, pages: { ...e.pages } });
  }
  setMeta(m: LocalMeta): void {
    this.meta = { ...m };
  }
  close(): void {}
}
