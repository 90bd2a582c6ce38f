/**
 * What the explorer explores: a model family, a variant, the numbers of actors and ops, and the fault
 * budgets (lost replies, crashes; 0 turns a kind off). A configuration is plain data, validated once
 * here (from a request body or from the command line) and turned into a model by the family's own
 * `build`, so the explorer never knows more about a model than `grove-check check` does.
 */
import { UsageError, type Model } from '../model/core/model.ts';
import { familyByName, families } from '../model/registry.ts';

/** A model configuration, as the page's pickers and the API's `/api/reset` give it. */
export interface ExploreConfig {
  /** Family name (`grove`, `memo`, …; see `grove-check list`). */
  readonly model: string;
  /** Variant name, planted-bug variants included. */
  readonly variant: string;
  /** Program-driven actors. */
  readonly actors: number;
  /** Client ops per actor. */
  readonly ops: number;
  /** At most this many lost replies per run (0: none offered). Models without lost replies ignore it. */
  readonly maxLostReplies: number;
  /** At most this many crashes per run (0: none offered). Models without crashes ignore it. */
  readonly maxCrashes: number;
}

/** A family as the page's pickers list it. */
export interface FamilyInfo {
  readonly name: string;
  readonly title: string;
  readonly defaultVariant: string;
  readonly variants: readonly { readonly name: string; readonly title: string; readonly planted?: string }[];
}

/** Upper bounds on what a request may ask for: the explorer is for small, hand-driven runs. */
export const LIMITS = { actors: 6, ops: 6, faults: 4 } as const;

/** The configuration the explorer opens with: `logid-check`, 2 actors × 1 op, no faults. */
export const DEFAULT_CONFIG: ExploreConfig = { model: 'grove', variant: 'logid-check', actors: 2, ops: 1, maxLostReplies: 0, maxCrashes: 0 };

/** Every model family with its variants, for the page's pickers. */
export function familyInfos(): FamilyInfo[] {
  return families.map((f) => ({
    name: f.name,
    title: f.title,
    defaultVariant: f.defaultVariant,
    variants: f.variants.map((v) => ({ name: v.name, title: v.title, ...(v.planted !== undefined ? { planted: v.planted } : {}) })),
  }));
}

function whole(name: string, v: unknown, fallback: number, max: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
  if (n > max) throw new UsageError(`${name} must be at most ${max} in the explorer, got ${n}`);
  return n;
}

/**
 * Reads a configuration from untrusted input (a JSON body, command-line flags as strings), filling
 * what is missing from `base`. Throws `UsageError` with a message fit for a 400 response: unknown
 * model or variant, numbers out of range. A model change without a variant takes the model's default.
 */
export function readConfig(input: unknown, base: ExploreConfig = DEFAULT_CONFIG): ExploreConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new UsageError('expected a JSON object {model, variant, actors, ops, maxLostReplies, maxCrashes}');
  const o = input as Record<string, unknown>;
  const known = new Set(['model', 'variant', 'actors', 'ops', 'maxLostReplies', 'maxCrashes']);
  const extra = Object.keys(o).filter((k) => !known.has(k));
  if (extra.length > 0) throw new UsageError(`unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}; expected ${[...known].join(', ')}`);
  if (o.model !== undefined && typeof o.model !== 'string') throw new UsageError('model must be a string');
  if (o.variant !== undefined && typeof o.variant !== 'string') throw new UsageError('variant must be a string');
  const family = familyByName((o.model as string | undefined) ?? base.model);
  const variant = (o.variant as string | undefined) ?? (family.name === base.model ? base.variant : family.defaultVariant);
  if (!family.variants.some((v) => v.name === variant)) {
    throw new UsageError(`unknown variant '${variant}' for model ${family.name}; known: ${family.variants.map((v) => v.name).join(', ')}`);
  }
  return {
    model: family.name,
    variant,
    actors: whole('actors', o.actors, base.actors, LIMITS.actors),
    ops: whole('ops', o.ops, base.ops, LIMITS.ops),
    maxLostReplies: whole('maxLostReplies', o.maxLostReplies, base.maxLostReplies, LIMITS.faults),
    maxCrashes: whole('maxCrashes', o.maxCrashes, base.maxCrashes, LIMITS.faults),
  };
}

/** Builds the model a configuration names, through its family's `build`. Throws `UsageError` for a bad one. */
export function buildModel(c: ExploreConfig): Model<unknown> {
  const extra: Record<string, number> = {};
  if (c.maxLostReplies > 0) extra.maxLostReplies = c.maxLostReplies;
  if (c.maxCrashes > 0) extra.maxCrashes = c.maxCrashes;
  return familyByName(c.model).build({ variant: c.variant, actors: c.actors, ops: c.ops, extra });
}

/**
 * The configuration a built model reports (its `config` record), for a session started from a
 * scenario file: the numbers the file's headers gave, in the explorer's terms.
 */
export function configOfModel(m: Model<unknown>): ExploreConfig {
  const c = m.config;
  const num = (k: string): number => (typeof c[k] === 'number' ? (c[k] as number) : 0);
  return { model: m.name, variant: m.variant ?? '', actors: num('actors'), ops: num('ops'), maxLostReplies: num('maxLostReplies'), maxCrashes: num('maxCrashes') };
}
