/**
 * The explorer's session logic without a browser: undo/redo as a cursor over an immutable timeline,
 * property status after each step, loading scenarios and counterexamples, saving them back, and
 * "find a bug from here".
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../model/core/model.ts';
import { check } from '../checker/check.ts';
import { ParseError } from '../scenarios/notation/errors.ts';
import { parseScenarioFile } from '../scenarios/notation/parse.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { runScenario } from '../checker/scenarios.ts';
import { buildModel, DEFAULT_CONFIG, familyInfos, readConfig, type ExploreConfig } from './config.ts';
import { LOGID_G6_LABELS } from './drive.ts';
import { findBug } from './find.ts';
import { scenarioText } from './scenario.ts';
import { applyRow, enabled, fire, firstViolation, goto, loadScenario, propertyStatus, redo, rowsTaken, startSession, undo, type Session } from './session.ts';
import { viewOf } from './view.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const G6_FILE = 'scenarios/counterexamples/grove-logid-check-G6-2x1.scenario';
const G6_ROWS = ['1 Pull<main> Ok(a@0)', '2 Pull<main> Ok(a@0)', '1 Append<a@1> Ok', '1 Check<main, a> Ok', '2 Append<a@1> Err: conflict', '2 Branch<a@0, c> Ok', '2 CAS<main, a, c> Ok'];
const G6_MESSAGE = 'acknowledged commit 1.1 left the history of main through a CAS by actor 2 that expected a@0, which does not contain it';
const logid: ExploreConfig = { ...DEFAULT_CONFIG, variant: 'logid-check', actors: 2, ops: 1 };

/** Fires the enabled (non-fault) action labelled `label` (`1 Pull<main>`). */
function fireLabel(s: Session, label: string): Session {
  const i = enabled(s).findIndex((a) => a.fault === undefined && `${a.actor} ${a.op.name}<${a.op.args.join(', ')}>` === label);
  if (i < 0) throw new Error(`no enabled step ${label}`);
  return fire(s, i);
}

const texts = (s: Session) => rowsTaken(s).map(printRow);
const violated = (s: Session) => propertyStatus(s).filter((p) => p.status === 'violated').map((p) => p.id);

describe('undo and redo', () => {
  it('moves a cursor over the timeline; a new step drops the redo stack', () => {
    const s0 = startSession(logid);
    const s3 = ['1 Pull<main>', '2 Pull<main>', '1 Append<a@1>'].reduce(fireLabel, s0);
    expect(texts(s3)).toEqual(G6_ROWS.slice(0, 3));
    const s1 = undo(undo(s3));
    expect(s1.cursor).toBe(1);
    expect(s1.timeline.length).toBe(3);
    expect(texts(s1)).toEqual(G6_ROWS.slice(0, 1));
    const s2 = redo(s1);
    expect(texts(s2)).toEqual(G6_ROWS.slice(0, 2));
    // Redo reuses the step taken, never recomputes it.
    expect(s2.timeline[1]).toBe(s3.timeline[1]);
    const other = fireLabel(s1, '1 Append<a@1>');
    expect(other.timeline.length).toBe(2);
    expect(other.cursor).toBe(2);
    expect(() => redo(other)).toThrow('nothing to redo');
    expect(goto(s3, 0).cursor).toBe(0);
    expect(texts(goto(goto(s3, 0), 3))).toEqual(G6_ROWS.slice(0, 3));
  });

  it('never changes the session it is given', () => {
    const s0 = startSession(logid);
    const before = JSON.stringify({ t: s0.timeline, c: s0.cursor, i: s0.initial });
    const s1 = fire(s0, 0);
    undo(s1);
    expect(JSON.stringify({ t: s0.timeline, c: s0.cursor, i: s0.initial })).toBe(before);
    expect(s1.cursor).toBe(1);
  });

  it('refuses what cannot be done, with a UsageError saying why', () => {
    const s0 = startSession(logid);
    expect(() => undo(s0)).toThrow(new UsageError('nothing to undo: this is the initial state'));
    expect(() => redo(s0)).toThrow(UsageError);
    expect(() => fire(s0, 2)).toThrow('index must be a whole number from 0 to 1, got 2');
    expect(() => fire(s0, 0.5)).toThrow(UsageError);
    expect(() => goto(s0, 1)).toThrow('step must be a whole number from 0 to 0, got 1');
    const done = LOGID_G6_LABELS.reduce(fireLabel, s0);
    expect(enabled(done)).toEqual([]);
    expect(() => fire(done, 0)).toThrow('no step is enabled here (every actor is done)');
  });
});

describe('property status', () => {
  it('logid-check: G6 is violated exactly at the seventh clicked step, and ok again after undo', () => {
    let s = startSession(logid);
    for (const [k, label] of LOGID_G6_LABELS.entries()) {
      expect(violated(s)).toEqual([]);
      s = fireLabel(s, label);
      expect(s.cursor).toBe(k + 1);
    }
    expect(texts(s)).toEqual(G6_ROWS);
    expect(violated(s)).toEqual(['G6']);
    const g6 = propertyStatus(s).find((p) => p.id === 'G6')!;
    expect(g6).toMatchObject({ status: 'violated', step: 7, now: true, advisory: false, message: G6_MESSAGE });
    expect(firstViolation(s)).toEqual({ property: 'G6', message: G6_MESSAGE, step: 7 });
    const v = viewOf(s);
    expect(v.rows.filter((r) => r.violating).map((r) => r.step)).toEqual([7]);
    expect(v.picture.kind === 'forest' && v.picture.witness).toEqual(['a1']);
    const back = undo(s);
    expect(violated(back)).toEqual([]);
    expect(firstViolation(back)).toBeUndefined();
    expect(viewOf(back).rows.some((r) => r.violating)).toBe(false);
    expect(viewOf(back).picture).toMatchObject({ kind: 'forest', witness: [] });
  });

  it('marks advisory properties: G7 on lsn-cas with a lost reply is reported, not a violation', () => {
    const s = loadScenario(read('scenarios/counterexamples/grove-lsn-cas-G7-2x2-f1.scenario'), { name: 'g7' });
    const g7 = propertyStatus(s).find((p) => p.id === 'G7')!;
    expect(g7).toMatchObject({ status: 'violated', advisory: true, step: 5, message: 'commit 1.1 was reported failed, but it is visible through main' });
    expect(firstViolation(s)).toBeUndefined();
    expect(viewOf(s).rows[2]).toMatchObject({ text: '1 CAS<main, a@0, a@1> ?', fault: 'lost-reply' });
  });

  it('offers fault steps when faults are on, and they print as faults', () => {
    const s0 = startSession(readConfig({ variant: 'lsn-cas', actors: 1, ops: 1, maxLostReplies: 1, maxCrashes: 1 }));
    expect(enabled(s0).map((a) => `${a.actor} ${a.op.name}${a.fault ? ` [${a.fault}]` : ''}`)).toEqual(['1 Pull', '1 crash [crash]']);
    const s1 = fire(s0, 0);
    const lost = enabled(s1).findIndex((a) => a.fault === 'lost-reply');
    const s2 = fire(s1, lost);
    expect(texts(s2)[1]).toBe('1 Append<a@1> ?');
    expect(s2.timeline[1].fault).toBe('lost-reply');
    const crashed = fire(s0, 1);
    expect(texts(crashed)).toEqual(['1 crash']);
  });

  it('opens every family and variant the registry lists, and steps it (a contract for new models)', () => {
    for (const f of familyInfos()) {
      for (const v of f.variants) {
        let s: Session = startSession(readConfig({ model: f.name, variant: v.name, actors: 2, ops: 1 }));
        for (let k = 0; k < 3 && enabled(s).length > 0; k++) s = fire(s, enabled(s).length - 1);
        const view = viewOf(s);
        expect({ model: f.name, variant: v.name, cursor: view.cursor }).toEqual({ model: f.name, variant: v.name, cursor: s.timeline.length });
        expect(JSON.parse(JSON.stringify(view)).properties.length).toBe(s.model.properties.length);
        if (s.cursor > 0) expect(undo(s).cursor).toBe(s.cursor - 1);
        // What it saves loads back to the same rows.
        expect({ model: f.name, variant: v.name, rows: texts(loadScenario(scenarioText(s))) }).toEqual({ model: f.name, variant: v.name, rows: texts(s) });
      }
    }
  });

  it('draws other models as their own picture (reports/models/), with their own properties', () => {
    const s = startSession(readConfig({ model: 'memo' }));
    expect(s.config.variant).toBe('lamport-tiebreak');
    const v = viewOf(fire(s, 0));
    expect(v.picture.kind).toBe('forest');
    expect(v.picture.kind === 'forest' ? v.picture.ascii : '').toMatch(/^r1  active e1\.1 \(ts 1\)/);
    expect(v.properties.map((p) => p.id)).toEqual(buildModel(s.config).properties.map((p) => p.id));
  });
});

describe('loading scenarios', () => {
  it('loads the saved logid-check counterexample, at the end or at the start', () => {
    const end = loadScenario(read(G6_FILE), { name: G6_FILE });
    expect(end.config).toMatchObject({ model: 'grove', variant: 'logid-check', actors: 2, ops: 1 });
    expect(texts(end)).toEqual(G6_ROWS);
    expect(firstViolation(end)?.property).toBe('G6');
    expect(end.source).toBe(G6_FILE);
    expect(end.notice).toBe('loaded 7 rows');
    // The loaded steps are the program's own, so the session can go on from any of them.
    expect(end.timeline.map((e) => e.action)).toEqual([0, 1, 0, 0, 0, 0, 0]);
    const start = loadScenario(read(G6_FILE), { at: 'start' });
    expect(start.cursor).toBe(0);
    expect(violated(start)).toEqual([]);
    let s = start;
    for (let k = 0; k < 7; k++) s = redo(s);
    expect(violated(s)).toEqual(['G6']);
  });

  it('saves what it loads back to the same text, and the runner replays it as written', () => {
    const s = LOGID_G6_LABELS.reduce(fireLabel, startSession(logid));
    const text = scenarioText(s, 'explored-g6');
    expect(text).toContain('expect: violation(G6)\n');
    expect(text).toContain(`note: ${G6_MESSAGE}\n`);
    const again = loadScenario(text);
    expect(texts(again)).toEqual(G6_ROWS);
    expect(scenarioText(again, 'explored-g6')).toBe(text);
    const run = runScenario(parseScenarioFile(text, 'saved').scenarios[0]);
    expect(run).toMatchObject({ verdict: 'violation(G6)', asExpected: true });
    // Only the steps taken are saved: after an undo, the file expects ok and the runner agrees.
    const undone = scenarioText(undo(s), 'explored-ok');
    expect(undone).toContain('expect: ok\n');
    expect(runScenario(parseScenarioFile(undone, 'saved').scenarios[0])).toMatchObject({ verdict: 'ok', asExpected: true });
  });

  it('keeps a written result the model disagrees with beside the model’s', () => {
    const s = loadScenario(read(G6_FILE).replace('2 Append<a@1> Err: conflict', '2 Append<a@1> Ok'));
    expect(viewOf(s).rows[4]).toMatchObject({ text: '2 Append<a@1> Err: conflict', written: '2 Append<a@1> Ok' });
    expect(s.notice).toBe("loaded 7 rows; 1 written result differs from the model's");
  });

  it('stops at a row the model cannot take, keeping the rows before it', () => {
    const s = loadScenario(read(G6_FILE).replace('1 Check<main, a> Ok', '1 CAS<main, a, b> Ok'));
    expect(texts(s)).toEqual(G6_ROWS.slice(0, 3));
    expect(s.notice).toMatch(/^stopped after 3 of 7 rows: pasted scenario:\d+:1: actor 1's next step is Check<main, a>, not CAS<main, a, b>$/);
  });

  it('steps scripted actors through a seed table and takes typed rows', () => {
    const s = loadScenario(read('scenarios/seed/000-push.scenario'), { name: 'seed' });
    expect(s.config).toMatchObject({ actors: 0, ops: 0 });
    expect(texts(s)).toEqual(['1 Append<a> Ok', '1 Check<main, a> Ok']);
    expect(s.notice).toContain('scenario 1 of');
    const row = parseScenarioFile('2 Check<main, b> Ok', 'row').scenarios[0].rows[0];
    const next = applyRow(s, row);
    expect(texts(next)[2]).toBe('2 Check<main, b> Err(a@0)');
    expect(next.timeline[2].written).toBeDefined();
    expect(next.timeline[2].action).toBeNull();
  });

  it('refuses malformed text, empty files and concurrent histories', () => {
    expect(() => loadScenario('1 Frobnicate Okay', { name: 'bad.scenario' })).toThrow(ParseError);
    expect(() => loadScenario('\n\n', { name: 'empty.scenario' })).toThrow('empty.scenario: no scenario in it (no headers and no rows)');
    expect(() => loadScenario('model: grove\n\n1 Check<main, a> ...\n1 ... Ok\n')).toThrow(/concurrent history/);
    expect(() => loadScenario('model: nope\n\n1 Append<a> Ok\n')).toThrow(/unknown model 'nope'/);
  });
});

describe('find a bug from here', () => {
  it('logid-check from the initial state: G6, with the counterexample breadth-first search finds', () => {
    const { session, result } = findBug(startSession(logid), { seconds: 10 });
    expect(result).toMatchObject({ outcome: 'violation', strategy: 'bfs', property: 'G6', message: G6_MESSAGE, added: 7 });
    const direct = check(buildModel(logid), { strategy: 'bfs' });
    expect(direct.outcome === 'violation' && direct.rows.map(printRow)).toEqual(texts(session));
    expect(texts(session)).toEqual(G6_ROWS);
    expect(session.cursor).toBe(7);
    expect(firstViolation(session)?.property).toBe('G6');
  });

  it('from the middle of a run: the rows taken stay, the counterexample is appended', () => {
    const here = ['1 Pull<main>', '2 Pull<main>'].reduce(fireLabel, startSession(logid));
    const { session, result } = findBug(here);
    expect(result).toMatchObject({ outcome: 'violation', property: 'G6', added: 5 });
    expect(texts(session)).toEqual(G6_ROWS);
    expect(session.cursor).toBe(7);
    expect(firstViolation(session)).toMatchObject({ property: 'G6', step: 7 });
    expect(session.notice).toBe(`G6 violated 5 steps from step 2 (found by bfs): ${G6_MESSAGE}`);
  });

  it('searches from the current state, not from the start: once push 1.1 is confirmed before actor 2 reads, no G6', () => {
    const here = ['1 Pull<main>', '1 Append<a@1>', '1 Check<main, a>'].reduce(fireLabel, startSession(logid));
    const { session, result } = findBug(here);
    expect(result).toMatchObject({ outcome: 'pass', strategy: 'bfs' });
    expect(result.summary).toMatch(/^no violation reachable from step 3: breadth-first search explored all \d+ states/);
    expect(session.timeline).toBe(here.timeline);
    expect(session.notice).toBe(result.summary);
  });

  it('lsn-cas: a pass, covering exactly the states the checker sees', () => {
    const config = { ...logid, variant: 'lsn-cas' };
    const { session, result } = findBug(startSession(config), { seconds: 10 });
    const direct = check(buildModel(config), { strategy: 'bfs' });
    expect(result).toMatchObject({ outcome: 'pass', strategy: 'bfs', states: direct.stats.states });
    expect(result.summary).toBe(`no violation reachable from step 0: breadth-first search explored all ${direct.stats.states} states (depth ${direct.stats.depth})`);
    expect(session.cursor).toBe(0);
  });

  it('says what it covered when the budget runs out', () => {
    const { result } = findBug(startSession({ ...logid, variant: 'lsn-cas', actors: 4, ops: 3 }), { seconds: 0.4 });
    expect(result.outcome).toBe('inconclusive');
    expect(result.states).toBeGreaterThan(0);
    expect(result.runs).toBeGreaterThan(0);
    expect(result.summary).toMatch(/^inconclusive: no violation found in 0.4 s from step 0/);
  });

  it('refuses a budget that is not a positive number of seconds', () => {
    expect(() => findBug(startSession(logid), { seconds: 0 })).toThrow(UsageError);
    expect(() => findBug(startSession(logid), { seconds: 601 })).toThrow('seconds must be a number greater than 0 and at most 600, got 601');
  });
});
