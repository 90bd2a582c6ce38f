/**
 * How grove-check's own code runs: as JavaScript compiled into `dist/` (the installed package, the
 * `grove-check` bin) or as TypeScript under tsx (development, vitest). Worker threads, child processes
 * and a user's `.ts` files are started through these helpers so that each runs in the same mode as
 * the code that starts it, and tsx is loaded only when TypeScript must be run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** True when this module was loaded from compiled JavaScript (`dist/`), false under tsx. */
export const compiled: boolean = import.meta.url.endsWith('.js');

/**
 * The URL of a module of grove-check's own, named by its TypeScript file relative to `base` (a
 * caller's `import.meta.url`): `moduleUrl('./worker.ts', import.meta.url)` is `worker.js` beside a
 * compiled caller and `worker.ts` beside a TypeScript one.
 */
export function moduleUrl(spec: string, base: string): URL {
  return new URL(base.endsWith('.js') ? spec.replace(/\.ts$/, '.js') : spec, base);
}

/**
 * The file URL of tsx's ESM API (`tsx/esm/api`, its `import` condition), read from tsx's package.json
 * (`import.meta.resolve` is not available under vitest, and `require.resolve` gives the CommonJS file).
 */
function tsxApiUrl(): string {
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
}

/** The file URL of tsx's ESM loader (for `node --import`). */
export function tsxLoaderUrl(): string {
  return pathToFileURL(require.resolve('tsx')).href;
}

/**
 * The `node` arguments (before the script's own) that run the module at `url` in a child process:
 * the compiled file directly, or the TypeScript file with tsx's loader.
 */
export function scriptCommand(url: URL): string[] {
  const path = fileURLToPath(url);
  return /\.[cm]?ts$/.test(path) ? ['--import', tsxLoaderUrl(), path] : [path];
}

/**
 * The source of a worker thread's entry (for `new Worker(source, { eval: true })`) that imports the
 * module at `url` and calls `onError` (a function's source text) if it fails to load. A TypeScript
 * module is imported after registering tsx's ESM loader in the worker (`execArgv: ['--import', 'tsx']`
 * does not apply to a worker's entry module on Node 20).
 */
export function workerSource(url: URL, onError: string): string {
  const entry = JSON.stringify(url.href);
  if (!/\.[cm]?ts$/.test(url.pathname)) return `import(${entry}).catch(${onError});`;
  const api = JSON.stringify(tsxApiUrl());
  return `import(${api}).then(async (tsx) => { tsx.register(); await import(${entry}); }).catch(${onError});`;
}

/**
 * Imports a user's module (a model or variant file) by path. A `.ts`/`.mts`/`.cts` file is loaded
 * through tsx's programmatic API, registered only then, so that compiled runs that load no
 * TypeScript never start tsx.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  if (/\.[cm]?ts$/.test(path) && !tsxActive()) {
    // tsx's ESM and CommonJS hooks both: a `.ts` file outside a `"type": "module"` package loads as CommonJS.
    const [esm, cjs] = (await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')])) as { register(): unknown }[];
    esm.register();
    cjs.register();
    registered = true;
  }
  const mod = (await import(url)) as Record<string, unknown>;
  // A file loaded as CommonJS shows its compiled ES exports (`exports.default`, `__esModule`) as `default`.
  const inner = mod.default as Record<string, unknown> | undefined;
  return inner !== null && typeof inner === 'object' && inner.__esModule === true ? inner : mod;
}

/** Whether TypeScript files can already be imported (running under tsx or vitest). */
function tsxActive(): boolean {
  return registered || !compiled;
}

let registered = false;
