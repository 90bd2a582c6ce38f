/**
 * The variant registry: the standard variants, the planted-bug ones, and a loader for a user's own
 * variant file (`--variant ./my-variant.ts`, whose default export or `variant` export is a GroveVariant).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { UsageError } from '../../core/model.ts';
import type { GroveVariant } from '../variant.ts';
import { plantedVariants } from './planted.ts';
import { standardVariants } from './standard.ts';
import { plantedBranchStall, plantedNarrowCas } from './deep.ts';

export const allVariants: readonly GroveVariant[] = [...standardVariants, ...plantedVariants, plantedNarrowCas, plantedBranchStall];

/** Looks a variant up by name; throws a UsageError naming the known ones. */
export function variantByName(name: string): GroveVariant {
  const v = allVariants.find((x) => x.name === name);
  if (v === undefined) {
    throw new UsageError(`unknown variant '${name}' for model grove; known: ${allVariants.map((x) => x.name).join(', ')} (or a path to a variant file)`);
  }
  return v;
}

/** Loads a variant from a TypeScript/JavaScript module path (for variants users write). */
export async function loadVariant(spec: string): Promise<GroveVariant> {
  if (!/[/\\]|\.[cm]?[tj]s$/.test(spec)) return variantByName(spec);
  const mod = (await import(pathToFileURL(resolve(spec)).href)) as { default?: GroveVariant; variant?: GroveVariant };
  const v = mod.default ?? mod.variant;
  if (v === undefined || typeof v.name !== 'string' || (v.refs !== 'log' && v.refs !== 'logref')) {
    throw new UsageError(`${spec}: expected a default export (or 'variant' export) that is a GroveVariant with name, refs, confirm and check`);
  }
  return v;
}
