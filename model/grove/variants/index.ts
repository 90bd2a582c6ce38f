/**
 * The variant registry: the standard variants, the planted-bug ones, and a loader for a user's own
 * variant file (`--variant ./my-variant.ts`, whose default export or `variant` export is a GroveVariant).
 *
 * A variant file is untrusted input: a missing file, a syntax error, a missing export or a field of
 * the wrong kind is a one-line `UsageError` naming the file and the field, never a stack trace. A
 * loaded variant is remembered for the rest of the process under its name and under the path it was
 * given, so every later lookup by name (the text output, a report, a saved scenario replayed) finds it,
 * and `variantFile` gives the path back for the command that replays a result.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isVariantPath, UsageError } from '../../core/model.ts';
import { importUserModule } from '../../../runtime/module.ts';
import type { GroveVariant } from '../variant.ts';
import { plantedVariants } from './planted.ts';
import { standardVariants } from './standard.ts';
import { plantedBranchStall, plantedNarrowCas } from './deep.ts';

export const allVariants: readonly GroveVariant[] = [...standardVariants, ...plantedVariants, plantedNarrowCas, plantedBranchStall];

/** Variants loaded from files in this process, by name and by the path as given. */
const loaded = new Map<string, { variant: GroveVariant; path: string; raw: unknown }>();

/** The variants loaded from files so far, in load order. */
export function loadedVariants(): GroveVariant[] {
  return [...new Set([...loaded.values()].map((x) => x.variant))];
}

/** The path a loaded variant was given as, or undefined for a built-in variant. */
export function variantFile(name: string): string | undefined {
  return loaded.get(name)?.path;
}

/** Looks a variant up by name (or by the path a loaded one was given as); throws a UsageError naming the known ones. */
export function variantByName(name: string): GroveVariant {
  const v = allVariants.find((x) => x.name === name) ?? loaded.get(name)?.variant;
  if (v === undefined) {
    throw new UsageError(`unknown variant '${name}' for model grove; known: ${allVariants.map((x) => x.name).join(', ')} (or a path to a variant file)`);
  }
  return v;
}

const FIELDS = "a GroveVariant { name, title, refs: 'log'|'logref', confirm: 'check'|'cas', check: 'read'|'advance', … }";

/**
 * Checks every field of a value a variant file exports. Returns the first problem, naming the field
 * and what it must be, or undefined when the value is a well-formed `GroveVariant`.
 */
export function variantProblem(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `expected a default export (or 'variant' export) that is ${FIELDS}`;
  const o = v as Record<string, unknown>;
  const oneOf = (field: string, values: readonly string[], optional = false): string | undefined => {
    const x = o[field];
    if (x === undefined && optional) return undefined;
    if (x === undefined) return `field '${field}' is missing; expected one of ${values.map((s) => `'${s}'`).join(', ')}`;
    return typeof x === 'string' && values.includes(x) ? undefined : `field '${field}' is ${JSON.stringify(x) ?? String(x)}; expected one of ${values.map((s) => `'${s}'`).join(', ')}`;
  };
  if (typeof o.name !== 'string' || !/^[A-Za-z][\w.-]*$/.test(o.name)) return `field 'name' is ${o.name === undefined ? 'missing' : JSON.stringify(o.name)}; expected a name of letters, digits, '.', '_' or '-'`;
  if (typeof o.title !== 'string') return `field 'title' is ${o.title === undefined ? 'missing' : JSON.stringify(o.title)}; expected a one-line string`;
  const bad =
    oneOf('refs', ['log', 'logref']) ??
    oneOf('confirm', ['check', 'cas']) ??
    oneOf('check', ['read', 'advance']) ??
    oneOf('recovery', ['none', 'retry-naive', 'recover-by-reading'], true);
  if (bad !== undefined) return bad;
  if (o.planted !== undefined && typeof o.planted !== 'string') return `field 'planted' is ${JSON.stringify(o.planted)}; expected a property id such as 'G6'`;
  if (o.client !== undefined) {
    if (o.client === null || typeof o.client !== 'object') return `field 'client' is ${JSON.stringify(o.client)}; expected { ackOnAppend?: boolean }`;
    const c = o.client as Record<string, unknown>;
    const extra = Object.keys(c).filter((k) => k !== 'ackOnAppend');
    if (extra.length > 0) return `field 'client.${extra[0]}' is not a field of a variant's client; expected ackOnAppend`;
    if (c.ackOnAppend !== undefined && typeof c.ackOnAppend !== 'boolean') return `field 'client.ackOnAppend' is ${JSON.stringify(c.ackOnAppend)}; expected true or false`;
  }
  if (o.remote !== undefined) {
    if (o.remote === null || typeof o.remote !== 'object') return `field 'remote' is ${JSON.stringify(o.remote)}; expected an object of primitives (append, branch, read, check, cas)`;
    for (const [k, f] of Object.entries(o.remote as Record<string, unknown>)) {
      if (!['append', 'branch', 'read', 'check', 'cas'].includes(k)) return `field 'remote.${k}' is not a primitive; expected append, branch, read, check or cas`;
      if (typeof f !== 'function') return `field 'remote.${k}' is ${typeof f}; expected a function`;
    }
  }
  const known = new Set(['name', 'title', 'refs', 'confirm', 'check', 'planted', 'client', 'recovery', 'remote']);
  const extra = Object.keys(o).filter((k) => !known.has(k));
  if (extra.length > 0) return `field '${extra[0]}' is not a field of a GroveVariant; expected ${[...known].join(', ')}`;
  return undefined;
}

/**
 * Loads a variant from a TypeScript/JavaScript module path (for variants users write), or looks a
 * name up. Every failure is a one-line `UsageError` starting with the path: no such file, a module
 * that does not load (a syntax error), no export, a field missing or of the wrong kind, a name that
 * is already a built-in variant's.
 */
export async function loadVariant(spec: string): Promise<GroveVariant> {
  if (!isVariantPath(spec)) return variantByName(spec);
  const known = loaded.get(spec);
  if (known !== undefined) return known.variant;
  const path = resolve(spec);
  if (!existsSync(path)) throw new UsageError(`${spec}: no such variant file`);
  let mod: { default?: unknown; variant?: unknown };
  try {
    mod = (await importUserModule(path)) as { default?: unknown; variant?: unknown };
  } catch (e) {
    // esbuild (through tsx) names the place as `path:line:column: ERROR: what` (0-based column).
    const lines = (e instanceof Error ? e.message : String(e)).split('\n').filter((l) => l.trim() !== '');
    const at = lines.map((l) => /:(\d+):(\d+): ERROR: (.*)$/.exec(l)).find((m) => m !== null);
    if (at) throw new UsageError(`${spec}:${at[1]}:${Number(at[2]) + 1}: the variant file does not load: ${at[3].trim()}`);
    throw new UsageError(`${spec}: the variant file does not load: ${(lines[0] ?? 'cannot be loaded').trim()}`);
  }
  const v = mod.default ?? mod.variant;
  const problem = variantProblem(v);
  if (problem !== undefined) throw new UsageError(`${spec}: ${problem}`);
  const variant = v as GroveVariant;
  if (allVariants.some((x) => x.name === variant.name)) throw new UsageError(`${spec}: field 'name' is '${variant.name}', the name of a built-in variant; choose another`);
  const clash = loaded.get(variant.name);
  if (clash !== undefined && clash.raw !== variant) throw new UsageError(`${spec}: field 'name' is '${variant.name}', already the name of the variant in ${clash.path}`);
  // The same file under another spelling (relative, absolute) is the same variant, named as first given.
  const guarded = clash?.variant ?? guardPrimitives(variant, spec);
  loaded.set(spec, { variant: guarded, path: clash?.path ?? spec, raw: variant });
  if (clash === undefined) loaded.set(variant.name, { variant: guarded, path: spec, raw: variant });
  return guarded;
}

/**
 * The variant with each of its own primitives wrapped: one that throws is the user's bug, reported
 * as a one-line `UsageError` naming the file and the primitive (exit 2), not as an internal error.
 */
function guardPrimitives(v: GroveVariant, spec: string): GroveVariant {
  if (v.remote === undefined) return v;
  const remote: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(v.remote) as [string, (...a: unknown[]) => unknown][]) {
    remote[name] = (...args: unknown[]) => {
      try {
        return f(...args);
      } catch (e) {
        throw new UsageError(`${spec}: the variant's remote.${name} threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
    };
  }
  return { ...v, remote: remote as GroveVariant['remote'] };
}
