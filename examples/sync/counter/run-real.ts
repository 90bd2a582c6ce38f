/**
 * `--real` for the counter examples: starts `server-process.ts` as a child process on a free loopback
 * port, runs the same `CounterClient` the simulation checks against it through `realIo`, increments
 * once with the first reply lost, waits until the client's queue drains, and judges the server's
 * applied log with the same exactly-once rule. Returns the exit code (0 pass, 1 violation).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { CounterClient } from './client.ts';
import { realIo } from './real.ts';
import type { Dedup } from './server.ts';

const here = dirname(fileURLToPath(import.meta.url));

export async function runReal(name: string, dedup: Dedup, log: (line: string) => void): Promise<number> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, join(here, 'server-process.ts'), '--dedup', dedup, '--lose-first-reply'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
      createInterface({ input: child.stdout }).on('line', (l) => {
        const m = /^listening (\d+)$/.exec(l);
        if (m !== null) resolve(Number(m[1]));
      });
    });
    const base = `http://127.0.0.1:${port}`;
    log(`${name} --real: server process ${child.pid} (dedup ${dedup}) on ${base}, first push reply lost`);
    const io = realIo('c1', base);
    const client = new CounterClient(io);
    const id = await client.incr('x');
    log(`c1 Incr<x> Ok(${id})`);
    while (client.pending() > 0) await new Promise((r) => setTimeout(r, 50));
    const state = (await (await fetch(`${base}/state`)).json()) as { data: Record<string, number>; applied: { client: string; id: number }[] };
    log(`server data ${JSON.stringify(state.data)}, applied ${state.applied.map((a) => `${a.client}#${a.id}`).join(' ')}`);
    const twice = state.applied.filter((a, i) => state.applied.findIndex((b) => b.client === a.client && b.id === a.id) !== i);
    if (twice.length > 0) {
      log(`violation of exactly-once: the server applied ${twice[0].client}'s mutation ${twice[0].id} twice`);
      return 1;
    }
    log('pass: every mutation applied once');
    return 0;
  } finally {
    child.kill('SIGTERM');
  }
}
