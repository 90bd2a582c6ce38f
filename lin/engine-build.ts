/**
 * The last step of `npm run build` (`node dist/lin/engine-build.js`, after `tsc -p
 * tsconfig.build.json`): the `lin` command's engine (lin/engine.ts and what it imports) as one
 * classic script with a V8 code cache, `dist/lin-engine/engine.cjs` and `engine.cache`, which
 * lin/engine-load.ts loads (it says why).
 *
 * 1. tsc compiles lin/engine.ts and its imports as CommonJS modules ({@link TSC_OPTIONS});
 * 2. they are joined into one function expression, `(function (nodeRequire) { … })`, with a require
 *    of its own for the relative paths between them (Node's for anything else), that returns
 *    lin/engine.js's exports;
 * 3. the script is loaded as the command loads it and runs on small histories of the formats the
 *    command reads fast (below: the build needs no data from outside the repository), which makes
 *    V8 compile the functions a check uses; `script.createCachedData()` gives their bytecode,
 *    stored sealed (engine-load.ts, `sealCache`) in engine.cache. The samples decide only which functions are in the cache, never what they
 *    compute.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_CACHE, ENGINE_SCRIPT, loadEngineScript, sealCache, type LinEngine } from './engine-load.ts';
import type { LinModel } from './model.ts';
import type { Operation } from './history.ts';
import { sampleHistories } from './samples.ts';

/**
 * tsc's options for the CommonJS modules of the engine: those of tsconfig.json that shape the
 * output, with CommonJS modules. Given on the command line (a file named there makes tsc ignore
 * tsconfig.json), without type checking: the build's first step has checked these same sources.
 */
const TSC_OPTIONS = [
  '--module', 'commonjs',
  '--moduleResolution', 'node10',
  '--target', 'ES2022',
  '--allowImportingTsExtensions',
  '--rewriteRelativeImportExtensions',
  '--resolveJsonModule',
  '--esModuleInterop',
  '--skipLibCheck',
  '--types', 'node',
  '--noCheck',
];

/** Every .js file under `dir`, as paths relative to `base` with forward slashes, in name order. */
function jsFiles(dir: string, base: string): string[] {
  const files: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...jsFiles(p, base));
    else if (e.name.endsWith('.js')) files.push(relative(base, p).split(sep).join('/'));
  }
  return files;
}

/** The engine script: every module a function in one table, and a require resolving between them. */
function joinModules(modules: string): string {
  const table = jsFiles(modules, modules)
    .map((id) => `${JSON.stringify(id)}: function (exports, require, module) {\n${readFileSync(join(modules, id), 'utf8')}\n}`)
    .join(',\n');
  return `(function (nodeRequire) {
"use strict";
const modules = {
${table}
};
const loaded = {};
// "../formats/error.js" from "lin/models" is "lin/formats/error.js".
function resolve(dir, spec) {
  const parts = dir === '' ? [] : dir.split('/');
  for (const part of spec.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}
function load(id) {
  const done = loaded[id];
  if (done !== undefined) return done.exports;
  const define = modules[id];
  if (define === undefined) throw new Error('lin engine: no module ' + id);
  const module = { exports: {} };
  loaded[id] = module;
  const dir = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : '';
  define.call(module.exports, module.exports, (spec) => (spec.startsWith('.') ? load(resolve(dir, spec)) : nodeRequire(spec)), module);
  return module.exports;
}
return load("lin/engine.js");
})
`;
}

/** Compiles the engine script of the repository at `root` into `outDir`; its path. */
export function buildEngineScript(root: string, outDir: string): string {
  const modules = join(outDir, 'modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, join(root, 'lin', 'engine.ts'), ...TSC_OPTIONS, '--rootDir', root, '--outDir', modules], { cwd: root, stdio: 'inherit' });
  const script = join(outDir, 'engine.cjs');
  writeFileSync(script, joinModules(modules));
  rmSync(modules, { recursive: true, force: true });
  return script;
}


/** What the command does with a history between reading it and printing (scripts/commands/lin.ts). */
function exercise(engine: LinEngine, text: string): void {
  if (engine.binaryAt(text) !== undefined || engine.looksLikeGrove(text)) throw new Error('lin engine: a sample history is not plain text');
  const check = <S, I, O>(model: LinModel<S, I, O>, ops: Operation<I, O>[]): void => {
    if (engine.checkLinearizable(model, ops, { timeoutMs: 60_000 }).outcome === 'unknown') throw new Error('lin engine: a sample history timed out');
    const m = engine.withDefaults(model);
    for (const op of ops) m.describeOp(op.input, op.output);
  };
  if (engine.detectFormat(text) === 'jepsen-kv') {
    check(engine.kvModel, engine.parseJepsenKv(text, 'sample').operations);
    check(engine.kvModelUnpartitioned, engine.parseJepsenKv(text, 'sample').operations);
  } else {
    check(engine.registerModel, engine.parseJepsenEtcd(text, 'sample').operations);
  }
}

/** Loads the engine script, runs its warm-up and the checks of {@link sampleHistories}, and writes its code cache to `cachePath`. */
export function writeEngineCache(scriptPath: string, cachePath: string): void {
  const { engine, script } = loadEngineScript(scriptPath);
  // The run-time warm-up first, as a run calls it (lin/warm-up.ts): its code in the cache too.
  engine.warmUp();
  for (const text of sampleHistories()) exercise(engine, text);
  writeFileSync(cachePath, sealCache(readFileSync(scriptPath, 'utf8'), script.createCachedData()));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Run from dist/lin/: the repository is two folders up, the engine goes where engine-load.ts looks.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  writeEngineCache(buildEngineScript(root, dirname(ENGINE_SCRIPT)), ENGINE_CACHE);
}
