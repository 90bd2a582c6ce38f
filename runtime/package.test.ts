/**
 * grove-check as a user installs it: `npm pack` builds the tarball (its `prepare` script compiles
 * dist/), an empty folder installs it offline, and there a plain Node script (no TypeScript loader)
 * imports `check` from 'grove-check' and gets a verdict, the packed CLI finds and replays the
 * guide's example model (docs/your-protocol.md) as the guide says, and the user's own vitest (a dev
 * dependency of the app, from the same offline cache) runs the guide's regression test, and fails a
 * test that asserts the buggy variant with the guide's rows.
 *
 * Offline, how: the folder gets a package-lock.json that pins grove-check's dependencies to the
 * project's own lock (same versions and integrity hashes), so `npm ci --offline` takes every tarball
 * from npm's cache (filled by the project's own `npm ci`) and asks the registry for nothing.
 * `--ignore-scripts` skips better-sqlite3's native build, which `check` does not need. The pack runs
 * on a copy of the sources, so that building does not touch this checkout's dist/ while other tests
 * run its CLI.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_GUARD_MS } from './testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * What the tarball is built from: the sources tsconfig.build.json compiles (read from its `include`,
 * so a new folder there is packed too), and the files package.json ships.
 */
const BUILD_INCLUDE = (JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
const SOURCES = [...new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'scripts', ...BUILD_INCLUDE.map((p) => p.split('/')[0])])];

/** Packs a copy of the project; returns the tarball's path. */
function pack(dir: string): string {
  const src = join(dir, 'src');
  mkdirSync(src);
  for (const f of SOURCES) cpSync(join(root, f), join(src, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(src, 'node_modules'));
  const out = execFileSync(npm, ['pack', '--silent', '--pack-destination', dir], { cwd: src, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return join(dir, out.trim().split('\n').pop()!);
}

/**
 * An empty app folder with grove-check installed from `tgz`, offline, and vitest as its dev
 * dependency (as `npm i -D vitest` gives a user), both from the versions of the project's own lock.
 */
function install(dir: string, tgz: string): string {
  const app = join(dir, 'app');
  mkdirSync(app);
  const name = tgz.split('/').pop()!;
  cpSync(tgz, join(app, name));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; bin: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean }> };
  const vitest = lock.packages['node_modules/vitest'].version!;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { 'grove-check': `file:${name}` }, devDependencies: { vitest } },
    'node_modules/grove-check': { version: pkg.version, resolved: `file:${name}`, integrity, dependencies: pkg.dependencies, bin: pkg.bin },
  };
  // Every package of the project's lock (vitest's tree among them); npm ci installs what the app's graph reaches.
  for (const [k, v] of Object.entries(lock.packages)) if (k.startsWith('node_modules/') && k !== 'node_modules/grove-check') packages[k] = v;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { 'grove-check': `file:${name}` }, devDependencies: { vitest } }, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2));
  execFileSync(npm, ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--silent'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  return app;
}

describe('the packed package', () => {
  it('installs offline into an empty folder, where plain Node imports check, the CLI checks the guide\'s model and the user\'s vitest runs the guide\'s test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-pack-'));
    const tgz = pack(dir);
    const listed = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).split('\n');
    expect(listed).toContain('package/dist/index.js');
    expect(listed).toContain('package/dist/index.d.ts');
    expect(listed).toContain('package/dist/scripts/cli.js');
    expect(listed.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const app = install(dir, tgz);
    expect(readdirSync(join(app, 'node_modules', 'grove-check'))).toContain('dist');

    // A plain Node script: no TypeScript loader, a model of its own in JavaScript.
    writeFileSync(
      join(app, 'check.mjs'),
      `import { check, familyByName, defineModel, assert } from 'grove-check';
const grove = check(familyByName('grove'), { variant: 'logid-check' });
const counter = defineModel({ name: 'counter', initial: () => ({ n: 0 }), actions: (s) => (s.n < 3 ? [{ actor: '1', op: 'Inc' }] : []),
  step: (s) => ({ next: { n: s.n + 1 }, result: 'Ok' }), properties: [{ id: 'C1', title: 'n stays below 3', state: (s) => (s.n < 3 ? null : 'n reached ' + s.n) }] });
let thrown = '';
try { assert(counter); } catch (e) { thrown = e.message; }
console.log(JSON.stringify({ grove: [grove.outcome, grove.property, grove.stats.states], counter: thrown.split('\\n') }));
`,
    );
    const plain = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' })) as { grove: unknown[]; counter: string[] };
    expect(plain.grove).toEqual(['violation', 'G6', 361]);
    expect(plain.counter).toEqual(['counter / default violates C1: n reached 3', '  1 Inc Ok', '  1 Inc Ok', '  1 Inc Ok', 'seed 1, strategy bfs, 3 rows', 'replay: check(model, {strategy: "bfs", variant: "default", actors: 2, ops: 2})', '    or: grove-check check --model counter --variant default --actors 2 --ops 2 --strategy bfs']);

    // The packed CLI on the guide's example, copied into the folder: found, fixed, kept as a regression.
    cpSync(join(root, 'examples', 'mutation-queue.ts'), join(app, 'examples', 'mutation-queue.ts'));
    cpSync(join(root, 'examples', 'counterexamples'), join(app, 'examples', 'counterexamples'), { recursive: true });
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(app, 'node_modules', '.bin', 'grove-check'), ...args], { cwd: app, encoding: 'utf8', timeout: CLI_GUARD_MS });
    const found = cli('check', '--model', './examples/mutation-queue.ts', '--json');
    expect([found.status, found.stderr]).toEqual([1, '']);
    expect(JSON.parse(found.stdout)).toMatchObject({ outcome: 'violation', property: 'Q1', rows: ['1 Push<m1> Ok', '1 Push<m2> Ok', 'server Apply<1:m2, 1> Ok', '1 Ack<m2, 1> Ok'] });
    expect(cli('check', '--model', './examples/mutation-queue.ts', '--variant', 'next-only').status).toBe(0);
    const replayed = cli('replay', '--model', './examples/mutation-queue.ts', 'examples/counterexamples');
    expect([replayed.status, replayed.stdout.trim().split('\n').pop()]).toEqual([0, expect.stringMatching(/^2 as expected, 0 not/)]);

    // The guide's regression test under the user's own vitest, importing only 'grove-check': the bug
    // is found with the guide's message, the fix passes, the saved counterexample replays.
    cpSync(join(root, 'examples', 'mutation-queue.test.ts'), join(app, 'examples', 'mutation-queue.test.ts'));
    const plainEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    const vt = spawnSync(process.execPath, [join(app, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=verbose'], { cwd: app, encoding: 'utf8', env: plainEnv, timeout: CLI_GUARD_MS });
    expect(vt.status, vt.stdout + vt.stderr).toBe(0);
    expect(vt.stdout).toMatch(/Tests\s+4 passed \(4\)/);
    // And the same test fails when the model is the buggy one everywhere: vitest reports it, with the guide's rows.
    writeFileSync(join(app, 'examples', 'broken.test.ts'), `import { it } from 'vitest';
import { assert } from 'grove-check';
import queue from './mutation-queue.ts';
it('accept-newer keeps every acknowledged mutation', () => { assert(queue, { variant: 'accept-newer' }); });
`);
    const broken = spawnSync(process.execPath, [join(app, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'examples/broken.test.ts'], { cwd: app, encoding: 'utf8', env: plainEnv, timeout: CLI_GUARD_MS });
    expect(broken.status).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/violates Q1: client 1's m1 was acknowledged but never applied[\s\S]*1 Ack<m2, 1> Ok[\s\S]*replay: check\(model, \{strategy: "bfs", variant: "accept-newer"/);
  }, CLI_GUARD_MS);
});
