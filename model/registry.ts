/**
 * Every model family the checker knows, by name. `grove-check list` prints this; `--model NAME` picks
 * from it. Adding a model means adding its family here (one line). A user's model file
 * (`--model ./my-protocol.ts`) is loaded by `loadModelFile` and registered under its path.
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError, type ModelFamily } from './core/model.ts';
import type { Capabilities } from './core/capabilities.ts';
import { pictureFromDrawing } from '../reports/pictures/model.ts';
import { infernoPictures } from '../reports/models/inferno.ts';
import { memoPictures } from '../reports/models/memo.ts';
import { obsmarkersPictures } from '../reports/models/obsmarkers.ts';
import { subhistoryPictures } from '../reports/models/subhistory.ts';
import { ModelFileError } from './core/define.ts';
import { importUserModule } from '../runtime/module.ts';
import { groveFamily } from './grove/model.ts';
import { groveLocalFamily } from './grove-local/model.ts';
import { infernoFamily } from './inferno/model.ts';
import { memoFamily } from './memo/model.ts';
import { obsmarkersFamily } from './obsmarkers/model.ts';
import { subhistoryFamily } from './subhistory/model.ts';

/**
 * A family whose instances carry `capabilities` (merged over any the instance has). This is where a
 * model whose folder does not attach its own picture gets the one `reports/models/` draws it with.
 */
function withCapabilities<S>(family: ModelFamily<S>, capabilities: Capabilities<S>): ModelFamily<S> {
  return { ...family, build: (o) => { const m = family.build(o); return { ...m, capabilities: { ...m.capabilities, ...capabilities } }; } };
}

const known: ModelFamily<any>[] = [
  groveFamily,
  groveLocalFamily,
  withCapabilities(memoFamily, { picture: pictureFromDrawing(memoPictures) }),
  withCapabilities(subhistoryFamily, { picture: pictureFromDrawing(subhistoryPictures) }),
  withCapabilities(obsmarkersFamily, { picture: pictureFromDrawing(obsmarkersPictures) }),
  withCapabilities(infernoFamily, { picture: pictureFromDrawing(infernoPictures) }),
];
export const families: readonly ModelFamily<any>[] = known;

/** True when a `--model` value names a file rather than a registered family. */
export function isModelPath(spec: string): boolean {
  return /[/\\]|\.[cm]?[tj]s$/.test(spec);
}

/** Looks a family up by name (or by the path of a model file already loaded); throws a UsageError naming the known ones. */
export function familyByName(name: string): ModelFamily<any> {
  const f = known.find((x) => x.name === name) ?? (isModelPath(name) ? known.find((x) => resolve(x.name) === resolve(name)) : undefined);
  if (f === undefined) {
    if (isModelPath(name)) throw new UsageError(`model file '${name}' is not loaded: pass --model ${name}`);
    throw new UsageError(`unknown model '${name}'; known: ${known.map((x) => x.name).join(', ')} (or a path to a model file)`);
  }
  return f;
}

/**
 * Registers a family under `name` (default: its own), so that scenarios whose `model:` header names it
 * replay against it. A family already registered under that name is replaced.
 */
export function registerFamily(family: ModelFamily<any>, name: string = family.name): ModelFamily<any> {
  const named: ModelFamily<any> = name === family.name ? family : { ...family, name, build: (o) => ({ ...family.build(o), name }) };
  const at = known.findIndex((x) => x.name === name);
  if (at >= 0) known.splice(at, 1, named);
  else known.push(named);
  return named;
}

/**
 * Loads a user's model file (TypeScript through tsx, or JavaScript) whose default export (or `model`
 * export) is a model family, e.g. one built by `defineModel`, and registers it under `spec`, the path
 * as given, so that saved counterexamples name the file that rebuilds them. Every mistake in the file
 * (missing, a syntax error, a throw while loading, no family exported) is a `ModelFileError` of one
 * line naming the file.
 */
export async function loadModelFile(spec: string): Promise<ModelFamily<any>> {
  const loaded = known.find((x) => resolve(x.name) === resolve(spec) && isModelPath(x.name));
  if (loaded !== undefined) return loaded;
  const path = resolve(spec);
  if (!existsSync(path)) throw new ModelFileError(`${spec}: no such model file`);
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (e) {
    throw new ModelFileError(loadErrorLine(spec, path, e));
  }
  const fam = (mod.default ?? mod.model) as (ModelFamily<any> & { source?: string }) | undefined;
  if (fam === undefined || typeof fam !== 'object' || typeof fam.build !== 'function' || !Array.isArray(fam.variants)) {
    throw new ModelFileError(`${spec}: expected a default export (or 'model' export) made by defineModel(...) from 'grove-check'`);
  }
  fam.source = spec;
  return registerFamily(fam, spec);
}

/** One line for an error thrown while a model file loads: `file:line:column: message` when the position is known. */
function loadErrorLine(spec: string, path: string, e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // esbuild (tsx) reports syntax errors as "path:line:column: ERROR: message".
  const syntax = new RegExp(`${escape(path)}:(\\d+):(\\d+): (?:ERROR: )?(.*)`).exec(text);
  if (syntax !== null) return `${spec}:${syntax[1]}:${syntax[2]}: ${syntax[3]}`;
  const frame = e instanceof Error ? new RegExp(`${escape(path)}:(\\d+):(\\d+)`).exec(e.stack ?? '') : null;
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return frame !== null ? `${spec}:${frame[1]}:${frame[2]}: ${first}` : `${spec}: ${first}`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
