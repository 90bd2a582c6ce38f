/**
 * The two errors of the implementation testkit, shared by every harness (Grove's side-by-side runner,
 * grove-local's, Inferno's, the stress runs) and every lock.
 */

/** A lock could not be taken in time (another live owner holds it). Nothing was written. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    /** The lock file. */
    readonly lockPath: string,
    /** Who holds it, as far as the lock file says (`pid 123 on host`, `an unknown holder`). */
    readonly holder: string,
    /** How long the waiter waited (ms), when known. */
    readonly waitedMs?: number,
  ) {
    super(`${lockPath}: lock held by ${holder}; gave up waiting${waitedMs === undefined ? '' : ` after ${waitedMs} ms`}`);
  }
}

/**
 * Misuse of a harness, or a client or worker that never reaches its next step (a schedule that does
 * not fit, a client blocked outside a gate, a worker that died on its own): not a verdict on the
 * implementation.
 */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  /** Where the run's evidence (store, histories) was kept, when the harness kept it. */
  readonly kept?: string;

  constructor(message: string, o: { readonly kept?: string; readonly cause?: unknown } = {}) {
    super(message + (o.kept === undefined ? '' : `\nrun directory kept: ${o.kept}`), o.cause === undefined ? undefined : { cause: o.cause });
    if (o.kept !== undefined) this.kept = o.kept;
  }
}
