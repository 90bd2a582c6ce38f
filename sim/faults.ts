/**
 * The ack-centred fault vocabulary. Each fault is a named, countable budget: a run may inject at
 * most `budget[kind]` of that kind, and shrinking tries to spend fewer.
 *
 * - `lost-request`: a message from a client to the server is dropped.
 * - `lost-reply`: a message from the server to a client is dropped.
 * - `applied-error`: the server handles a request, but the client gets an error reply.
 * - `timeout-late`: a message is held past the next timer (the client times out) and arrives later.
 * - `crash-after-send`: a client crashes while a message it sent is in flight (its memory is gone,
 *   its durable storage survives, it restarts from its factory).
 * - `crash-before-flush`: a client crashes with writes it has not flushed; they are lost.
 * - `partition`: a client is cut off from the server; every message between them is dropped until
 *   the partition heals (`partitionMs` of virtual time later).
 * - `reorder`: a message overtakes an earlier one on the same link.
 * - `duplicate`: a message is delivered and stays in flight to be delivered again.
 */

export const FAULT_KINDS = [
  'lost-request',
  'lost-reply',
  'applied-error',
  'timeout-late',
  'crash-after-send',
  'crash-before-flush',
  'partition',
  'reorder',
  'duplicate',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** How many faults of each kind a run may inject (missing kinds: none). */
export type FaultBudget = Partial<Record<FaultKind, number>>;

/** The row name of a fault (`LostReply`). */
export function faultOpName(kind: FaultKind): string {
  return kind
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/**
 * Parses `lost-reply=1,applied-error=2` (a bare name means 1). Throws an Error naming the bad part.
 */
export function parseFaults(text: string): FaultBudget {
  const budget: FaultBudget = {};
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^([a-z-]+)(?:=(\d+))?$/.exec(part);
    const kind = m?.[1] as FaultKind | undefined;
    if (m === null || kind === undefined || !FAULT_KINDS.includes(kind)) {
      throw new Error(`unknown fault '${part}' (known: ${FAULT_KINDS.join(', ')}; write kind=N)`);
    }
    budget[kind] = m[2] === undefined ? 1 : Number(m[2]);
  }
  return budget;
}

/** `lost-reply=1,applied-error=2` in the vocabulary's order; `none` when empty. */
export function printFaults(budget: FaultBudget): string {
  const parts = FAULT_KINDS.filter((k) => (budget[k] ?? 0) > 0).map((k) => `${k}=${budget[k]}`);
  return parts.length === 0 ? 'none' : parts.join(',');
}
