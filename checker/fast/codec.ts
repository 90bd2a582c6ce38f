/**
 * The fast engine's generic path: a packed kernel built from a model's state codec
 * (`model/core/codec.ts`) and its own `actions`, `step` and properties, for models without a
 * hand-written kernel.
 *
 * What it buys over the reference engine (`checker/exhaustive.ts`), which keys a `Map` by the model's
 * string fingerprint and keeps every frontier state as objects: no fingerprint strings and no `Map`
 * of them (8 bytes per seen state in the fingerprint table, `fingerprints.ts`), no state objects kept
 * beyond the one being expanded (so the garbage collector only ever sees short-lived objects), BFS
 * layers as encoded vectors. What it cannot buy: the model's step runs once per transition as in
 * the reference engine, and a state is decoded once per expansion, so a model whose step dominates
 * its reference run gains little (the bench, `npm run bench -- codec`, measures and says it).
 *
 * The kernel decodes a vector once and keeps it while the engine takes each of its actions. A model
 * whose codec offers `expand` (`CodecCapability.expand`) makes all of a state's steps in one call,
 * listing its enabled actions once and building no row (a row is built, by the model's own `step`,
 * only if it is read); without it the kernel calls `actions` once and `step` per action. Property
 * verdicts are the reference's (`checkStep`'s order: for each property, its transition check, then
 * its state check), but state properties are evaluated only on successors the engine has not seen
 * (`PackedKernel.stateCheck` says why that is sound): most transitions of these models lead to a
 * known state. For the same reason, transition properties are judged after the successor is looked
 * up (`transitionCheck`), and on a known successor a property the codec splits
 * (`CodecCapability.transitionParts`) is judged without its check of the successor alone. The watched advisory is the model's first advisory property; any further advisory
 * properties are evaluated only under `strict` (reported as not evaluated otherwise).
 */
import type { Model, Step } from '../../model/core/model.ts';
import { UsageError } from '../../model/core/model.ts';
import type { PackedCapability, PackedKernel, PackedStepInfo } from '../../model/core/capabilities.ts';
import { Interner, Sharing, WordReader, WordWriter, type CodecCapability } from '../../model/core/codec.ts';

/** The most actions one state may enable on this path (the engine keeps one byte per state for it). */
export const CODEC_MAX_ACTIONS = 256;

/** A `PackedCapability` whose kernel runs `model` through its codec. */
export function codecPacked<S>(model: Model<S>, codec: CodecCapability<S>): PackedCapability<unknown> {
  const advisories = model.properties.filter((p) => p.advisory === true).map((p) => p.id);
  return {
    kernel: () => codecKernel(model, codec) as PackedKernel,
    propertyIds: model.properties.map((p) => p.id),
    ...(advisories.length > 0 ? { advisory: advisories[0], strictOnly: advisories.slice(1) } : {}),
  };
}

function codecKernel<S>(model: Model<S>, capability: CodecCapability<S>): PackedKernel {
  const codec = capability.codec(model);
  // With the model's `expand`, a state's steps are made once, as it is expanded (`enabled`).
  const expand = capability.expand;
  let steps: readonly Step<S>[] = [];
  let stepsOf: S | null = null;
  const words = codec.words;
  const strings = new Interner();
  strings.partWords = words;
  const sharing = new Sharing();
  const writer = new WordWriter(strings, sharing);
  const reader = new WordReader(strings, sharing);
  // The codec's own judging of the model's properties, when it offers one (`CodecCapability.properties`).
  const props = capability.properties ?? model.properties;
  const watched = props.findIndex((p) => p.advisory === true);
  const info: { violated: number; advisoryG7: boolean; same: boolean } = { violated: 0, advisoryG7: false, same: false };
  // The successor `step` made last (what `stateCheck` judges), the step and the state it left (what
  // `transitionCheck` judges), and which advisories are not watched now.
  let last: S | null = null;
  let st: Step<S> | null = null;
  let before: S | null = null;
  // Per property, the part of its transition check left on a known successor (`transitionParts`),
  // unless the initial state, which no transition judged, fails a part on the successor alone.
  const parts = capability.transitionParts ?? {};
  const s0 = model.initial();
  const whole = Object.values(parts).some((x) => x.state(s0) !== null);
  const rests = props.map((p) => (whole ? undefined : parts[p.id]?.rest));
  const skipped = (p: number): boolean => props[p].advisory === true && !K.strict && (p !== watched || !K.checkG7);

  // The state being expanded: its vector (a copy) and its decoded form.
  const held = new Uint32Array(words);
  let heldState: S | null = null;
  const wordsOf = (v: Uint8Array) => new Uint32Array(v.buffer, v.byteOffset, words);
  let heldView: Uint8Array | null = null;
  // The engine writes every successor into one vector: its word view is made once.
  let outBytes: Uint8Array | null = null;
  let outWords: Uint32Array = held;
  const target = (out: Uint8Array): Uint32Array => {
    if (out === heldView) heldView = null;
    if (out !== outBytes) {
      outBytes = out;
      outWords = wordsOf(out);
    }
    return outWords;
  };
  const heldBytes = new Uint8Array(held.buffer);
  let heldWords = 0;
  const decoded = (v: Uint8Array): S => {
    // The engine passes one queue entry, never written, for `enabled` and each `step` of a state;
    // a vector this kernel writes (`target`) is forgotten as the one held. Any other vector is
    // decoded (the loop expands each state once: comparing its words with the held ones only cost).
    if (v === heldView && heldState !== null) return heldState;
    heldView = v;
    const n = v.byteLength >>> 2;
    if (n < heldWords) held.fill(0, n, heldWords);
    heldBytes.set(v);
    heldWords = n;
    heldState = codec.decode(reader.reset(held));
    return heldState;
  };

  const K: PackedKernel = {
    layout: { bytes: 4 * words, words, actors: 0 },
    maxActions: CODEC_MAX_ACTIONS,
    strict: false,
    checkG7: true,
    initial(out) {
      codec.encode(model.initial(), writer.reset(target(out)));
    },
    enabled(v, out) {
      const s = decoded(v);
      let n: number;
      if (expand !== undefined) {
        steps = expand(s);
        stepsOf = s;
        n = steps.length;
      } else n = model.actions(s).length;
      if (n > CODEC_MAX_ACTIONS) throw new UsageError(`--strategy fast: a state of '${model.name}' enables ${n} actions, more than the ${CODEC_MAX_ACTIONS} the codec path keeps; use --strategy bfs`);
      for (let i = 0; i < n; i++) out[i] = i;
      return n;
    },
    step(v, action, out): PackedStepInfo {
      before = decoded(v);
      st = stepsOf === before ? steps[action] : model.step(before, action);
      last = st.next;
      info.violated = 0;
      info.advisoryG7 = false;
      // A step that returned its own state (an exchange that moved nothing) leads to the state being
      // expanded, which is known: nothing to encode (see `PackedStepInfo.same`).
      info.same = st.next === before;
      if (!info.same) codec.encode(st.next, writer.reset(target(out)));
      return info;
    },
    transitionCheck(known): PackedStepInfo {
      const next = (st as Step<S>).next;
      info.violated = 0;
      info.advisoryG7 = false;
      for (let p = 0; p < props.length; p++) {
        const prop = props[p];
        if (prop.transition === undefined || skipped(p)) continue;
        const rest = known ? rests[p] : undefined;
        if ((rest !== undefined ? rest(before as S, st as Step<S>) : prop.transition(before as S, st as Step<S>)) === null) continue;
        if (prop.advisory === true && !K.strict) {
          info.advisoryG7 = true;
          continue;
        }
        // A state property ordered before it fails first, as in `checkStep`.
        for (let q = 0; q < p && info.violated === 0; q++) {
          const sp = props[q];
          if (sp.state !== undefined && !(sp.advisory === true && !K.strict) && sp.state(next) !== null) info.violated = q + 1;
        }
        if (info.violated === 0) info.violated = p + 1;
        break;
      }
      return info;
    },
    stateCheck(): PackedStepInfo {
      info.violated = 0;
      info.advisoryG7 = false;
      for (let p = 0; p < props.length; p++) {
        const prop = props[p];
        if (prop.state === undefined || skipped(p) || prop.state(last as S) === null) continue;
        if (prop.advisory === true && !K.strict) {
          info.advisoryG7 = true;
          continue;
        }
        info.violated = p + 1;
        break;
      }
      return info;
    },
    used: () => writer.length,
    violatesG7(v) {
      const prop = props[watched];
      return prop?.state !== undefined && prop.state(decoded(v)) !== null;
    },
  };
  return K;
}
