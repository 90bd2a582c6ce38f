/**
 * Loads the `lin` command's engine (lin/engine.ts: the formats, the models, the checker).
 *
 * **Why a script with a code cache.** A `lin` run on a history of a few hundred lines spends most of
 * its time on the first use of the checker's code: V8 compiles each function to bytecode lazily,
 * when it is first called, and Node 20 keeps no compiled code between processes for ES modules.
 * So the build (lin/engine-build.ts) also compiles lin/engine.ts, with what it imports,
 * into one classic script, `dist/lin-engine/engine.cjs`, runs it once on small sample histories of
 * its own, and stores V8's code cache of it (`script.createCachedData()`: the bytecode of every
 * function compiled so far, no type feedback and no optimized code) in `engine.cache` beside it.
 * Loading the script with that cache gives functions their bytecode without compiling them: the
 * same code runs, the compile work is gone (and the start-up compiles less as well).
 *
 * **Feedback from the first call.** V8 normally gives a function its feedback vector (where its
 * property accesses learn the shapes they meet) only after several calls; until then every access
 * takes the generic path. A cold check calls most of its functions a few times only, so the engine
 * is loaded, and its cache built, with `--no-lazy-feedback-allocation` (set at run time with
 * `v8.setFlagsFromString`, before the script is compiled: V8 rejects a cache made under other flags,
 * so the build and every run set the same). Measured on the millisecond histories (c01-ok, c01-bad,
 * etcd_070; 11 alternating cold runs of each): 25–28% less time reading, parsing and checking; on
 * the long ones (etcd_002, c50) no change.
 *
 * **No optimizing compiler for the per-partition set-up.** V8 compiles hot functions with its
 * optimizing compiler on background threads (four, on this kind of machine sharing two cores with
 * the search and the collector). A cold check's first tens of milliseconds run the search loop in
 * the baseline tiers, at about a quarter of its optimized speed, until that compilation is done; and
 * the functions that set a partition's search up (`setUpArrays`, `setUpEventOrder`, …: loops over a
 * partition's events, run once per partition) queue beside it, the largest taking longer to compile
 * than the loop itself. So `--turbo-filter=-setUp*` tells V8 never to optimize a function whose name
 * starts with `setUp` (lin/check.ts names them so; `lin/engine.test.ts` checks that they exist):
 * they run in the baseline tiers, and the search loop's optimized code arrives sooner. Measured
 * (11 alternating cold runs of each, medians): c50-bad 117.7 → 103.0 ms with the set-up search
 * alone excluded, 118.8 → 102.2 with every `setUp` function; c50-ok 323 → 296 and 324 → 299;
 * c01-ok, etcd_070, etcd_002 and c10-ok within the noise; 3,000 partitions of c01-ok's shape (300
 * copies, keys renamed) 358 → 354 ms.
 *
 * **Safe when stale or damaged.** V8 checks the cache against its own version and flags and the
 * script's length, and rejects it on a mismatch (`cachedDataRejected`), but a release build does not
 * check the bytes themselves, nor the script's text (tried: it took the cache of another script of
 * the same length, and a damaged cache crashed Node). So the cache file starts with a SHA-256 of the
 * script's text and the cache together ({@link sealCache}), checked before V8 sees the cache: any
 * change to either, and the cache is not used. A rejected or missing cache costs only the compile
 * it would have saved: the script then runs as compiled by V8 as usual. The script is rebuilt with
 * dist/, from the same sources.
 *
 * **Elsewhere** (tsx, vitest, a build without the script) the engine is the ES module itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type * as Engine from './engine.ts';

/** What lin/engine.ts exports. */
export type LinEngine = typeof Engine;

/** Where the build puts the engine script and its code cache (this module runs from dist/lin/). */
export const ENGINE_SCRIPT = fileURLToPath(new URL('../lin-engine/engine.cjs', import.meta.url));
export const ENGINE_CACHE = fileURLToPath(new URL('../lin-engine/engine.cache', import.meta.url));

/** The engine loaded from its script, the script (for `createCachedData`) and whether V8 rejected the cache. */
export interface LoadedEngine {
  engine: LinEngine;
  script: vm.Script;
  /** `undefined` without a cache file, else whether it was rejected (its seal, or by V8). */
  cacheRejected: boolean | undefined;
}

/** The prefix of the functions {@link ENGINE_V8_FLAGS} keeps from V8's optimizing compiler (lin/check.ts names them so). */
export const UNOPTIMIZED_PREFIX = 'setUp';

/**
 * Set before the engine is compiled, when the build writes the cache and in every run that loads it
 * (V8 rejects a cache made under other flags). Feedback vectors from a function's first call: a
 * cold check runs most of its functions a handful of times, and without them every property
 * access of those calls takes V8's generic path. No optimizing compiler for the functions named
 * `setUp…`: they run once per partition, and compiling them delays the search loop's compilation
 * (see above). No lazy compilation of WebAssembly: Node compiles each function of a module on the
 * main thread the first time it is called; eagerly, `WebAssembly.compile` (lin/kernel/kernel.ts,
 * started as the command loads) compiles them all on a background thread while the command starts,
 * and the first check calls none uncompiled. Measured (21 alternating cold runs, medians of
 * `stats.checkSeconds`): c01-bad 0.73 → 0.58 ms, etcd_070 1.11 → 0.77; the command's wall time the
 * same (167 and 171 ms, minima 162 and 161: the command waited 2–5 ms for the kernel either way).
 */
export const ENGINE_V8_FLAGS = `--no-lazy-feedback-allocation --no-wasm-lazy-compilation --turbo-filter=-${UNOPTIMIZED_PREFIX}*`;

/** Bytes of the SHA-256 that starts a cache file. */
const SEAL = 32;

const sealOf = (source: string, cache: Uint8Array): Buffer => createHash('sha256').update(source).update(cache).digest();

/** The cache file's bytes for V8's code cache `cache` of the script `source`: the seal, then the cache. */
export function sealCache(source: string, cache: Buffer): Buffer {
  return Buffer.concat([sealOf(source, cache), cache]);
}

/** The code cache in a cache file's bytes, when its seal matches the script `source`. */
function unseal(source: string, file: Buffer): Buffer | undefined {
  const cache = file.subarray(SEAL);
  return file.length > SEAL && sealOf(source, cache).equals(file.subarray(0, SEAL)) ? cache : undefined;
}

/**
 * Runs the engine script at `scriptPath`, with the code cache at `cachePath` when there is one. The
 * script is one function expression taking Node's `require` (for built-in modules) and returning
 * lin/engine.ts's exports (see lin/engine-build.ts).
 */
export function loadEngineScript(scriptPath: string, cachePath?: string): LoadedEngine {
  v8.setFlagsFromString(ENGINE_V8_FLAGS);
  const source = readFileSync(scriptPath, 'utf8');
  let file: Buffer | undefined;
  if (cachePath !== undefined) {
    try {
      file = readFileSync(cachePath);
    } catch {
      file = undefined; // no cache: compiled as usual
    }
  }
  const cachedData = file === undefined ? undefined : unseal(source, file);
  const script = new vm.Script(source, { filename: scriptPath, cachedData });
  const make = script.runInThisContext() as (nodeRequire: NodeRequire) => LinEngine;
  const cacheRejected = file === undefined ? undefined : cachedData === undefined || script.cachedDataRejected === true;
  return { engine: make(createRequire(scriptPath)), script, cacheRejected };
}

/** The engine: from its cached script when running from a build that has it, else the ES module. */
export async function loadEngine(): Promise<LinEngine> {
  if (import.meta.url.endsWith('.js') && existsSync(ENGINE_SCRIPT)) return loadEngineScript(ENGINE_SCRIPT, ENGINE_CACHE).engine;
  return import('./engine.ts');
}
