/**
 * The explorer under hostile clients: `/api/load` obeys the form's limits (actors, ops, faults, rows)
 * with a `name:line:column` error, and a POST whose body stalls blocks no other API call (bodies are
 * read, with a size and time limit, before a request joins the one-at-a-time queue).
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExplorer, type RunningExplorer } from './server.ts';
import { LIMITS } from './config.ts';

let running: RunningExplorer;

function call(method: string, path: string, body?: object): Promise<{ status: number; json: any }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: running.port, method, path, headers: data !== undefined ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
    });
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

beforeAll(async () => {
  // A short body deadline, so the stalled request below is also seen to be answered (408).
  running = await startExplorer({ port: 0, bodyTimeoutMs: 2_000 });
});

afterAll(async () => {
  await running?.close();
});

describe('explorer limits', () => {
  it.each([
    ['actors', `scenario: big\nactors: 1000000\n`, `pasted:2:9: 'actors' is 1000000; the explorer takes at most ${LIMITS.actors}`],
    ['ops', `scenario: big\nactors: 1\nops: 7\n`, `pasted:3:6: 'ops' is 7; the explorer takes at most ${LIMITS.ops}`],
    ['faults', `scenario: big\nmax-crashes: 99\n`, `pasted:2:14: 'max-crashes' is 99; the explorer takes at most ${LIMITS.faults}`],
    ['rows', `scenario: long\n${'1 Pull<main> Ok\n'.repeat(1001)}`, `pasted:1002:1: the number of rows is 1001; the explorer takes at most 1000`],
    ['scripted actors', `scenario: many\n${Array.from({ length: 17 }, (_, i) => `${i + 1} Pull<main> Ok`).join('\n')}\n`, 'pasted:1:1: the number of actors in the rows is 17; the explorer takes at most 16'],
  ])('/api/load refuses too many %s before any work, naming the line', async (_what, text, error) => {
    const r = await call('POST', '/api/load', { text, name: 'pasted' });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe(error);
    // The session is untouched and the server still answers.
    expect((await call('GET', '/api/state')).status).toBe(200);
  });

  it('a POST whose body stalls does not block another API call', async () => {
    const socket = connect(running.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const answered = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c) => (text += c.toString('utf8')));
      socket.on('close', () => resolve(text));
    });
    // 100 bytes announced, 5 sent, then nothing.
    socket.write(`POST /api/load HTTP/1.1\r\nHost: 127.0.0.1:${running.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"tex`);
    const other = await call('GET', '/api/state');
    expect(other.status).toBe(200);
    const reset = await call('POST', '/api/reset', { actors: 2, ops: 1 });
    expect(reset.status).toBe(200);
    // The stalled request itself is refused once its deadline passes, and its connection closed.
    expect(await answered).toMatch(/^HTTP\/1\.1 408[\s\S]*not received within 2 s/);
  });
});
