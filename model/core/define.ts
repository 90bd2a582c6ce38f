/**
 * `defineModel`: a model family from plain parts, for protocols that live outside this project (a
 * user's `--model ./my-protocol.ts`, or a vitest test calling `check`).
 *
 * The parts are the state, the actors' enabled actions, `step`, properties with witnesses, and
 * optionally symmetry (`canonical`) and footprints (on each action). Ops and results are written in
 * the seeds' notation as text (`'Push<m1>'`, `'Ok'`, `'Err(gap)'`, `'?'`). The family checks the two
 * rules every model keeps (model.ts) while it runs: a `step` that mutates its input, or an `actions`
 * list whose order depends on anything but the state, stops the check with a `ModelFileError` that
 * names the model's file (when it was loaded from one) and what to fix.
 */
import { UsageError, type Action, type Model, type ModelFamily, type ModelOptions, type Property, type Step } from './model.ts';
import type { Op, Result, Row } from '../../scenarios/notation/types.ts';
import { printRow } from '../../scenarios/notation/print.ts';

/** The configuration a defined model is built with: variant, actors, ops and any `--set` options. */
export interface ModelConfig {
  readonly variant: string;
  readonly actors: number;
  readonly ops: number;
  readonly [option: string]: string | number | boolean;
}

/**
 * One enabled action, as a model's `Action` with the op written as text (`'Push<m1>'`): who takes it,
 * and optionally what it touches (`footprint`) and whether it is a fault.
 */
export interface ActionPart extends Omit<Action, 'op'> {
  readonly op: string;
}

/** What `step` returns: the next state, the result the actor saw (`'Ok'`, `'Err(dup)'`, `'?'`) and any effect data. */
export interface StepPart<S> {
  readonly next: S;
  readonly result?: string;
  readonly effect?: unknown;
}

/** A property: a state property returns a witness message when a state violates it, else null. */
export interface PropertyPart<S> {
  readonly id: string;
  readonly title: string;
  readonly advisory?: boolean;
  readonly state?: (s: S) => string | null;
  /** A transition property: a witness message when the step `before → after` (which printed `row`) violates it. */
  readonly transition?: (before: S, after: S, row: string, effect: unknown) => string | null;
}

/** The plain parts of a model. */
export interface ModelParts<S> {
  /** The family's name (`mutation-queue`); a model loaded from a file is known by its path instead. */
  readonly name: string;
  readonly title?: string;
  /** Variant name → one-line description. The first is the default. Default: `{ default: '' }`. */
  readonly variants?: Readonly<Record<string, string>>;
  /** Default actors and ops per actor (default 2 and 2). */
  readonly actors?: number;
  readonly ops?: number;
  /** The initial state of a configuration. */
  initial(config: ModelConfig): S;
  /** The enabled actions in a state, in an order that depends on the state alone; empty when terminal. */
  actions(s: S, config: ModelConfig): readonly ActionPart[];
  /** Takes `action` (one of `actions(s)`); returns a new state and never mutates `s`. */
  step(s: S, action: ActionPart, config: ModelConfig): StepPart<S>;
  readonly properties: readonly PropertyPart<S>[];
  /** Optional symmetry: a canonical representative of `s`'s orbit (actors are interchangeable). */
  canonical?(s: S): S;
  /** Optional: a cheaper canonical key than the default (`JSON.stringify` of the state). */
  fingerprint?(s: S): string;
}

/** A mistake in a user's model (a missing part, a mutating `step`, an unstable `actions` order): exit 2. */
export class ModelFileError extends UsageError {}

/** A family built by `defineModel`; `source` is the file it was loaded from, set by the loader. */
export interface DefinedFamily<S> extends ModelFamily<S> {
  source?: string;
  readonly parts: ModelParts<S>;
}

/**
 * Builds a model family from plain parts. Throws a `ModelFileError` for a missing or mistyped part.
 *
 * @example
 * export default defineModel({ name: 'counter', initial: () => ({ n: 0 }), actions: (s) => s.n < 2 ? [{ actor: '1', op: 'Inc' }] : [],
 *   step: (s) => ({ next: { n: s.n + 1 }, result: 'Ok' }), properties: [{ id: 'P1', title: 'n ≤ 2', state: (s) => s.n <= 2 ? null : `n is ${s.n}` }] });
 */
export function defineModel<S>(parts: ModelParts<S>): DefinedFamily<S> {
  const missing = (['name', 'initial', 'actions', 'step', 'properties'] as const).filter((k) => parts?.[k] === undefined);
  if (missing.length > 0) throw new ModelFileError(`defineModel: missing ${missing.join(', ')} (a model needs name, initial, actions, step and properties)`);
  for (const k of ['initial', 'actions', 'step'] as const) {
    if (typeof parts[k] !== 'function') throw new ModelFileError(`defineModel: '${k}' must be a function, got ${typeof parts[k]}`);
  }
  if (!Array.isArray(parts.properties)) throw new ModelFileError(`defineModel: 'properties' must be an array of { id, title, state or transition }`);
  for (const [i, p] of parts.properties.entries()) {
    if (typeof p?.id !== 'string' || typeof p.title !== 'string' || (p.state === undefined && p.transition === undefined)) {
      throw new ModelFileError(`defineModel: properties[${i}] needs an id, a title and a state or transition function`);
    }
  }
  const variants = Object.entries(parts.variants ?? { default: '' }).map(([name, title]) => ({ name, title }));
  const family: DefinedFamily<S> = {
    name: parts.name,
    title: parts.title ?? parts.name,
    variants,
    properties: parts.properties.map((p) => ({ id: p.id, title: p.title, ...(p.advisory ? { advisory: true } : {}) })),
    defaultVariant: variants[0].name,
    parts,
    build: (options) => buildModel(family, options),
  };
  return family;
}

function buildModel<S>(family: DefinedFamily<S>, options: ModelOptions): Model<S> {
  const parts = family.parts;
  const variant = options.variant ?? family.defaultVariant;
  if (!family.variants.some((v) => v.name === variant)) {
    throw new UsageError(`unknown variant '${variant}' for model ${family.name}; known: ${family.variants.map((v) => v.name).join(', ')}`);
  }
  const config: ModelConfig = { ...options.extra, variant, actors: options.actors || parts.actors || 2, ops: options.ops || parts.ops || 2 };
  // `file:line:column: what (cause)`, the position being the user's line the error came from, when known.
  const fail = (what: string, e?: unknown): never => {
    const at = e instanceof Error ? userFrame(e, family.source) : undefined;
    const where = at ?? family.source ?? `model ${family.name}`;
    throw new ModelFileError(`${where}: ${what}${e instanceof Error ? ` (${e.message.split('\n')[0]})` : ''}`);
  };
  const fingerprint = parts.fingerprint ?? ((s: S) => JSON.stringify(s));
  const enabled = (s: S): Action[] => {
    let list: readonly ActionPart[];
    try {
      list = parts.actions(s, config);
    } catch (e) {
      return fail('actions threw', e);
    }
    if (!Array.isArray(list)) fail(`actions must return an array of { actor, op }, got ${typeof list}`);
    // The order must depend on the state alone: ask again, on a copy, and compare.
    const again = parts.actions(deepFreeze(structuredClone(s)), config);
    const key = (l: readonly ActionPart[]): string => l.map((a) => `${a.actor} ${a.op}`).join('\n');
    if (key(list) !== key(again)) fail(`actions returned a different list or order for the same state; derive the order from the state alone (not a counter, a clock, Math.random or object identity)`);
    return list.map((a) => {
      if (typeof a?.actor !== 'string' || typeof a.op !== 'string') fail(`every action needs an actor and an op as text, got ${JSON.stringify(a)}`);
      return { actor: a.actor, op: parseOp(a.op), ...(a.footprint ? { footprint: a.footprint } : {}), ...(a.fault ? { fault: a.fault } : {}) };
    });
  };
  const step = (s: S, index: number): Step<S> => {
    const action = parts.actions(s, config)[index];
    if (action === undefined) fail(`no enabled action number ${index}`);
    let out: StepPart<S>;
    try {
      out = parts.step(s, action, config);
    } catch (e) {
      if (e instanceof TypeError && /read.only|not extensible|Cannot (assign|add|delete|define)/i.test(e.message)) {
        return fail(`step mutates its input state on '${action.actor} ${action.op}'; return a new state instead`, e);
      }
      return fail(`step threw on '${action.actor} ${action.op}'`, e);
    }
    if (out === null || typeof out !== 'object' || !('next' in out)) fail(`step must return { next, result }, got ${JSON.stringify(out)}`);
    const row: Row =
      action.fault === 'crash' || action.fault === 'restart'
        ? { kind: 'fault', actor: action.actor, fault: action.fault }
        : { kind: 'call', actor: action.actor, op: parseOp(action.op), result: parseResult(action.fault === 'lost-reply' ? '?' : (out.result ?? 'Ok')) };
    return { next: deepFreeze(out.next), row, ...(out.effect !== undefined ? { effect: out.effect } : {}) };
  };
  const properties: Property<S>[] = parts.properties.map((p) => ({
    id: p.id,
    title: p.title,
    ...(p.advisory ? { advisory: true } : {}),
    ...(p.state ? { state: p.state } : {}),
    ...(p.transition ? { transition: (before: S, st: Step<S>) => p.transition!(before, st.next, printRow(st.row), st.effect) } : {}),
  }));
  return {
    name: family.name,
    variant,
    config: { ...options.extra, actors: config.actors, ops: config.ops },
    initial: () => deepFreeze(parts.initial(config)),
    actions: enabled,
    step,
    fingerprint,
    properties,
    ...(parts.canonical ? { canonical: (s: S) => deepFreeze(parts.canonical!(s)) } : {}),
  };
}

/** Freezes a state and everything in it, so that a `step` that mutates it fails where it does. */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** `file:line:column` of the first stack frame in the user's file, if there is one. */
function userFrame(e: Error, source: string | undefined): string | undefined {
  const file = source?.replace(/^\.\//, '');
  if (file === undefined) return undefined;
  const frame = (e.stack ?? '').split('\n').find((l) => l.includes(file));
  const m = /:(\d+):(\d+)\)?\s*$/.exec(frame ?? '');
  return m === null ? undefined : `${source}:${m[1]}:${m[2]}`;
}

const opCache = new Map<string, Op>();

/** `'Push<m1, 2>'` as an `Op`. */
function parseOp(text: string): Op {
  let op = opCache.get(text);
  if (op === undefined) {
    const m = /^([A-Za-z_][\w-]*)(?:<(.*)>)?$/.exec(text.trim());
    if (m === null) throw new ModelFileError(`an op must read Name or Name<arg, arg>, got '${text}'`);
    op = { name: m[1], args: m[2] === undefined || m[2].trim() === '' ? [] : m[2].split(',').map((a) => a.trim()) };
    opCache.set(text, op);
  }
  return op;
}

/** `'Ok'`, `'Ok(x)'`, `'Err'`, `'Err(x)'`, `'Err: message'` or `'?'` as a `Result`. */
function parseResult(text: string): Result {
  const t = text.trim();
  if (t === '?') return { kind: 'unknown' };
  const m = /^(Ok|Err)(?:\((.*)\)|: (.*))?$/.exec(t);
  if (m === null) throw new ModelFileError(`a result must read Ok, Ok(x), Err, Err(x), Err: message or ?, got '${text}'`);
  const kind = m[1] === 'Ok' ? 'ok' : 'err';
  if (m[2] !== undefined) return { kind, value: m[2] } as Result;
  if (m[3] !== undefined && kind === 'err') return { kind: 'err', message: m[3] };
  return { kind } as Result;
}
