/**
 * Counterexamples as scenario files: what `--save DIR` writes and `replay` reads back unchanged.
 * A saved file never overwrites a different file: a name that is taken gets a numbered suffix.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Header, Scenario } from '../scenarios/notation/types.ts';
import { printScenarioFile } from '../scenarios/notation/print.ts';
import type { Violation } from './outcome.ts';

/** The command that re-runs a check with the same settings (and so the same result). */
export function checkCommand(o: Violation | { model: string; variant?: string; strategy: string; seed: number; strict?: boolean; only?: string[]; config: Readonly<Record<string, string | number | boolean>>; bounds: { runs?: number; maxDepth?: number } }): string {
  const c = o.config;
  const parts = ['grove-check check', `--model ${o.model}`];
  if (o.variant) parts.push(`--variant ${o.variant}`);
  if (typeof c.actors === 'number') parts.push(`--actors ${c.actors}`);
  if (typeof c.ops === 'number') parts.push(`--ops ${c.ops}`);
  if (typeof c.program === 'string' && c.program !== '' && c.program.split(',').some((p) => p !== 'push')) parts.push(`--program ${c.program}`);
  if (typeof c.maxLostReplies === 'number') parts.push(`--max-lost-replies ${c.maxLostReplies}`);
  if (typeof c.maxCrashes === 'number') parts.push(`--max-crashes ${c.maxCrashes}`);
  if (typeof c.maxFaults === 'number') parts.push(`--max-faults ${c.maxFaults}`);
  if (c.collide === true) parts.push('--collide');
  if (o.strict) parts.push('--strict');
  if (o.only) parts.push(`--only ${o.only.join(',')}`);
  for (const [k, x] of Object.entries(c)) if (!KNOWN.has(k)) parts.push(`--set ${k}=${x}`);
  parts.push(`--strategy ${o.strategy}`);
  if (o.strategy !== 'bfs' && o.strategy !== 'dfs') {
    parts.push(`--seed ${o.seed}`);
    if (o.bounds.runs !== undefined) parts.push(`--runs ${o.bounds.runs}`);
  }
  return parts.join(' ');
}

/** Configuration keys that have headers (and flags) of their own; the rest are saved as `set:` lines. */
const KNOWN = new Set(['variant', 'actors', 'ops', 'program', 'maxLostReplies', 'maxCrashes', 'maxFaults', 'collide']);

/** The scenario a violation saves as: headers that rebuild the model, the expectation, the rows. */
export function violationScenario(v: Violation, name: string): Scenario {
  const c = v.config;
  const headers: Header[] = [
    { key: 'scenario', value: name },
    { key: 'model', value: v.model },
    ...(v.variant ? [{ key: 'variant', value: v.variant }] : []),
    ...(typeof c.actors === 'number' ? [{ key: 'actors', value: String(c.actors) }] : []),
    ...(typeof c.ops === 'number' ? [{ key: 'ops', value: String(c.ops) }] : []),
    ...(typeof c.program === 'string' && c.program.split(',').some((p) => p !== 'push') ? [{ key: 'program', value: c.program }] : []),
    ...(typeof c.maxLostReplies === 'number' ? [{ key: 'max-lost-replies', value: String(c.maxLostReplies) }] : []),
    ...(typeof c.maxCrashes === 'number' ? [{ key: 'max-crashes', value: String(c.maxCrashes) }] : []),
    ...(typeof c.maxFaults === 'number' ? [{ key: 'max-faults', value: String(c.maxFaults) }] : []),
    ...(c.collide === true ? [{ key: 'collide', value: 'true' }] : []),
    ...Object.entries(c)
      .filter(([k]) => !KNOWN.has(k))
      .map(([k, x]) => ({ key: 'set', value: `${k}=${x}` })),
    { key: 'expect', value: `violation(${v.property})` },
    { key: 'property', value: v.property },
    { key: 'note', value: v.message },
    { key: 'strategy', value: v.strategy },
    { key: 'seed', value: String(v.seed) },
    { key: 'replay', value: checkCommand(v) },
  ];
  return { headers, initial: [], rows: v.rows };
}

/**
 * Writes a violation as `DIR/<model>-<variant>-<property>-<actors>x<ops>.scenario` (numbered if that
 * name holds something else; left alone if it holds the same text). Writes to a temporary file and
 * renames, so a crash never leaves half a file. Returns the path.
 */
export function saveViolation(v: Violation, dir: string): string {
  const c = v.config;
  const faults = typeof c.maxFaults === 'number' ? `f${c.maxFaults}` : undefined;
  const size = typeof c.actors === 'number' && typeof c.ops === 'number' ? `${c.actors}x${c.ops}` : typeof c.actors === 'number' ? `${c.actors}` : undefined;
  const program = typeof c.program === 'string' && c.program.split(',').some((p) => p !== 'push') ? c.program.replace(/[^\w-]+/g, '_') : undefined;
  // A model file (`--model ./my-protocol.ts`) is named by its file name without the extension.
  const model = v.model.replace(/^.*[/\\]/, '').replace(/\.[cm]?[tj]s$/, '');
  const base = [model, v.variant, program, v.property, size, faults, c.collide === true ? 'collide' : undefined].filter(Boolean).join('-');
  return writeUnclobbered(dir, base, (name) => printScenarioFile({ scenarios: [violationScenario(v, name)] }));
}

/**
 * Writes `DIR/<base>.scenario` (or `<base>-2`, `-3`, … when that name holds other text) with the text
 * `textFor(name)` gives for the name chosen; a file that already holds the same text is left alone.
 * Writes a temporary file and renames it, so a crash never leaves half a file. Returns the path.
 */
export function writeUnclobbered(dir: string, base: string, textFor: (name: string) => string): string {
  mkdirSync(dir, { recursive: true });
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    const path = join(dir, `${name}.scenario`);
    const text = textFor(name);
    if (existsSync(path)) {
      if (readFileSync(path, 'utf8') === text) return path;
      continue;
    }
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    return path;
  }
}
