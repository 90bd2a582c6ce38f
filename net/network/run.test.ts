import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnce } from '../testing.ts';
import { firstDivergence } from './run.ts';

const LIN_KV = 'python3 examples/maelstrom/lin_kv.py';

/** A Python node made of an init handler and `on_message(msg, body)`. */
function pythonNode(name: string, onMessage: string, atStart = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'grove-check-badnode-'));
  const file = join(dir, `${name}.py`);
  writeFileSync(
    file,
    [
      'import json, sys',
      atStart,
      'for line in sys.stdin:',
      '    msg = json.loads(line); body = msg["body"]',
      '    def send(dest, b): print(json.dumps({"src": me, "dest": dest, "body": b}), flush=True)',
      '    if body["type"] == "init":',
      '        me = body["node_id"]; send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})',
      '    else:',
      ...onMessage.split('\n').map((l) => `        ${l}`),
    ].join('\n') + '\n',
  );
  return `python3 ${file}`;
}

describe('the network (seeded, logical time)', () => {
  it('seed 5: the same seed gives the same history and the same messages twice, faults included', async () => {
    const o = { bin: LIN_KV, workload: 'lin-kv', nodes: 3, seed: 5, ops: 12, faults: ['partition', 'pause', 'drop', 'duplicate', 'delay', 'reorder'] as const };
    const a = await runOnce(o);
    const b = await runOnce(o);
    expect(a.history.length).toBeGreaterThan(12);
    expect(a.trace.some((e) => e.kind === 'fault')).toBe(true);
    expect(b.history).toEqual(a.history);
    expect(firstDivergence(a.trace, b.trace)).toBe(-1);
    expect(a.nondeterminism).toEqual({ deadlines: 0, spontaneous: 0 });
    expect(a.verdict.outcome).toBe('pass');
  });

  it('seed 2: crashes (SIGKILL, restart with init) and pauses (SIGSTOP/SIGCONT) of an echo node', async () => {
    const r = await runOnce({ bin: 'python3 examples/maelstrom/echo.py', workload: 'echo', nodes: 2, seed: 2, ops: 16, faults: ['crash', 'pause'] });
    const notes = r.trace.filter((e) => e.kind === 'fault').map((e) => e.note!.split(' ')[0]);
    expect(notes).toContain('crash');
    expect(notes).toContain('restart');
    expect(notes).toContain('pause');
    expect(r.trace.filter((e) => e.kind === 'init').length).toBeGreaterThan(2);
    expect(r.verdict.outcome).toBe('pass');
    // The crashed node kept its own files: its directory holds one line per start.
    const crashed = r.trace.find((e) => e.note?.startsWith('crash'))!.dest!;
    const boots = readFileSync(join(dirname(r.logs[crashed]), crashed, 'boots.txt'), 'utf8');
    expect(boots.split('\n').filter(Boolean).length).toBe(1 + r.trace.filter((e) => e.note?.startsWith(`restart ${crashed}`)).length);
  });

  it('a node that prints a non-JSON line: an error naming the node and the line; the history so far kept', async () => {
    const bin = pythonNode('chatty', 'print("hello from", me, flush=True)');
    const r = await runOnce({ bin, workload: 'echo', nodes: 1, seed: 1, ops: 3 });
    expect(r.badNode?.node).toBe('n1');
    expect(r.badNode?.message).toBe('node n1 wrote a line that is not JSON: "hello from n1"');
    expect(r.history.map((e) => e.type)).toEqual(['invoke']);
    expect(r.verdict.outcome).toBe('inconclusive');
  });

  it('a node that answers a message nobody sent', async () => {
    const bin = pythonNode('liar', 'send(msg["src"], {"type": "echo_ok", "in_reply_to": 999})');
    const r = await runOnce({ bin, workload: 'echo', nodes: 1, seed: 1, ops: 3 });
    expect(r.badNode?.message).toMatch(/^node n1 answered message 999 of c\d, which c\d never sent: /);
  });

  it('a node that exits at start-up', async () => {
    const bin = pythonNode('quitter', 'pass', 'sys.exit(3)');
    const r = await runOnce({ bin, workload: 'echo', nodes: 2, seed: 1, ops: 3 });
    expect(r.badNode?.node).toBe('n1');
    expect(r.badNode?.message).toMatch(/^node n1 exited with code 3 at start-up, before answering init \(its log: .*n1\.stderr\.log\)$/);
    expect(r.history).toEqual([]);
  });
});
