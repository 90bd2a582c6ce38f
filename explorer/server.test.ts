/**
 * The explorer's HTTP API over a real socket on 127.0.0.1 (port 0): the happy path of every
 * endpoint, and bad input of every kind answered with a 4xx and a clear message, after which the
 * server still answers and the session is as it was.
 */
import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY, startExplorer, type RunningExplorer } from './server.ts';
import { judgeItf, readItf } from '../interchange/itf/replay.ts';

let running: RunningExplorer;
let saveDir = '';

interface Reply {
  status: number;
  type: string;
  text: string;
  json: any;
}

/** One request with raw control over body and headers. */
function call(method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<Reply> {
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: running.port, method, path, headers: { ...(data !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text, json });
      });
    });
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

beforeAll(async () => {
  saveDir = await mkdtemp(join(tmpdir(), 'grove-explorer-api-'));
  running = await startExplorer({ port: 0, saveDir });
});

afterAll(async () => {
  await running?.close();
  if (saveDir !== '') await rm(saveDir, { recursive: true, force: true });
});

describe('explorer API', () => {
  it('listens on 127.0.0.1 only and serves a self-contained page', async () => {
    expect(running.url).toBe(`http://127.0.0.1:${running.port}/`);
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.text).not.toMatch(/<link\b|\bsrc\s*=|@import|https?:\/\//i);
  });

  it('steps, undoes, redoes, resets, and serves the scenario', async () => {
    let r = await call('POST', '/api/reset', { model: 'grove', variant: 'logid-check', actors: 2, ops: 1 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ cursor: 0, length: 0, canUndo: false, canRedo: false, config: { variant: 'logid-check', actors: 2, ops: 1 } });
    expect(r.json.actions.map((a: { label: string }) => a.label)).toEqual(['1 Pull<main>', '2 Pull<main>']);
    expect(r.json.svg).toContain('<svg');
    expect(r.json.families.map((f: { name: string }) => f.name)).toContain('grove');
    expect(r.json.families.find((f: { name: string }) => f.name === 'grove').variants.some((v: { planted?: string }) => v.planted !== undefined)).toBe(true);
    r = await call('POST', '/api/step', { index: 1 });
    expect(r.json.rows.map((x: { text: string }) => x.text)).toEqual(['2 Pull<main> Ok(a@0)']);
    r = await call('POST', '/api/undo');
    expect(r.json).toMatchObject({ cursor: 0, length: 1, canRedo: true });
    r = await call('POST', '/api/redo', {});
    expect(r.json).toMatchObject({ cursor: 1, length: 1 });
    r = await call('POST', '/api/goto', { step: 0 });
    expect(r.json.cursor).toBe(0);
    const sc = await call('GET', '/api/scenario');
    expect(sc.type).toContain('text/plain');
    expect(sc.text).toContain('variant: logid-check\n');
    expect(sc.text).toContain('expect: ok\n');
  });

  it('finds G6 from here and loads the counterexample into the table', async () => {
    await call('POST', '/api/reset', { model: 'grove', variant: 'logid-check', actors: 2, ops: 1 });
    const r = await call('POST', '/api/find', { seconds: 5 });
    expect(r.status).toBe(200);
    expect(r.json.find).toMatchObject({ outcome: 'violation', property: 'G6', added: 7 });
    expect(r.json).toMatchObject({ cursor: 7, violation: { property: 'G6', step: 7 } });
    expect(r.json.rows[6]).toMatchObject({ text: '2 CAS<main, a, c> Ok', violating: true });
  });

  it('serves the steps taken as an ITF trace that replays to the same G6', async () => {
    const r = await call('GET', '/api/itf');
    expect(r.type).toContain('application/json');
    const trace = JSON.parse(r.text);
    expect(trace.states).toHaveLength(8);
    expect(trace.states[7]['mbt::actionTaken']).toBe('2 CAS<main, a, c> Ok');
    expect(judgeItf(readItf(r.text, 'explored.itf.json'))).toMatchObject({ verdict: 'agrees', run: { verdict: 'violation(G6)' } });
  });

  it('loads pasted text and saves under the save directory, never over another file', async () => {
    const text = (await call('GET', '/api/scenario')).text;
    let r = await call('POST', '/api/reset', {});
    expect(r.json.cursor).toBe(0);
    r = await call('POST', '/api/load', { text, name: 'mine.scenario' });
    expect(r.json).toMatchObject({ cursor: 7, source: 'mine.scenario', violation: { property: 'G6' } });
    r = await call('POST', '/api/save', { name: 'g6' });
    expect(r.json.saved).toBe(join(saveDir, 'g6.scenario'));
    await call('POST', '/api/undo');
    r = await call('POST', '/api/save', { name: 'g6' });
    expect(r.json.saved).toBe(join(saveDir, 'g6-2.scenario'));
    expect((await readdir(saveDir)).sort()).toEqual(['g6-2.scenario', 'g6.scenario']);
    expect(await readFile(join(saveDir, 'g6.scenario'), 'utf8')).toContain('expect: violation(G6)');
    expect(await readFile(join(saveDir, 'g6-2.scenario'), 'utf8')).toContain('expect: ok');
  });

  it('answers bad input with 4xx and a message, and is unchanged and alive after it', async () => {
    await call('POST', '/api/reset', { model: 'grove', variant: 'logid-check', actors: 2, ops: 1 });
    await call('POST', '/api/step', { index: 0 });
    const bad: [string, string, string | object | undefined, number, string | RegExp][] = [
      ['POST', '/api/step', '{"index": ', 400, /^the request body is not valid JSON/],
      ['POST', '/api/step', {}, 400, 'index must be a whole number, got nothing'],
      ['POST', '/api/step', { index: 'two' }, 400, 'index must be a whole number, got "two"'],
      ['POST', '/api/step', { index: 9 }, 400, 'index must be a whole number from 0 to 1, got 9'],
      ['POST', '/api/step', { index: 0, extra: 1 }, 400, 'unknown field extra; expected index'],
      ['POST', '/api/step', [1], 400, 'expected a JSON object as the request body'],
      ['POST', '/api/redo', undefined, 400, 'nothing to redo'],
      ['POST', '/api/goto', { step: 5 }, 400, 'step must be a whole number from 0 to 1, got 5'],
      ['POST', '/api/reset', { variant: 'nope' }, 400, /^unknown variant 'nope' for model grove; known: logid-check, /],
      ['POST', '/api/reset', { model: 'nope' }, 400, /^unknown model 'nope'/],
      ['POST', '/api/reset', { actors: 99 }, 400, 'actors must be at most 6 in the explorer, got 99'],
      ['POST', '/api/reset', { actors: -1 }, 400, 'actors must be a whole number ≥ 0, got -1'],
      ['POST', '/api/reset', { colour: 'red' }, 400, /^unknown field colour/],
      ['POST', '/api/load', {}, 400, 'text must be a string, got nothing'],
      ['POST', '/api/load', { text: '1 Frobnicate Okay' }, 400, /^pasted scenario:1:/],
      ['POST', '/api/load', { text: 'model: grove\n\n1 Append<a> Ok', at: 'middle' }, 400, `at must be 'start' or 'end', got "middle"`],
      ['POST', '/api/row', { text: 'two rows\n1 Append<a> Ok' }, 400, /^row:1:/],
      ['POST', '/api/row', { text: '1 CAS<main, a, b> Ok' }, 400, /actor 1's next step is Append<a@1>, not CAS<main, a, b>/],
      ['POST', '/api/find', { seconds: 0 }, 400, 'seconds must be a number greater than 0 and at most 600, got 0'],
      ['POST', '/api/find', { seconds: '5' }, 400, 'seconds must be a number, got "5"'],
      ['POST', '/api/save', { name: '../escape' }, 400, /^name must be letters, digits/],
      ['GET', '/api/step', undefined, 405, '/api/step takes POST, not GET'],
      ['POST', '/api/state', undefined, 405, '/api/state takes GET, not POST'],
      ['GET', '/api/nothing', undefined, 404, /^no such endpoint \/api\/nothing/],
    ];
    for (const [method, path, body, status, message] of bad) {
      const r = await call(method, path, body);
      expect({ method, path, status: r.status }).toEqual({ method, path, status });
      if (typeof message === 'string') expect(r.json.error).toBe(message);
      else expect(r.json.error).toMatch(message);
    }
    const after = await call('GET', '/api/state');
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ cursor: 1, length: 1, config: { variant: 'logid-check' } });
  });

  it('refuses other hosts and origins (DNS rebinding, cross-site posts) and oversized bodies', async () => {
    expect((await call('GET', '/api/state', undefined, { host: 'evil.example:80' })).status).toBe(403);
    expect((await call('POST', '/api/undo', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('POST', '/api/undo', {}, { origin: `http://127.0.0.1:${running.port}` })).status).toBe(200);
    const huge = await call('POST', '/api/load', JSON.stringify({ text: 'x'.repeat(MAX_BODY) }));
    expect(huge.status).toBe(413);
    expect((await call('GET', '/api/state')).status).toBe(200);
  });
});
