/**
 * The command line under bad input (issue 20): every reproduction that used to give a stack trace, a
 * hang or a misleading verdict, held at a one-line error with exit code 2 or at the right result.
 * Most run the commands in-process (their exit code returned, their output captured); two spawn the
 * real entry point to see the one-line error and the exit code a user sees.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import checkCmd from './check.ts';
import replayCmd from './replay.ts';
import listCmd from './list.ts';
import linCmd from './lin.ts';
import { loadVariant, variantProblem, allVariants } from '../../model/grove/variants/index.ts';
import { check } from '../../checker/check.ts';
import { groveModel } from '../../model/grove/model.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'scripts', 'grove-check.mjs');
const fixture = relative(root, join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'my-blind-cas.ts'));

/** Runs a command in-process from the project root; returns its exit code and what it printed. */
async function inProcess(cmd: (argv: string[]) => Promise<number>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const cwd = process.cwd();
  process.chdir(root);
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await cmd(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.chdir(cwd);
  }
}

afterEach(() => vi.restoreAllMocks());

function spawn(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'grove-robust-'));
const write = (name: string, text: string): string => {
  const p = join(tmp, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};

describe('variant files (items 5 and 10)', () => {
  it('check --variant ./does-not-exist.ts: one line, exit 2 (spawned)', () => {
    const r = spawn('check', '--variant', './does-not-exist.ts');
    expect(r.code).toBe(2);
    expect(r.err).toBe('grove-check: ./does-not-exist.ts: no such variant file\n');
  });

  it('a variant file with a syntax error: one line naming the file, exit 2 (spawned)', () => {
    const bad = write('syntax.ts', 'export default { name: "x", refs: \n');
    const r = spawn('check', '--variant', bad);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toBe(`grove-check: ${bad}:2:1: the variant file does not load: Unexpected end of file\n`);
  });

  it.each([
    ['no export', 'export const other = 1;\n', "expected a default export (or 'variant' export)"],
    ['confirm missing', "export default { name: 'v1', title: 't', refs: 'logref', check: 'read' };\n", "field 'confirm' is missing; expected one of 'check', 'cas'"],
    ["confirm: 'cass'", "export default { name: 'v2', title: 't', refs: 'logref', confirm: 'cass', check: 'read' };\n", `field 'confirm' is "cass"; expected one of 'check', 'cas'`],
    ['an unknown field', "export default { name: 'v3', title: 't', refs: 'logref', confirm: 'cas', check: 'read', retry: true };\n", "field 'retry' is not a field of a GroveVariant"],
    ['a remote that is not a function', "export default { name: 'v4', title: 't', refs: 'logref', confirm: 'cas', check: 'read', remote: { cas: 1 } };\n", "field 'remote.cas' is number; expected a function"],
    ['a built-in name', "export default { name: 'lsn-cas', title: 't', refs: 'logref', confirm: 'cas', check: 'read' };\n", "field 'name' is 'lsn-cas', the name of a built-in variant"],
  ])('a variant file with %s is refused naming the field', async (_what, text, message) => {
    const p = write(`v-${Math.random().toString(36).slice(2)}.ts`, text);
    await expect(loadVariant(p)).rejects.toThrow(`${p}: ${message}`);
  });

  it("a variant whose own primitive throws: one line naming the file and the primitive, exit 2 (a UsageError)", async () => {
    const p = write('throws.ts', "export default { name: 'v-throws', title: 't', refs: 'logref', confirm: 'cas', check: 'read', remote: { cas() { throw new RangeError('boom'); } } };\n");
    const r = await inProcess(checkCmd, '--variant', p, '--actors', '1', '--ops', '1', '--quiet').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(r?.name).toBe('UsageError');
    expect(r?.message).toBe(`${p}: the variant's remote.cas threw: RangeError: boom`);
  });

  it('every built-in variant passes the same validation', () => {
    for (const v of allVariants) expect(variantProblem(v), v.name).toBeUndefined();
  });

  it("a user's buggy variant file: check finds G6, prints a replay command naming the file, and that command gives the same result", async () => {
    const r = await inProcess(checkCmd, '--variant', fixture, '--actors', '2', '--ops', '1', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toContain('VIOLATION of G6');
    const replay = /replay: (.*)/.exec(r.out)![1];
    expect(replay).toBe(`grove-check check --model grove --variant ${fixture} --actors 2 --ops 1 --strategy bfs`);
    const again = await inProcess(checkCmd, ...replay.split(' ').slice(2), '--quiet');
    expect(again.code).toBe(1);
    expect(again.out.replace(/\d+(\.\d+)? s\b.*\n/g, '')).toBe(r.out.replace(/\d+(\.\d+)? s\b.*\n/g, ''));
  });

  it('a saved counterexample of a variant file replays (replay reads the path from the variant: header)', async () => {
    const dir = join(tmp, 'saved');
    const r = await inProcess(checkCmd, '--variant', fixture, '--actors', '2', '--ops', '1', '--quiet', '--save', dir);
    expect(r.code).toBe(1);
    const saved = /saved: (.*)/.exec(r.out)![1];
    expect(saved).toMatch(/grove-my-blind-cas-G6-2x1\.scenario$/);
    const back = await inProcess(replayCmd, saved);
    expect(back.err).toBe('');
    expect(back.out).toMatch(/^ok {3}.* \[my-blind-cas\]: violation\(G6\) \(expected violation\(G6\)\)/);
    expect(back.code).toBe(0);
    // replay --variant takes a variant file too.
    const named = await inProcess(replayCmd, saved, '--variant', fixture);
    expect(named.err).toBe('');
    expect(named.out).toMatch(/^ok {3}.* \[my-blind-cas\]: violation\(G6\)/);
  });
});

describe('explore takes a variant file (item 10)', () => {
  it('once loaded by its family, the variant is one of the model\'s variants and the explorer builds it', async () => {
    const { resolveVariant } = await import('../../model/core/model.ts');
    const { familyByName } = await import('../../model/registry.ts');
    const { readConfig, buildModel } = await import('../../explorer/config.ts');
    const name = await resolveVariant(familyByName('grove'), join(root, fixture));
    expect(name).toBe('my-blind-cas');
    const config = readConfig({ model: 'grove', variant: name, actors: 2, ops: 1 });
    expect(buildModel(config).variant).toBe('my-blind-cas');
  });
});

describe('the printed replay command reproduces the result, for every strategy (item 10)', () => {
  it.each([
    ['bfs', []],
    ['dfs', []],
    ['random', ['--seed', '7', '--runs', '200']],
    ['pct', ['--seed', '3', '--runs', '50', '--pct-depth', '3']],
    ['preemption', ['--preemptions', '1']],
  ])('%s', async (strategy, extra) => {
    const first = await inProcess(checkCmd, '--variant', 'planted-blind-force', '--actors', '2', '--ops', '2', '--strategy', strategy, ...extra, '--json');
    expect(first.code).toBe(1);
    const a = JSON.parse(first.out);
    for (let k = 0; k < extra.length; k += 2) expect(a.replay).toContain(`${extra[k]} ${extra[k + 1]}`);
    const again = await inProcess(checkCmd, ...a.replay.split(' ').slice(2), '--json');
    const b = JSON.parse(again.out);
    expect(again.code).toBe(1);
    expect({ property: b.property, rows: b.rows, replay: b.replay }).toEqual({ property: a.property, rows: a.rows, replay: a.replay });
  });
});

describe('random search stops at its timeout (item 10)', () => {
  it('a run budget far beyond the timeout ends as inconclusive(timeout) without running out the budget', () => {
    const o = check(groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 2 }), { strategy: 'random', runs: 100_000_000, timeoutSeconds: 1, seed: 1 });
    expect(o.outcome).toBe('inconclusive');
    expect(o.outcome === 'inconclusive' && o.budget).toBe('timeout');
    expect(o.stats.runs).toBeLessThan(100_000_000);
  });
});

describe('scenario files (items 7, 8 and 9)', () => {
  const cases: [string, string, string][] = [
    ['ops: 100000000', 'scenario: x\nactors: 1\nops: 100000000\n\n1 Append<a> Ok\n', ":3:6: header 'ops: 100000000' is too large: a scenario may have at most 1,000"],
    ['actors: 1000000', 'scenario: x\nactors: 1000000\n', ":2:9: header 'actors: 1000000' is too large: a scenario may have at most 64"],
    ['main: a@99999999999999999999', 'scenario: x\nInitial state:\n- main: a@99999999999999999999\n\n1 Pull<main> Ok\n', ":3:1: initial state '- main: a@99999999999999999999': 100000000000000000000 is more than the 10,000 entries an initial state may have"],
    ['main: a@1000000', 'scenario: x\nInitial state:\n- main: a@1000000\n\n1 Pull<main> Ok\n', ":3:1: initial state '- main: a@1000000': 1000000 is more than the 10,000 entries an initial state may have"],
    ['b: a@0 +1000000', 'scenario: x\nInitial state:\n- main: a\n- b: a@0 +1000000\n\n1 Pull<main> Ok\n', ":4:1: initial state '- b: a@0 +1000000': 1000000 is more than the 10,000 entries an initial state may have"],
    ['entries summing past the bound', 'scenario: x\nInitial state:\n- a: +6000\n- b: a@0 +6000\n\n1 Pull<main> Ok\n', ":4:1: initial state '- b: a@0 +6000': the initial state would have more than 10,000 entries"],
    ['a branch point past the end of a log', 'scenario: x\nInitial state:\n- a: +1\n- b: a@4 +1\n\n1 Pull<main> Ok\n', ":4:1: initial state '- b: a@4 +1': the branch point a@4 is past the end of log a (its tip is a@1)"],
    ['a key given twice', 'scenario: x\nInitial state:\n- main: a\n- main: a@0\n\n1 Pull<main> Ok\n', ":4:1: initial state '- main: a@0': 'main' is already given on line 3"],
    ['an unknown op', 'scenario: x\nInitial state:\n- main: a\n\n1 Frobnicate<a> Ok\n', ":5:1: unknown op 'Frobnicate' for model grove; expected Pull, Append, Branch, Check or CAS"],
    ['a bad whole number', 'scenario: x\nactors: two\n', ":2:9: header 'actors: two' must be a whole number"],
    ['a bad expect: line', 'scenario: x\nexpect: okay\n\n1 Pull<main> Ok\n', ":2:9: expect: cannot read 'okay'; expected [variant=]ok|violation(G6)|mismatch(row N)|linearizable|not-linearizable"],
    ['an unknown variant', 'scenario: x\nvariant: nope\n\n1 Pull<main> Ok\n', ":2:10: unknown variant 'nope' for model grove"],
    ['an unknown model', 'scenario: x\nmodel: nope\n', ':2:8: unknown model'],
  ];

  it.each(cases)('%s: one line file:line:column, exit 2, before any work', async (_what, text, message) => {
    const file = write(`s-${Math.random().toString(36).slice(2)}.scenario`, text);
    const r = await inProcess(replayCmd, file);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(`grove-check: ${file}${message}`);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('replay DIR reports every file: a bad file does not stop the others, and the exit code is the worst', async () => {
    const dir = join(tmp, 'mixed');
    write('mixed/a-bad.scenario', 'scenario: bad\nInitial state:\n- main: a\n\n1 Frobnicate<a> Ok\n');
    write('mixed/b-parse.scenario', '1 Append<a Ok\n');
    write('mixed/c-good.scenario', 'scenario: good\nInitial state:\n- main: a\n\n1 Append<a> Ok\n1 Check<main, a> Ok\n');
    const r = await inProcess(replayCmd, dir, join(tmp, 'missing'));
    expect(r.code).toBe(2);
    expect(r.out).toContain(`ok   ${join(dir, 'c-good.scenario')} good [lsn-cas]: ok`);
    expect(r.out).toMatch(/1 as expected, 0 not, 3 errors \(above\)/);
    const errs = r.err.trimEnd().split('\n');
    expect(errs).toEqual([
      `grove-check: ${join(tmp, 'missing')}: no such file or directory`,
      `grove-check: ${join(dir, 'a-bad.scenario')}:5:1: unknown op 'Frobnicate' for model grove; expected Pull, Append, Branch, Check or CAS`,
      `grove-check: ${join(dir, 'b-parse.scenario')}:1:12: expected ',' or '>', found 'Ok'`,
    ]);
  });
});

describe('lin and list (items 9 and 10)', () => {
  it('lin --format grove on a binary file: one clean line, no raw bytes', async () => {
    const file = write('bin.dat', Buffer.from([0, 1, 0xff, 0xfe, 0x7b, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a]).toString('latin1'));
    const e = await linCmd([file, '--format', 'grove']).then(
      () => undefined,
      (x: unknown) => x as Error,
    );
    expect(e?.message).toBe(`${file}:1:1: expected a text history, found control character U+0000 (a binary file?)`);
    expect(e?.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\ufffd]/);
  });

  it('lin on a kv history with a control character inside a string: the binary error, though the fast reader skips that scan on clean text', async () => {
    const line = '{:process 0, :type :invoke, :f :put, :key "0", :value "a\u0007b"}';
    const file = write('ctl.txt', `${line}\n{:process 0, :type :ok, :f :put, :key "0", :value "a\u0007b"}\n`);
    const e = await linCmd([file, '--json']).then(
      () => undefined,
      (x: unknown) => x as Error,
    );
    expect(e?.message).toBe(`${file}:1:${line.indexOf('\u0007') + 1}: expected a text history, found control character U+0007 (a binary file?)`);
    // And with --no-partition, which a binary file of another format also meets first.
    const bin = write('ctl.log', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\u0001\n');
    const e2 = await linCmd([bin, '--no-partition']).then(
      () => undefined,
      (x: unknown) => x as Error,
    );
    expect(e2?.message).toMatch(/ctl\.log:1:\d+: expected a text history, found control character U\+0001/);
  });

  it('list says (advisory) once per advisory property', async () => {
    const r = await inProcess(listCmd);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('(advisory) (advisory)');
    for (const id of ['G7', 'D1', 'O1']) expect(r.out).toMatch(new RegExp(`\\n    ${id} +[^\\n]*advisory`));
  });
});
