/**
 * The entry of a worker's job thread: runs job specs posted by `JobThread` (see `thread.ts`) with the
 * adapter and posts back progress (at most twice a second, from the checker's own progress hook) and
 * the result, or the error. One job at a time; a cancelled job ends with the thread.
 */
import { parentPort } from 'node:worker_threads';
import { UsageError } from '../model/core/model.ts';
import { runJob } from './run-job.ts';
import type { ThreadReply, ThreadRequest } from './thread.ts';

const port = parentPort;
if (port === null) throw new Error('swarm/job-thread.ts runs as a worker thread');
port.on('message', (req: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    const result = runJob(req.spec, (p) => port.postMessage({ kind: 'progress', id: req.id, progress: p } satisfies ThreadReply));
    reply = { kind: 'result', id: req.id, result };
  } catch (e) {
    reply = { kind: 'error', id: req.id, message: e instanceof Error ? e.message : String(e), usage: e instanceof UsageError };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies ThreadReply);
