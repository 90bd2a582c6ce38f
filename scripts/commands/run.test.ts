/** `grove-check run` as a user meets it: exit codes, --json, the replay command, the report files. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGroveHistory } from '../../lin/formats/grove.ts';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';
import { driftingNode } from '../../net/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'scripts', 'grove-check.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'run', ...args], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('grove-check run', () => {
  it('usage errors exit 2 with one line', () => {
    expect(run('--workload', 'lin-kv').code).toBe(2);
    const r = run('--bin', 'true', '--workload', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toBe("grove-check: unknown workload 'nope' (known: echo, unique-ids, broadcast, g-set, g-counter, pn-counter, lin-kv, grove)\n");
    expect(run('--help').code).toBe(0);
  });

  it('a node that cannot start: exit 2 naming the node', () => {
    const r = run('--bin', 'python3 -c "import sys; sys.exit(1)"', '--workload', 'echo', '--seed', '1', '--ops', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^grove-check: node n1: node n1 exited with code 1 at start-up/);
  });

  it('seed 1: a node whose replay diverges gets its first failure reported, and the divergence named, not a second bug', () => {
    const r = run('--bin', driftingNode(true), '--workload', 'echo', '--seed', '1', '--ops', '3', '--shrink-budget', '4');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[2]).toMatch(/^violation echo: p\d sent "Please echo \d+ \d+" and got back "drifted"$/);
    expect(lines).toContain("divergence: replaying the shrunk plan gave a different run from trace event 3 on (a node's own timers or threads depend on the wall clock); the history below is the one that failed");
  });

  it('seed 1, grove, logid-check: exit 1 with G6, and --report writes the histories and the diagram', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-check-run-report-'));
    const r = run('--bin', 'python3 examples/maelstrom/grove_client.py --variant logid-check', '--variant', 'logid-check', '--workload', 'grove', '--nodes', '2', '--seed', '1', '--ops', '20', '--shrink-budget', '0', '--json', '--report', dir);
    expect(r.code).toBe(1);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({ outcome: 'violation', verdict: { property: 'G6' }, seed: 1 });
    expect(o.replay).toBe("grove-check run --bin 'python3 examples/maelstrom/grove_client.py --variant logid-check' --workload grove --nodes 2 --seed 1 --ops 20 --variant logid-check --no-shrink");
    for (const f of ['history.jsonl', 'plan.json', 'trace.jsonl', 'lamport.svg', 'report.html', 'nodes/run-0/n1.stderr.log']) expect(existsSync(join(dir, f))).toBe(true);
    const grove = parseGroveHistory(readFileSync(join(dir, 'grove.jsonl'), 'utf8'), 'grove.jsonl');
    expect(grove.variant).toBe('logid-check');
    expect(grove.acks.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'history.jsonl'), 'utf8').split('\n')[0]).toBe('{"process":2,"type":"invoke","f":"push","value":{"commit":"3.4"},"node":"n1","time":0}');
  });
});
