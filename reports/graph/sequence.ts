/**
 * The actors' steps as a sequence diagram, as plain data: one lane per actor and one for the remote,
 * each step an op from an actor's lane to the remote with its result, what it changed on the remote
 * (entries, logs, refs) and in the ghost facts (acknowledged, reported failed), and the violating step
 * marked. Renderers: `render/sequence-ascii.ts`, `render/sequence-svg.ts`.
 */
import { showRef, type GroveState } from '../../model/grove/state.ts';
import { printOp, printResult, printRow } from '../../scenarios/notation/print.ts';
import type { StepViolation, Trace } from '../trace/trace.ts';

/** One step in the diagram. */
export interface SequenceStep {
  /** 1-based row number. */
  readonly index: number;
  readonly actor: string;
  /** `Append<a@1>`; for a fault row, `crash`/`restart`. */
  readonly op: string;
  /** `Ok`, `Err: conflict`, `Ok(a@0)`, `?`; empty when the row has none. */
  readonly result: string;
  /** True for Ok, false for Err, null when unknown or not a call. */
  readonly ok: boolean | null;
  /** The result the scenario wrote, when it differs from the model's. */
  readonly written?: string;
  /** Changes on the remote: `a1 = 1.1`, `log c from a@0`, `main: a@1 → c@1`. */
  readonly remote: readonly string[];
  /** Commits this step acknowledged / reported failed (ghost facts). */
  readonly acked: readonly string[];
  readonly failed: readonly string[];
  readonly violations: readonly StepViolation[];
  /** The step at which the reported property fails. */
  readonly violating: boolean;
}

/** A whole diagram. */
export interface SequenceDiagram {
  /** Actor lanes in order of appearance, then `remote`. */
  readonly lanes: readonly string[];
  readonly steps: readonly SequenceStep[];
  /** The reported violation, if any. */
  readonly violation?: { readonly step: number; readonly property: string; readonly message: string };
}

/** What a step changed on the remote, in words, in a fixed order (logs, entries, refs). */
export function remoteChanges(before: GroveState, after: GroveState, withLsn: boolean): string[] {
  const out: string[] = [];
  const b = before.remote;
  const a = after.remote;
  for (const id of Object.keys(a.logs).sort()) {
    const l = a.logs[id];
    const was = b.logs[id];
    if (was === undefined) out.push(l.base === null ? `new log ${id}` : `new log ${id} from ${showRef(l.base)}`);
    const s0 = l.base === null ? 0 : l.base.lsn;
    l.entries.forEach((c, i) => {
      if (was !== undefined && was.entries[i] === c) return;
      out.push(`${id}${/\d$/.test(id) ? '_' : ''}${s0 + 1 + i} = ${c ?? 'hole'}`);
    });
  }
  for (const name of Object.keys(a.refs).sort()) {
    const now = a.refs[name];
    const was = b.refs[name];
    if (was !== undefined && was.log === now.log && was.lsn === now.lsn) continue;
    out.push(was === undefined ? `${name} = ${showRef(now, withLsn)}` : `${name}: ${showRef(was, withLsn)} → ${showRef(now, withLsn)}`);
  }
  for (const name of Object.keys(b.refs).sort()) if (a.refs[name] === undefined) out.push(`${name} deleted`);
  return out;
}

/**
 * The diagram of a trace. `violation` is the reported one (a checker outcome's property and row);
 * without it, the first step with a non-advisory violation is marked.
 */
export function sequenceOf(t: Trace, violation?: { atRow: number; property: string; message: string }): SequenceDiagram {
  const lanes: string[] = [];
  const see = (id: string) => {
    if (!lanes.includes(id)) lanes.push(id);
  };
  const last = t.steps.length === 0 ? t.initial : t.steps[t.steps.length - 1].after;
  for (const a of last.actors) see(a.id);
  const withLsn = t.variant.refs === 'logref';
  const first = t.steps.find((s) => s.violations.some((v) => !v.advisory));
  const v = violation !== undefined
    ? { step: violation.atRow, property: violation.property, message: violation.message }
    : first !== undefined
      ? (() => {
          const x = first.violations.find((y) => !y.advisory)!;
          return { step: first.index, property: x.property, message: x.message };
        })()
      : undefined;
  const steps: SequenceStep[] = t.steps.map((s) => {
    const row = s.row;
    if (row.kind !== 'note') see(row.actor);
    const op = row.kind === 'call' || row.kind === 'invoke' ? printOp(row.op) : row.kind === 'fault' ? row.fault : row.kind === 'complete' ? '...' : row.text;
    const result = row.kind === 'call' || row.kind === 'complete' ? printResult(row.result) : '';
    const ok = row.kind === 'call' || row.kind === 'complete' ? (row.result.kind === 'unknown' ? null : row.result.kind === 'ok') : null;
    const w = s.written;
    const written = w === undefined ? undefined : w.kind === 'call' || w.kind === 'complete' ? printResult(w.result) : printRow(w);
    return {
      index: s.index,
      actor: row.kind === 'note' ? '' : row.actor,
      op,
      result,
      ok,
      ...(written !== undefined ? { written } : {}),
      remote: remoteChanges(s.before, s.after, withLsn),
      acked: s.after.acked.filter((c) => !s.before.acked.includes(c)),
      failed: s.after.failed.filter((c) => !s.before.failed.includes(c)),
      violations: s.violations,
      violating: v !== undefined && v.step === s.index,
    };
  });
  return { lanes: [...lanes, 'remote'], steps, ...(v !== undefined ? { violation: v } : {}) };
}
