/**
 * Evaluating a model's properties on a step. Properties are checked in the model's order (G1, G2, …),
 * state properties on the state after the step and transition properties on the step itself; the
 * first failing property is the verdict. Advisory properties never fail a check unless `strict`;
 * they are collected instead.
 */
import type { Model, Step, Violation } from '../model/core/model.ts';

export interface Verdict {
  /** The first failing (non-advisory, unless strict) property, if any. */
  readonly violation: Violation | null;
  /** Advisory properties that failed on this step. */
  readonly advisories: readonly Violation[];
}

const NONE: Verdict = { violation: null, advisories: [] };

/** Checks the state properties of an initial state. */
export function checkInitial<S>(model: Model<S>, s: S, strict: boolean): Verdict {
  let advisories: Violation[] | null = null;
  for (const p of model.properties) {
    if (p.state === undefined) continue;
    const m = p.state(s);
    if (m === null) continue;
    const v = { property: p.id, message: m };
    if (!p.advisory || strict) return { violation: v, advisories: advisories ?? [] };
    (advisories ??= []).push(v);
  }
  return advisories === null ? NONE : { violation: null, advisories };
}

/** Checks every property on the step `before → step.next`. */
export function checkStep<S>(model: Model<S>, before: S, step: Step<S>, strict: boolean): Verdict {
  let advisories: Violation[] | null = null;
  for (const p of model.properties) {
    let m: string | null = null;
    if (p.transition !== undefined) m = p.transition(before, step);
    if (m === null && p.state !== undefined) m = p.state(step.next);
    if (m === null) continue;
    const v = { property: p.id, message: m };
    if (!p.advisory || strict) return { violation: v, advisories: advisories ?? [] };
    (advisories ??= []).push(v);
  }
  return advisories === null ? NONE : { violation: null, advisories };
}
