/**
 * What the models' tests of the fast engine share: one model run on the reference engine
 * (breadth-first) and on the fast engine, with what a test compares (verdict, property, counts,
 * printed rows, advisories). Plain functions; usable from any test runner.
 */
import type { Model } from '../../model/core/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { check } from '../check.ts';
import type { Outcome } from '../outcome.ts';
import { fastCheck, type FastOptions } from './engine.ts';

/** An outcome as a test compares it: verdict, property, counts, message and printed rows. */
export interface Compared {
  readonly outcome: Outcome['outcome'];
  readonly property?: string;
  readonly states: number;
  readonly transitions: number;
  readonly message?: string;
  readonly rows: readonly string[];
  /** The first advisory finding per property, with its rows. */
  readonly advisories: readonly { readonly property: string; readonly message: string; readonly rows: readonly string[] }[];
}

function compared(o: Outcome): Compared {
  const base = { outcome: o.outcome, states: o.stats.states, transitions: o.stats.transitions, advisories: o.advisories };
  return o.outcome === 'violation' ? { ...base, property: o.property, message: o.message, rows: o.rows.map(printRow) } : { ...base, rows: [] };
}

/** Runs `model` on the reference engine (bfs) and on the fast engine with the same options. */
export function bothEngines<S>(model: Model<S>, options: FastOptions = {}): { readonly reference: Compared; readonly fast: Compared } {
  return { reference: compared(check(model, { ...options, strategy: 'bfs' })), fast: compared(fastCheck(model, options)) };
}
