/**
 * Typed errors of the remote backends. A store that cannot be read is never "fixed" or overwritten:
 * the backend stops with an error that names the file or row, and leaves every byte as it was.
 */

/** What is wrong with a store's contents. */
export type CorruptionCode =
  | 'not-json'
  | 'bad-entry'
  | 'orphan-entry'
  | 'bad-log'
  | 'bad-ref'
  | 'foreign-store'
  | 'foreign-schema'
  | 'missing-table'
  | 'not-a-database';

/**
 * A store's contents are not a Grove store's: a non-JSON entry file, an entry of a log with no
 * metadata, a ref pointing at garbage, a directory or database that holds something else. `where` names
 * the file (`/path/logs/a/3.json`) or the row (`store.db: entries(log='z', lsn=1)`).
 */
export class CorruptStoreError extends Error {
  override readonly name = 'CorruptStoreError';
  constructor(
    readonly code: CorruptionCode,
    readonly where: string,
    readonly detail: string,
  ) {
    super(`${where}: ${detail}`);
  }
}

/** A lock could not be taken in time: the testkit's one lock error. */
export { LockTimeoutError } from '../testkit/errors.ts';

/** Misuse of a backend: a bad name, opening a store that does not exist, creating over an existing one. */
export class StoreUsageError extends Error {
  override readonly name = 'StoreUsageError';
}

/** Thrown by a `crash` hook to stop a write where a power cut would; the harness then reads the store back. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
  constructor(readonly point: string) {
    super(`simulated crash at ${point}`);
  }
}

/** Thrown into clients whose calls are still blocked when a harness run ends. */
export class RunAborted extends Error {
  override readonly name = 'RunAborted';
}
