/**
 * Model options as a schema: each option says once its configuration key, its command-line flag, its
 * scenario header, its type, its default and its range. From this one list come the flags of
 * `grove-check check`, the headers `--save` writes (`checker/save.ts`), the scenario reader
 * (`checker/scenarios.ts`), the `--set KEY=VALUE` parser and the explorer's form limits; a value out of
 * range is a `UsageError` before any work starts.
 *
 * `MODEL_OPTIONS` are the options with a flag and a header of their own (every family reads those it
 * knows from `ModelOptions`); a family may declare more in `ModelFamily.options`, which are given with
 * `--set key=value` on the command line and `set: key=value` in a scenario file.
 */
import { UsageError } from './model.ts';

/** A value a model option takes. */
export type OptionValue = string | number | boolean;

/** One model option (see the module comment). */
export interface OptionSpec {
  /** The key in `ModelOptions` (`actors`, `ops`, `variant`) or in `ModelOptions.extra` (`maxCrashes`). */
  readonly name: string;
  /** The command-line flag, without dashes (`max-crashes`). */
  readonly flag: string;
  /** The scenario-file header (`max-crashes`). */
  readonly header: string;
  /** `int` (a whole number in `[min, max]`), `boolean` (a switch; `true` in a header) or `string`. */
  readonly type: 'int' | 'boolean' | 'string';
  /** The value when the option is not given: undefined leaves it to the family. */
  readonly default?: OptionValue;
  /** Smallest whole number accepted (int). */
  readonly min?: number;
  /** Largest whole number accepted (int): every size has a bound, checked before any work. */
  readonly max?: number;
  /** The values accepted (string), when the option is one of a fixed set. */
  readonly values?: readonly string[];
  /** What the flag's argument is called in the usage text (`N`, `OPS`). */
  readonly arg?: string;
  /** One line of help, as `--help` prints it. */
  readonly help: string;
  /** Where the value goes: `ModelOptions` itself (`top`) or its `extra` record. */
  readonly place: 'top' | 'extra';
}

/** Largest number of actors any command accepts: a bound on the size of a state, checked first. */
export const MAX_ACTORS = 64;
/** Largest number of ops per actor any command accepts. */
export const MAX_OPS = 1000;
/** Largest fault bound (lost replies, crashes, faults in all). */
export const MAX_FAULTS = 100;

/** The options with a flag and a header of their own, in the order `--help` lists them. */
export const MODEL_OPTIONS: readonly OptionSpec[] = [
  { name: 'variant', flag: 'variant', header: 'variant', type: 'string', arg: 'V', place: 'top', help: "protocol variant, or a path to a variant file (default: the model's)" },
  { name: 'actors', flag: 'actors', header: 'actors', type: 'int', min: 0, max: MAX_ACTORS, arg: 'N', place: 'top', help: "program-driven actors (default: the model's; grove 3)" },
  { name: 'ops', flag: 'ops', header: 'ops', type: 'int', min: 0, max: MAX_OPS, arg: 'N', place: 'top', help: "client ops per actor (default: the model's; grove 2)" },
  { name: 'program', flag: 'program', header: 'program', type: 'string', arg: 'OPS', place: 'extra', help: 'client ops, comma-separated, cycled per actor (grove: push, force-push, pull)' },
  { name: 'maxLostReplies', flag: 'max-lost-replies', header: 'max-lost-replies', type: 'int', min: 0, max: MAX_FAULTS, arg: 'N', place: 'extra', help: 'grove: at most N replies lost per schedule (the remote applied the op)' },
  { name: 'maxCrashes', flag: 'max-crashes', header: 'max-crashes', type: 'int', min: 0, max: MAX_FAULTS, arg: 'N', place: 'extra', help: 'grove: at most N actor crashes (and restarts) per schedule' },
  { name: 'maxFaults', flag: 'max-faults', header: 'max-faults', type: 'int', min: 0, max: MAX_FAULTS, arg: 'N', place: 'extra', help: 'grove: at most N faults of either kind (default: the sum of the two)' },
  { name: 'collide', flag: 'collide', header: 'collide', type: 'boolean', place: 'extra', help: "grove: every actor's k-th commit has the same content (same identity)" },
];

/** The spec of configuration key `name` among `specs`, if any. */
export function optionNamed(name: string, specs: readonly OptionSpec[] = MODEL_OPTIONS): OptionSpec | undefined {
  return specs.find((s) => s.name === name);
}

/**
 * Reads the text of option `spec` (a flag's argument or a header's value) as its type, within its
 * range. `where` names the source in the error (`--actors`, `header 'actors'`). Throws `UsageError`.
 */
export function readOption(spec: OptionSpec, text: string, where: string): OptionValue {
  const t = text.trim();
  if (spec.type === 'boolean') {
    if (t === 'true' || t === '') return true;
    if (t === 'false') return false;
    throw new UsageError(`${where} takes true or false, got '${text}'`);
  }
  if (spec.type === 'string') {
    if (spec.values !== undefined && !spec.values.includes(t)) throw new UsageError(`${where} must be one of ${spec.values.join(', ')}, got '${text}'`);
    return t;
  }
  if (!/^-?\d+$/.test(t)) throw new UsageError(`${where} takes a whole number, got '${text}'`);
  return checkRange(spec, Number(t), where);
}

/** `n` when it lies in `spec`'s range, else a `UsageError` naming the range. */
export function checkRange(spec: Pick<OptionSpec, 'min' | 'max'>, n: number, where: string): number {
  if (spec.min !== undefined && n < spec.min) throw new UsageError(`${where} must be at least ${spec.min}, got ${n}`);
  if (spec.max !== undefined && n > spec.max) throw new UsageError(`${where} must be at most ${spec.max}, got ${n}`);
  return n;
}

/**
 * The value of one `KEY=VALUE` pair (`--set`, a `set:` header): read by its spec when the family
 * declares one, else numbers and booleans parsed and anything else kept as text. `where` names the
 * source in errors. The one `--set` parser of the project.
 */
export function readSetting(pair: string, where: string, specs: readonly OptionSpec[] = []): [string, OptionValue] {
  const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(pair);
  if (m === null) throw new UsageError(`${where} takes KEY=VALUE, got '${pair}'`);
  const [, key, v] = m;
  const spec = optionNamed(key, specs);
  if (spec !== undefined) return [key, readOption(spec, v, `${where} ${key}`)];
  return [key, /^-?\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v];
}

/**
 * Options read from a lookup of texts by spec (a parsed command line, a scenario's headers) into
 * `ModelOptions` form: `top` options as they are, the others in `extra`. `lookup` returns undefined
 * for an option not given; `where` names the source of a spec in errors.
 */
export function readOptions(
  lookup: (spec: OptionSpec) => string | boolean | undefined,
  where: (spec: OptionSpec) => string,
  specs: readonly OptionSpec[] = MODEL_OPTIONS,
): { top: Record<string, OptionValue>; extra: Record<string, OptionValue> } {
  const top: Record<string, OptionValue> = {};
  const extra: Record<string, OptionValue> = {};
  for (const spec of specs) {
    const raw = lookup(spec);
    if (raw === undefined || raw === false) continue;
    const value = raw === true ? true : readOption(spec, raw, where(spec));
    if (spec.type === 'boolean' && value === false) continue;
    (spec.place === 'top' ? top : extra)[spec.name] = value;
  }
  return { top, extra };
}

/**
 * A model's configuration as scenario headers or flags: each option of `specs` present in `config`
 * (booleans only when true; `keep` may drop a value that is the default), in the schema's order, then
 * the keys without a spec as `set` pairs.
 */
export function configEntries(
  config: Readonly<Record<string, OptionValue>>,
  keep: (spec: OptionSpec, value: OptionValue) => boolean = () => true,
  specs: readonly OptionSpec[] = MODEL_OPTIONS,
): { spec: OptionSpec | undefined; key: string; value: OptionValue }[] {
  const out: { spec: OptionSpec | undefined; key: string; value: OptionValue }[] = [];
  for (const spec of specs) {
    const value = config[spec.name];
    if (value === undefined || spec.name === 'variant') continue;
    if (spec.type === 'int' && typeof value !== 'number') continue;
    if (spec.type === 'boolean' && value !== true) continue;
    if (spec.type === 'string' && typeof value !== 'string') continue;
    if (keep(spec, value)) out.push({ spec, key: spec.name, value });
  }
  const known = new Set(specs.map((s) => s.name));
  for (const [key, value] of Object.entries(config)) if (!known.has(key)) out.push({ spec: undefined, key, value });
  return out;
}
