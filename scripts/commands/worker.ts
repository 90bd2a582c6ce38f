/**
 * `grove-check worker --redis URL`: runs swarm jobs (`grove-check swarm`) from the queue on Redis until
 * stopped. Any number of workers on any hosts may join or leave; a worker lost in the middle of a job
 * has that job run again by another (see `swarm/worker.ts`). Ctrl+C closes it cleanly: the running
 * job goes back to the queue.
 */
import { InputError, intFlag, parseFlags } from './_common.ts';
import { DEFAULT_QUEUE, startWorker, type WorkerEvent } from '../../swarm/worker.ts';

export const USAGE = `usage: grove-check worker --redis URL [options]

Runs swarm jobs from the queue on Redis (one at a time, on a thread of its own) until Ctrl+C.

  --redis URL             the Redis the swarm queues on (required)
  --queue NAME            queue name (default ${DEFAULT_QUEUE})
  --lock-duration MS      a job's lock lasts MS without renewal; a lost worker's job is run again
                          after about this long (default 30000)
  --stalled-interval MS   how often this worker looks for jobs of lost workers (default 30000)
  --max-stalled N         times a job may be lost with its worker before it fails (default 3)
  --json                  one JSON object a line per event (ready, started, done, failed)

exit codes: 0 closed cleanly, 2 bad input`;

export default async function worker(argv: string[]): Promise<number> {
  const { values: v } = parseFlags(
    argv,
    {
      redis: { type: 'string' },
      queue: { type: 'string' },
      'lock-duration': { type: 'string' },
      'stalled-interval': { type: 'string' },
      'max-stalled': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
    false,
  );
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (v.redis === undefined) throw new InputError(`--redis URL is required\n\n${USAGE}`);
  if (!/^rediss?:\/\//.test(v.redis)) throw new InputError(`--redis takes a redis:// URL, got '${v.redis}'`);
  const print = (e: WorkerEvent): void => {
    if (v.json) process.stdout.write(JSON.stringify(e) + '\n');
    else if (e.kind === 'ready') process.stdout.write(`worker ${e.worker}: ready on ${v.redis}\n`);
    else if (e.kind === 'started') process.stdout.write(`worker ${e.worker}: job ${e.jobId} started (${e.job})\n`);
    else if (e.kind === 'done') process.stdout.write(`worker ${e.worker}: job ${e.jobId} ${e.outcome} in ${e.seconds.toFixed(2)} s\n`);
    else if (e.kind === 'failed') process.stdout.write(`worker ${e.worker}: job ${e.jobId} failed: ${e.message}\n`);
    else if (e.kind === 'error') process.stderr.write(`worker ${e.worker}: ${e.message}\n`);
  };
  const w = await startWorker({
    redis: v.redis,
    queue: v.queue,
    lockDuration: intFlag('lock-duration', v['lock-duration'], 30_000, 100),
    stalledInterval: intFlag('stalled-interval', v['stalled-interval'], 30_000, 100),
    maxStalledCount: intFlag('max-stalled', v['max-stalled'], 3, 0),
    onEvent: print,
  });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) process.exit(130); // a second Ctrl+C: leave now
      stopping = true;
      w.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (v.json) process.stdout.write(JSON.stringify({ kind: 'closed', worker: w.name } satisfies WorkerEvent) + '\n');
  else process.stdout.write(`worker ${w.name}: closed\n`);
  return 0;
}
