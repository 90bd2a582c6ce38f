/**
 * Helpers the models' tests share: freezing states so that a mutating step throws, checking that
 * steps are pure and deterministic, replaying actions by their printed labels, and the round trip of
 * printed rows through the notation, and a state codec's round trip. Plain functions that throw; usable from any test runner.
 */
import fc from 'fast-check';
import type { Model, Property } from './model.ts';
import { Interner, Sharing, WordReader, WordWriter, type CodecCapability } from './codec.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import { printOp, printRow } from '../../scenarios/notation/print.ts';
import { parseScenarioFile } from '../../scenarios/notation/parse.ts';

/** Freezes a value and everything in it, so that a step that mutates its input throws (strict mode). */
export function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}

/**
 * Runs random schedules and throws unless every step leaves its (frozen) input unchanged and gives
 * the same next state and row when taken twice.
 */
export function assertPureSteps<S>(model: Model<S>, options: { seed?: number; runs?: number; maxLength?: number } = {}): void {
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: options.maxLength ?? 40 }), (choices) => {
      let s = deepFreeze(model.initial());
      for (const c of choices) {
        const n = model.actions(s).length;
        if (n === 0) break;
        const before = model.fingerprint(s);
        const a = model.step(s, c % n);
        const b = model.step(s, c % n);
        if (model.fingerprint(s) !== before) throw new Error('a step changed its input state');
        if (model.fingerprint(a.next) !== model.fingerprint(b.next)) throw new Error('the same step gave two different states');
        if (printRow(a.row) !== printRow(b.row)) throw new Error(`the same step printed ${printRow(a.row)} and ${printRow(b.row)}`);
        s = deepFreeze(a.next);
      }
    }),
    { seed: options.seed ?? 5, numRuns: options.runs ?? 100 },
  );
}

/** Replays actions named `actor Op<args>`, returning the printed rows and the final state. */
export function play<S>(m: Model<S>, labels: readonly string[]): { rows: string[]; state: S } {
  let s = m.initial();
  const rows: string[] = [];
  for (const label of labels) {
    const i = m.actions(s).findIndex((a) => `${a.actor} ${printOp(a.op)}` === label);
    if (i < 0) throw new Error(`'${label}' is not enabled; enabled: ${m.actions(s).map((a) => `${a.actor} ${printOp(a.op)}`).join(' | ')}`);
    const st = m.step(s, i);
    rows.push(printRow(st.row));
    s = st.next;
  }
  return { rows, state: s };
}

/** The rows printed, parsed back by the notation and printed again (equal to `rows` printed, if all is well). */
export function roundTrip(rows: readonly Row[]): string[] {
  const text = rows.map(printRow).join('\n') + '\n';
  return parseScenarioFile(text, 'rows').scenarios[0].rows.map(printRow);
}

/** The model with only the properties `ids` (to show a broken variant breaks nothing else). */
export function onlyProperties<S>(m: Model<S>, ids: readonly string[]): Model<S> {
  return { ...m, properties: m.properties.filter((p) => ids.includes(p.id)) };
}

/**
 * Throws unless `codec` keeps the fingerprint's identity on every state breadth-first search reaches
 * within `maxStates` (`codec.ts`): `decode(encode(s))` has `s`'s fingerprint, enabled actions and
 * encoding, two states have equal encodings exactly when their fingerprints are equal, and each
 * successor of a decoded state encodes the same with its shared parts copied, and the model's
 * `expand` (its own, or `capability`'s) makes `step`'s steps, and its `transitionParts` judge as
 * their transition properties do, and its own `properties` judge as the model's. Returns the number of states checked.
 */
export function assertCodec<S>(model: Model<S>, capability: CodecCapability<S>, maxStates = 2000): number {
  const codec = capability.codec(model);
  const expand = capability.expand ?? model.capabilities?.codec?.expand;
  const parts = capability.transitionParts ?? model.capabilities?.codec?.transitionParts ?? {};
  // The codec's own judging of the properties, when it offers one: same ids, same results.
  const judged = capability.properties ?? model.capabilities?.codec?.properties;
  if (judged !== undefined && judged.map((p) => p.id).join() !== model.properties.map((p) => p.id).join()) throw new Error(`codec: its properties are ${judged.map((p) => p.id).join()}, the model's ${model.properties.map((p) => p.id).join()}`);
  const sameJudgement = (what: string, f: (p: Property<S>) => string | null | undefined) =>
    judged?.forEach((p, k) => {
      const want = f(model.properties[k]);
      if (f(p) !== want) throw new Error(`codec: its ${p.id} judges ${what} ${f(p) ?? 'ok'}, the model's ${want ?? 'ok'}`);
    });
  const strings = new Interner();
  strings.partWords = codec.words;
  const w = new WordWriter(strings);
  const r = new WordReader(strings);
  const sharing = new Sharing();
  const sharedWriter = new WordWriter(strings, sharing);
  const sharedReader = new WordReader(strings, sharing);
  const encode = (s: S, writer = w): Uint32Array => {
    const out = new Uint32Array(codec.words);
    codec.encode(s, writer.reset(out));
    return out;
  };
  const labels = (s: S) => model.actions(s).map((a) => `${a.actor} ${printOp(a.op)}`).join(' | ');
  const byPrint = new Map<string, string>();
  const byFingerprint = new Map<string, string>();
  let frontier = [model.initial()];
  while (frontier.length > 0 && byFingerprint.size < maxStates) {
    const next: S[] = [];
    for (const s of frontier) {
      const fp = model.fingerprint(s);
      if (byFingerprint.has(fp)) continue;
      const enc = encode(s);
      const key = enc.join(',');
      const back = codec.decode(r.reset(enc));
      if (model.fingerprint(back) !== fp) throw new Error(`codec: decoding changes a state: ${fp} comes back as ${model.fingerprint(back)}`);
      if (encode(back).join(',') !== key) throw new Error(`codec: a decoded state encodes differently: ${fp}`);
      if (labels(back) !== labels(s)) throw new Error(`codec: a decoded state enables other actions: ${labels(back)} instead of ${labels(s)}`);
      const other = byPrint.get(key);
      if (other !== undefined) throw new Error(`codec: two states encode alike: ${other} and ${fp}`);
      byPrint.set(key, fp);
      byFingerprint.set(fp, key);
      // The engine's way: successors of the decoded state, its parts' words copied (`Sharing`).
      const expanded = codec.decode(sharedReader.reset(enc.slice()));
      const n = model.actions(s).length;
      sameJudgement(fp, (p) => p.state?.(expanded));
      // The model's `expand`, when it has one: the same steps as `step`, their rows made on reading.
      const steps = expand?.(expanded);
      if (steps !== undefined && steps.length !== n) throw new Error(`codec: expand makes ${steps.length} steps of ${fp}, which enables ${n} actions`);
      for (let i = 0; i < n; i++) {
        if (steps !== undefined) {
          const want = model.step(expanded, i);
          const got = steps[i];
          if (model.fingerprint(got.next) !== model.fingerprint(want.next)) throw new Error(`codec: expand's step ${i} of ${fp} reaches ${model.fingerprint(got.next)}, step reaches ${model.fingerprint(want.next)}`);
          if (JSON.stringify(got.effect) !== JSON.stringify(want.effect)) throw new Error(`codec: expand's step ${i} of ${fp} has effect ${JSON.stringify(got.effect)}, step ${JSON.stringify(want.effect)}`);
          if (printRow(got.row) !== printRow(want.row)) throw new Error(`codec: expand's step ${i} of ${fp} prints ${printRow(got.row)}, step ${printRow(want.row)}`);
        }
        const st = model.step(expanded, i);
        // On the engine's step: expand's, when the model has one.
        sameJudgement(`step ${i} of ${fp}`, (p) => p.transition?.(expanded, steps?.[i] ?? st));
        for (const [id, part] of Object.entries(parts)) {
          const whole = model.properties.find((p) => p.id === id)?.transition?.(expanded, st);
          if (whole === undefined) throw new Error(`codec: transitionParts names ${id}, which is no transition property`);
          const split = part.state(st.next) ?? part.rest(expanded, st);
          if (whole !== split) throw new Error(`codec: ${id}'s parts judge step ${i} of ${fp} ${split ?? 'ok'}, its transition ${whole ?? 'ok'}`);
        }
        const succ = st.next;
        if (encode(succ, sharedWriter).join(',') !== encode(succ).join(',')) throw new Error(`codec: a successor of ${fp} encodes differently when its shared parts are copied`);
        next.push(model.step(s, i).next);
      }
    }
    frontier = next;
  }
  return byFingerprint.size;
}
