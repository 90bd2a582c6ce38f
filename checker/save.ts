/**
 * Counterexamples as scenario files: what `--save DIR` writes and `replay` reads back unchanged.
 * A saved file never overwrites a different file: a name that is taken gets a numbered suffix.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Header, Scenario } from '../scenarios/notation/types.ts';
import { printScenarioFile } from '../scenarios/notation/print.ts';
import type { Bounds, Violation } from './outcome.ts';
import { DEFAULT_RANDOM_DEPTH } from './random.ts';
import { configEntries, type OptionSpec } from '../model/core/options.ts';

/** A command-line word as a POSIX shell reads it back: quoted when it holds anything but safe characters. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The command that re-runs a check with the same settings (and so the same result). */
export function checkCommand(o: Violation | { model: string; variant?: string; strategy: string; seed: number; strict?: boolean; only?: string[]; config: Readonly<Record<string, string | number | boolean>>; bounds: Bounds }): string {
  const parts = ['grove-check check', `--model ${shellWord(o.model)}`];
  if (o.variant) parts.push(`--variant ${shellWord(o.variant)}`);
  const entries = configEntries(o.config, keepSaved);
  for (const e of entries) if (e.spec !== undefined) parts.push(e.spec.type === 'boolean' ? `--${e.spec.flag}` : `--${e.spec.flag} ${e.value}`);
  if (o.strict) parts.push('--strict');
  if (o.only) parts.push(`--only ${o.only.join(',')}`);
  for (const e of entries) if (e.spec === undefined) parts.push(`--set ${e.key}=${e.value}`);
  parts.push(`--strategy ${o.strategy}`);
  if (o.strategy !== 'bfs' && o.strategy !== 'dfs') {
    parts.push(`--seed ${o.seed}`);
    if (o.bounds.runs !== undefined) parts.push(`--runs ${o.bounds.runs}`);
  }
  // Every bound that shapes the search, so that the command finds the same violation again.
  const b = o.bounds;
  if (b.maxDepth !== undefined && b.maxDepth !== DEFAULT_RANDOM_DEPTH) parts.push(`--max-depth ${b.maxDepth}`);
  if (b.maxStates !== undefined) parts.push(`--max-states ${b.maxStates}`);
  if (b.pctDepth !== undefined) parts.push(`--pct-depth ${b.pctDepth}`);
  if (b.preemptions !== undefined) parts.push(`--preemptions ${b.preemptions}`);
  const fast = (o as { fast?: { symmetry?: boolean; por?: boolean } }).fast;
  if (fast?.symmetry) parts.push('--symmetry');
  if (fast?.por) parts.push('--por');
  return parts.join(' ');
}

/** A program of pushes only is the default: it is neither printed nor saved. */
function keepSaved(spec: OptionSpec, value: string | number | boolean): boolean {
  return spec.name !== 'program' || (typeof value === 'string' && value !== '' && value.split(',').some((p) => p !== 'push'));
}

/** The scenario a violation saves as: headers that rebuild the model, the expectation, the rows. */
export function violationScenario(v: Violation, name: string): Scenario {
  const c = v.config;
  const headers: Header[] = [
    { key: 'scenario', value: name },
    { key: 'model', value: v.model },
    ...(v.variant ? [{ key: 'variant', value: v.variant }] : []),
    ...configEntries(c, keepSaved).map((e) => (e.spec !== undefined ? { key: e.spec.header, value: String(e.value) } : { key: 'set', value: `${e.key}=${e.value}` })),
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
  // A model file (`--model ./my-protocol.ts`) and a variant file are named by their file names without the extension.
  const model = v.model.replace(/^.*[/\\]/, '').replace(/\.[cm]?[tj]s$/, '');
  const variant = v.variant?.replace(/^.*[/\\]/, '').replace(/\.[cm]?[tj]s$/, '');
  const base = [model, variant, program, v.property, size, faults, c.collide === true ? 'collide' : undefined].filter(Boolean).join('-');
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
