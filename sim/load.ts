/**
 * Loading a user's spec file (untrusted input). The file is a TypeScript or JavaScript module whose
 * default export (or the export named by `exportName`) is a `SimSpec`; it may also export `faults`, the
 * budget it was written for. Under tsx (the CLI, vitest) it is imported directly; elsewhere tsx's
 * `tsx/esm/api` registers the loader first. Every failure becomes a `SpecFileError` with one
 * `file:line:column: message` line.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FaultBudget } from './faults.ts';
import type { SimSpec } from './spec.ts';

export class SpecFileError extends Error {
  override readonly name = 'SpecFileError';
}

/** The spec and the budget a file exports. */
export interface LoadedSpec {
  spec: SimSpec;
  faults?: FaultBudget;
}

function position(file: string, e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const m = /([^\s:]+):(\d+):(\d+): (?:ERROR: )?(.*)/.exec(text);
  if (m !== null) return `${file}:${m[2]}:${Number(m[3]) + 1}: ${m[4]}`; // esbuild columns are 0-based
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  const at = new RegExp(`${resolve(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`).exec(stack);
  return `${file}:${at?.[1] ?? 1}:${at?.[2] ?? 1}: ${text.split('\n')[0]}`;
}

/** Imports `file` and returns its spec. @throws SpecFileError */
export async function loadSpec(file: string, exportName = 'default'): Promise<LoadedSpec> {
  const path = resolve(file);
  if (!existsSync(path)) throw new SpecFileError(`${file}:1:1: no such file`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw new SpecFileError(position(file, e));
    try {
      const api = (await import('tsx/esm/api')) as { register(): () => void };
      api.register();
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (e2) {
      throw new SpecFileError(position(file, e2));
    }
  }
  const spec = mod[exportName] as SimSpec | undefined;
  if (spec === undefined || spec === null || typeof spec !== 'object' || typeof (spec as SimSpec).client !== 'function') {
    const names = Object.keys(mod).filter((k) => k !== 'faults');
    throw new SpecFileError(`${file}:1:1: export '${exportName}' is not a simulation spec (exports: ${names.join(', ') || 'none'})`);
  }
  const faults = mod.faults as FaultBudget | undefined;
  return { spec, faults: faults !== null && typeof faults === 'object' ? faults : undefined };
}
