/**
 * The one history writer of the harnesses: an append-only JSONL file, one line per record, fsynced
 * before `write` returns (when durable), so a worker killed by SIGKILL loses no record it wrote.
 * Grove's stress workers write `grove` records (lin/formats/grove.ts), Inferno's workers their own
 * lines; the format is the caller's.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

/** An append-only JSONL file of records of type `R`, formatted by `format` (default `JSON.stringify`). */
export class HistoryWriter<R = unknown> {
  private fd: number | null;

  /** Opens (creating if needed) `path` for appending. */
  constructor(
    readonly path: string,
    private readonly durable = true,
    private readonly format: (r: R) => string = (r) => JSON.stringify(r),
  ) {
    this.fd = openSync(path, 'a');
  }

  /** Appends one record (and fsyncs it when durable). Synchronous: the record is on disk when this returns. */
  write(r: R): void {
    if (this.fd === null) throw new Error(`${this.path}: history writer is closed`);
    writeSync(this.fd, this.format(r) + '\n');
    if (this.durable) fsyncSync(this.fd);
  }

  /** Closes the file. Idempotent. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
