/**
 * `defineModel` and `--model ./file.ts`: a user's model file is loaded and checked like a built-in
 * model, and every mistake in it (syntax, a missing part, a mutating step, an unstable actions order,
 * no export, no file) is one line naming the file, exit 2.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, defineModel, ModelFileError, UsageError } from '../../index.ts';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'scripts', 'grove-check.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const head = "import { defineModel } from 'grove-check';\n";
const BROKEN: Record<string, [string, RegExp]> = {
  syntax: [`${head}export default defineModel({ name: 'x', initial: () => ({ n: 0 }),, });\n`, /^grove-check: \S+syntax\.ts:2:\d+: Expected identifier but found ","$/],
  missing: [`${head}export default defineModel({ name: 'x', initial: () => ({}), actions: () => [], properties: [] } as never);\n`, /^grove-check: \S+missing\.ts:2:\d+: defineModel: missing step \(a model needs name, initial, actions, step and properties\)$/],
  mutates: [
    `${head}export default defineModel<{ n: number[] }>({ name: 'x', initial: () => ({ n: [] }),\n  actions: (s) => (s.n.length < 2 ? [{ actor: '1', op: 'Inc' }] : []),\n  step: (s) => { s.n.push(1); return { next: s }; },\n  properties: [{ id: 'P', title: 'p', state: () => null }] });\n`,
    /^grove-check: \S+mutates\.ts:4:\d+: step mutates its input state on '1 Inc'; return a new state instead \(.*not extensible\)$/,
  ],
  order: [
    `${head}let calls = 0;\nexport default defineModel<{ n: number }>({ name: 'x', initial: () => ({ n: 0 }),\n  actions: (s) => (s.n < 2 ? (calls++ % 2 === 0 ? [{ actor: '1', op: 'A' }, { actor: '2', op: 'B' }] : [{ actor: '2', op: 'B' }, { actor: '1', op: 'A' }]) : []),\n  step: (s) => ({ next: { n: s.n + 1 } }), properties: [{ id: 'P', title: 'p', state: () => null }] });\n`,
    /^grove-check: \S+order\.ts: actions returned a different list or order for the same state; derive the order from the state alone/,
  ],
  noexport: ['export const x = 1;\n', /^grove-check: \S+noexport\.ts: expected a default export \(or 'model' export\) made by defineModel\(\.\.\.\) from 'grove-check'$/],
};

describe('a model file of the user\'s', () => {
  it('check --model ./examples/mutation-queue.ts: exit 1 with the minimal rows; next-only passes', () => {
    const r = run('check', '--model', './examples/mutation-queue.ts', '--json');
    expect(r.code).toBe(1);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({ outcome: 'violation', property: 'Q1', model: './examples/mutation-queue.ts', variant: 'accept-newer' });
    expect(o.rows).toEqual(['1 Push<m1> Ok', '1 Push<m2> Ok', 'server Apply<1:m2, 1> Ok', '1 Ack<m2, 1> Ok']);
    expect(o.replay).toBe('grove-check check --model ./examples/mutation-queue.ts --variant accept-newer --actors 1 --ops 2 --strategy bfs');
    expect(run('check', '--model', './examples/mutation-queue.ts', '--variant', 'next-only').code).toBe(0);
  });

  it('replay --model: the saved counterexample replays as its expect: line says', () => {
    const r = run('replay', '--model', './examples/mutation-queue.ts', 'examples/counterexamples');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 as expected, 0 not');
  });

  it('every mistake in a model file is one line naming the file, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-model-'));
    for (const [name, [text, message]] of Object.entries(BROKEN)) {
      writeFileSync(join(dir, `${name}.ts`), text);
      const r = run('check', '--model', join(dir, `${name}.ts`));
      expect(r.code, name).toBe(2);
      expect(r.err.trimEnd().split('\n'), name).toHaveLength(1);
      expect(r.err.trimEnd(), name).toMatch(message);
    }
    const gone = run('check', '--model', join(dir, 'nothere.ts'));
    expect([gone.code, gone.err.trimEnd()]).toEqual([2, `grove-check: ${join(dir, 'nothere.ts')}: no such model file`]);
  });

  it('defineModel refuses missing parts; check stops on a step that mutates its input', () => {
    expect(() => defineModel({ name: 'x' } as never)).toThrowError(new ModelFileError('defineModel: missing initial, actions, step, properties (a model needs name, initial, actions, step and properties)'));
    const bad = defineModel<{ n: number[] }>({
      name: 'bad',
      initial: () => ({ n: [] }),
      actions: (s) => (s.n.length < 1 ? [{ actor: '1', op: 'Inc' }] : []),
      step: (s) => {
        s.n.push(1);
        return { next: s };
      },
      properties: [{ id: 'P', title: 'p', state: () => null }],
    });
    expect(() => check(bad)).toThrowError(UsageError);
    expect(() => check(bad)).toThrowError(/^model bad: step mutates its input state on '1 Inc'/);
  });
});
