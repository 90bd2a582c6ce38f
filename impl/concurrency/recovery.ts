/**
 * What a restarted worker finds in the history files of the incarnations before it, and how it closes
 * them. A process killed with SIGKILL stops between any two instructions, so its last history file
 * may end with a torn line (a record whose `write` was cut; never in practice for lines this short,
 * but it costs nothing to handle) and with an `invoke` that has no completion: a call that may or may
 * not have reached the remote. Recovery cuts the torn tail, appends an `info` event (note `killed`)
 * for the dangling call, which makes it pending for the checker, and counts the client operations the
 * slot already started, so that the new incarnation runs only the rest of the slot's budget.
 *
 * A torn `invoke` line means the call was never sent (the invoke is made durable before the call), so
 * cutting it loses nothing; a torn completion leaves the call pending, which is the truth.
 */
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { GroveHistoryWriter, now } from './recorder.ts';
import type { GroveInput } from '../../lin/models/grove.ts';

/** What recovery found and did. */
export interface Recovered {
  /** Client operations started by earlier incarnations (each starts with a `read` of the ref). */
  readonly startedOps: number;
  /** Dangling calls closed with an `info` event. */
  readonly closed: number;
  /** Bytes of torn lines cut. */
  readonly tornBytes: number;
}

interface Line {
  client?: number;
  type?: string;
  op?: string;
  args?: Record<string, unknown>;
}

/** Recovers the history files of earlier incarnations, oldest first (idempotent). */
export function recoverHistories(files: readonly string[]): Recovered {
  let startedOps = 0;
  let closed = 0;
  let tornBytes = 0;
  for (const file of files) {
    if (!existsSync(file)) continue;
    let text = readFileSync(file, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) {
      const keep = text.lastIndexOf('\n') + 1;
      tornBytes += Buffer.byteLength(text.slice(keep));
      truncateSync(file, Buffer.byteLength(text.slice(0, keep)));
      text = text.slice(0, keep);
    }
    const open = new Map<number, Line>();
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      const j = JSON.parse(raw) as Line;
      if (j.client === undefined) continue;
      if (j.type === 'invoke') {
        open.set(j.client, j);
        if (j.op === 'read') startedOps++;
      } else if (j.type === 'ok' || j.type === 'info') open.delete(j.client);
    }
    if (open.size > 0) {
      const w = new GroveHistoryWriter(file);
      try {
        for (const [client, j] of open) {
          w.write({ type: 'info', client, input: { op: j.op, ...j.args } as GroveInput, time: now(), note: 'killed' });
          closed++;
        }
      } finally {
        w.close();
      }
    }
  }
  return { startedOps, closed, tornBytes };
}
