import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Violation } from '../../checker/outcome.ts';
import { familyByName } from '../../model/registry.ts';
import { readScenarioFileSync } from '../../scenarios/notation/index.ts';
import render from '../../scripts/commands/render.ts';
import { asciiPictureFor, writeReport } from '../index.ts';
import { drawModelScenario, drawState, pictureFor, type InfernoPicture, type MemoPicture, type ObsPicture, type SubhistoryPicture } from './index.ts';
import { stateOf } from './page.ts';

const CE = 'scenarios/counterexamples';
/** One pinned counterexample per model (the checker's own, saved by `check --save`). */
const PINNED = {
  memo: `${CE}/memo-lamport-no-tiebreak-M1-3x2.scenario`,
  obsmarkers: `${CE}/obsmarkers-full-cycle-O2-2.scenario`,
  inferno: `${CE}/inferno-current-I1-3xundefined.scenario`,
  subhistory: `${CE}/subhistory-plain-force-S1-3x2.scenario`,
} as const;

/** The last state of a pinned counterexample, drawn. */
function lastOf(file: string) {
  const d = drawModelScenario(readScenarioFileSync(file).scenarios[0], 'x', file);
  const drawn = drawState(d.model, stateOf(d.trace, d.trace.steps.length), 'test')!;
  return { d, drawn };
}

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'grove-models-'));
  dirs.push(d);
  return d;
}

describe('picture data (plain JSON) of each pinned counterexample', () => {
  it('every model with a picture is registered, Grove is not', () => {
    expect(['memo', 'subhistory', 'obsmarkers', 'inferno'].map((m) => pictureFor(m)?.model)).toEqual(['memo', 'subhistory', 'obsmarkers', 'inferno']);
    expect(pictureFor('grove')).toBeUndefined();
  });

  it.each(Object.entries(PINNED))('%s: the data survives a JSON round trip', (_m, file) => {
    const { drawn } = lastOf(file);
    expect(JSON.parse(JSON.stringify(drawn.data))).toEqual(drawn.data);
  });

  it("memo: M1's divergence, nothing in flight, every epoch seen everywhere", () => {
    const p = lastOf(PINNED.memo).drawn.data as MemoPicture;
    expect(p.quiescent).toBe(true);
    expect(p.diverged).toBe(true);
    expect(p.inFlight).toEqual([]);
    expect(p.replicas.map((r) => [r.name, r.active, r.clock])).toEqual([
      ['r1', { id: 'e1.1', ts: 1 }, 1],
      ['r2', { id: 'e2.1', ts: 1 }, 1],
      ['r3', { id: 'e1.1', ts: 1 }, 1],
    ]);
    expect(p.replicas[0].seen).toEqual([{ id: 'e0', ts: 0 }, { id: 'e1.1', ts: 1 }, { id: 'e2.1', ts: 1 }]);
  });

  it('memo: after the two creations, both epochs are in flight to the other replicas, twice each', () => {
    const { d } = lastOf(PINNED.memo);
    const p = pictureFor('memo')!.data(stateOf(d.trace, 2), d.model) as MemoPicture;
    expect(p.inFlight.map((m) => `${m.id}>${m.to}x${m.copies}`)).toEqual(['e1.1>r2x2', 'e1.1>r3x2', 'e2.1>r1x2', 'e2.1>r3x2']);
    expect(p.quiescent).toBe(false);
  });

  it("obsmarkers: the server's cycle A'->A''->A', both markers of it flagged", () => {
    const p = lastOf(PINNED.obsmarkers).drawn.data as ObsPicture;
    const server = p.repos.find((r) => r.name === 'server')!;
    expect(server.cycle).toBe("A'->A''->A'");
    expect(server.markers.filter((m) => m.cycle).map((m) => m.key)).toEqual(["A'->A''", "A''->A'"]);
    expect(server.changesets.every((c) => c.obsolete)).toBe(true);
    expect(p.repos.map((r) => r.name)).toEqual(['alice', 'bob', 'server']);
  });

  it('obsmarkers: the divergence Alice sees before resolving it', () => {
    const { d } = lastOf(PINNED.obsmarkers);
    const p = pictureFor('obsmarkers')!.data(stateOf(d.trace, 5), d.model) as ObsPicture;
    expect(p.repos[0].divergence).toEqual({ pred: 'A', succs: ["A'", "A''"] });
    expect(p.repos[0].changesets.filter((c) => c.divergent).map((c) => c.name)).toEqual(["A'", "A''"]);
  });

  it('inferno: bug 1 loses o1 from heads/o3 and leaves to_head/o1 at o2', () => {
    const p = lastOf(PINNED.inferno).drawn.data as InfernoPicture;
    expect(p.heads.find((h) => h.hash === 'o3')).toEqual({ hash: 'o3', contents: ['o2'], expected: ['o1', 'o2'], lost: ['o1'], wrong: true });
    expect(p.toHead).toEqual([
      { from: 'o1', to: 'o2', expected: 'o3', wrong: true },
      { from: 'o2', to: 'o3', expected: 'o3', wrong: false },
    ]);
    expect(p.histories).toEqual([['o1', 'o2', 'o3']]);
    expect(p.problem?.property).toBe('I1');
  });

  it('subhistory: a1 pushed, then lost to a forced push', () => {
    const p = lastOf(PINNED.subhistory).drawn.data as SubhistoryPicture;
    expect(p).toMatchObject({ remote: ['b1'], sha: '{b1}', pushed: ['a1', 'b1'], lost: ['a1'] });
    expect(p.users.map((u) => [u.name, u.local, u.fetched, u.stale])).toEqual([
      ['alice', ['a1', 'a2'], [], true],
      ['bob', ['b1', 'b2'], [], true],
      ['carol', ['c1'], [], true],
    ]);
  });
});

describe('ASCII pictures (golden)', () => {
  it('memo: epochs per replica, the divergence marked', () => {
    expect(lastOf(PINNED.memo).drawn.ascii).toBe(
      [
        'r1  active e1.1 (ts 1)  seen e0(0) e1.1(1) e2.1(1)  clock 1',
        'r2  active e2.1 (ts 1)  seen e0(0) e1.1(1) e2.1(1)  clock 1',
        'r3  active e1.1 (ts 1)  seen e0(0) e1.1(1) e2.1(1)  clock 1',
        'in flight: none',
        '✗ diverged with nothing in flight: r1=e1.1, r2=e2.1, r3=e1.1',
      ].join('\n'),
    );
  });

  it('memo: messages in flight', () => {
    const { d } = lastOf(PINNED.memo);
    const text = pictureFor('memo')!.ascii(pictureFor('memo')!.data(stateOf(d.trace, 3), d.model));
    expect(text.split('\n').slice(-1)[0]).toBe('in flight: e1.1 → r3 (×2), e2.1 → r1 (×2), e2.1 → r3 (×2)');
  });

  it("obsmarkers: one A -> A' line per marker, the cycle marked", () => {
    expect(lastOf(PINNED.obsmarkers).drawn.ascii).toBe(
      [
        "alice   visible: A'  obsolete: A A''",
        "  A -> A'",
        "  A -> A''",
        "  A'' -> A'",
        "bob     visible: A''  obsolete: A A'",
        "  A -> A'",
        "  A -> A''",
        "  A' -> A''",
        "server  visible: -  obsolete: A A' A''",
        "  A -> A'",
        "  A -> A''",
        "  A' -> A''   ✗ cycle",
        "  A'' -> A'   ✗ cycle",
        "  ✗ cycle A'->A''->A'",
      ].join('\n'),
    );
  });

  it('inferno: the /vc_store/ tree with heads/ contents and to_head/ targets', () => {
    expect(lastOf(PINNED.inferno).drawn.ascii).toBe(
      [
        '/vc_store/',
        '├── o1',
        '├── o2',
        '├── o3',
        '├── o4        unlinked',
        '├── heads',
        '│   ├── o2: o1    stale: o2 is not a head',
        '│   └── o3: o2    ✗ lost o1',
        '└── to_head',
        '    ├── o1 → o2   ✗ head is o3',
        '    └── o2 → o3',
        'true history: o1 → o2 → o3',
      ].join('\n'),
    );
  });

  it('subhistory: the remote map with its sha, each user, the lost entry', () => {
    expect(lastOf(PINNED.subhistory).drawn.ascii).toBe(
      [
        'remote refs/subhistory/map = {b1}  (sha {b1})   ✗ lost a1',
        'pushed ok: a1 b1',
        'alice  local {a1+a2}  fetched {}  lease stale  next push  ✗ a1 lost from the remote',
        'bob    local {b1+b2}  fetched {}  lease stale  next push',
        'carol  local {c1}     fetched {}  lease stale  next push',
      ].join('\n'),
    );
  });
});

describe('DOT pictures', () => {
  it("obsmarkers: the seed's style, with marker edges both ways between A' and A'' in red", () => {
    const dot = lastOf(PINNED.obsmarkers).drawn.dot;
    expect(dot).toContain('rankdir = BT');
    expect(dot).toContain('node [shape=record');
    expect(dot).toContain('subgraph "cluster_2"');
    expect(dot).toContain(`"server:A" [label="{A}", style="dashed"`);
    expect(dot).toMatch(/"server:A'" -> "server:A''" \[dir=back, style="dashed", color="#c00000"/);
    expect(dot).toMatch(/"server:A''" -> "server:A'" \[dir=back, style="dashed", color="#c00000"/);
    expect(dot).toMatch(/"alice:A" -> "alice:A'" \[dir=back, style="dashed", class="marker"\]/);
  });

  it('memo: replicas as nodes with their active epoch, in-flight messages dashed', () => {
    const { d } = lastOf(PINNED.memo);
    const p = pictureFor('memo')!;
    const dot = p.dot(p.data(stateOf(d.trace, 2), d.model));
    expect(dot).toContain('"r1" [label="{r1|active e1.1 (ts 1)|');
    expect(dot).toContain('"r1" -> "r2" [style=dashed');
    expect(dot).toContain('label="e1.1 x2"');
    expect(dot).not.toMatch(/[^\x00-\x7f]/);
  });

  it('inferno: objects → predecessors, the wrong to_head pointer and the lost history red', () => {
    const dot = lastOf(PINNED.inferno).drawn.dot;
    expect(dot).toContain('"o3" -> "o2" [label="pred"');
    expect(dot).toMatch(/"o1" -> "o2" \[style=dashed, color="#c00000".*class="to-head wrong"/);
    expect(dot).toMatch(/"heads\/o3" -> "o1" \[style=dashed, color="#c00000".*label="lost"/);
  });

  it('subhistory: the remote ref, the lost entry and the stale leases', () => {
    const dot = lastOf(PINNED.subhistory).drawn.dot;
    expect(dot).toMatch(/"entry:a1" \[label="a1".*class="entry lost"/);
    expect(dot).toContain('"alice" -> "remote" [style=dashed, color="#c00000"');
  });
});

/** Runs the checker as `grove-check check` does, for the pinned configuration. */
function violationOf(model: string, options: Parameters<ReturnType<typeof familyByName>['build']>[0], only?: string[]) {
  const m = familyByName(model).build(options);
  const o = check(m, { strategy: 'bfs', strict: true, ...(only ? { only } : {}) });
  expect(o.outcome).toBe('violation');
  return { model: m, outcome: o as Violation };
}

describe('reports of non-Grove violations (the check --report path)', () => {
  const cases = [
    ['memo', { variant: 'lamport-no-tiebreak', actors: 3, ops: 2, extra: { epochs: 1, dups: 1 } }, undefined, 'M1', 'Epochs per replica'],
    ['obsmarkers', { variant: 'full', extra: { program: 'cycle' } }, ['O2'], 'O2', 'Marker graphs per repository'],
    ['inferno', { variant: 'current', actors: 3, extra: { program: 'chain' } }, undefined, 'I1', 'The store: /vc_store/'],
    ['subhistory', { variant: 'plain-force', actors: 3, ops: 2, extra: { retries: 1 } }, undefined, 'S1', 'Commit maps: the remote ref and each user'],
  ] as const;
  it.each(cases)('%s: writeReport writes the page, the picture and the sequence', async (name, options, only, property, title) => {
    const { model, outcome } = violationOf(name, options, only ? [...only] : undefined);
    expect(outcome.property).toBe(property);
    const dir = await tmp();
    const written = await writeReport({ model: model as never, outcome, replayCommand: `grove-check check --model ${name}` }, dir);
    expect(written.files.map((f) => f.slice(dir.length + 1))).toEqual(['report.html', 'picture.dot', 'picture.svg', 'picture.txt', 'sequence.svg', 'sequence.txt', 'report.json']);
    const html = await readFile(written.html, 'utf8');
    expect(html).toContain(`${property} violated</span>: ${name}`);
    expect(html).toContain(`${title.replace(/&/g, '&amp;')}, step by step`);
    expect(html).toContain(`grove-check check --model ${name}`);
    expect(html.match(/<template id="state-\d+">/g)).toHaveLength(outcome.rows.length + 1);
    expect(html).not.toMatch(/<script src=|<link /);
    const last = outcome.path.reduce((s, i) => model.step(s, i).next, model.initial());
    expect(await readFile(join(dir, 'picture.txt'), 'utf8')).toBe(asciiPictureFor(model, last) + '\n');
    expect(await readFile(join(dir, 'picture.svg'), 'utf8')).toContain('<svg');
    expect(await readFile(join(dir, 'sequence.txt'), 'utf8')).toContain(`✗ ${property} at step ${outcome.atRow}`);
  });
});

describe('grove-check render on a saved counterexample of each model', () => {
  it.each(Object.entries(PINNED))('%s', async (name, file) => {
    const out = await tmp();
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    expect(await render([file, '--out', out])).toBe(0);
    vi.restoreAllMocks();
    const { drawn } = lastOf(file);
    expect(printed).toContain(`[${name} / `);
    expect(printed).toContain(drawn.ascii);
    expect(await readFile(join(out, 'picture.txt'), 'utf8')).toBe(drawn.ascii + '\n');
    const page = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(page.model).toBe(name);
    expect(page.meta.violation.property).toBe(readScenarioFileSync(file).scenarios[0].headers.find((h) => h.key === 'property')!.value);
  });
});

describe('the explorer draws these models (explorer/view.ts)', () => {
  it.each(Object.entries(PINNED))('%s: the picture at the cursor, with the sequence of the steps taken', async (_name, file) => {
    const { loadScenario } = await import('../../explorer/session.ts');
    const { viewOf } = await import('../../explorer/view.ts');
    const s = loadScenario(await readFile(file, 'utf8'), { name: file, at: 'end' });
    const v = viewOf(s);
    const { drawn } = lastOf(file);
    expect(v.picture).toMatchObject({ kind: 'forest', ascii: drawn.ascii, witness: [] });
    expect(v.picture.kind === 'forest' ? v.picture.sequence : '').toContain('<svg');
  });
});
