/**
 * A grove-local run as the reports' sequence diagram data (`reports/graph/sequence.ts`'s
 * `SequenceDiagram`): one lane per client and one for the remote; each step its op and result, and
 * what it changed on the remote (`a3 = b1 (c1..=c3)`, `main: a@2 → a@3`). Local steps (writes,
 * squashes, rebases) change nothing remote. Pure.
 */
import type { SequenceDiagram, SequenceStep } from '../graph/sequence.ts';
import { printOp, printResult } from '../../scenarios/notation/print.ts';
import { localName, remoteName, stagedName } from '../../model/grove-local/names.ts';
import type { LocalState } from '../../model/grove-local/state.ts';
import type { LocalTrace } from './trace.ts';

/** What a step changed on the remote, in words. */
export function localRemoteChanges(before: LocalState, after: LocalState): string[] {
  const out: string[] = [];
  for (let k = before.remote.entries.length; k < after.remote.entries.length; k++) {
    const e = after.remote.entries[k];
    out.push(`${remoteName(k + 1)} = ${stagedName(e.client, e.staged)} (${localName(e.client, e.lo)}..=${localName(e.client, e.hi)})`);
  }
  if (before.remote.main !== after.remote.main) out.push(`main: a@${before.remote.main} → a@${after.remote.main}`);
  return out;
}

/** The sequence diagram of a trace, with the reported violation marked. */
export function localSequenceOf(t: LocalTrace, violation?: { readonly atRow: number; readonly property: string; readonly message: string }): SequenceDiagram {
  const lanes: string[] = [];
  const steps: SequenceStep[] = t.steps.map((s) => {
    const row = s.row;
    const actor = row.kind === 'note' ? '' : row.actor;
    if (actor !== '' && !lanes.includes(actor)) lanes.push(actor);
    const call = row.kind === 'call' || row.kind === 'invoke' ? row : null;
    const result = row.kind === 'call' ? printResult(row.result) : '';
    return {
      index: s.index,
      actor,
      op: call !== null ? printOp(call.op) : '',
      result,
      ok: row.kind === 'call' ? row.result.kind === 'ok' : null,
      remote: localRemoteChanges(s.before, s.after),
      acked: [],
      failed: [],
      violations: s.violations,
      violating: violation !== undefined && s.index === violation.atRow,
    };
  });
  return { lanes: [...lanes.sort(), 'remote'], steps, ...(violation !== undefined ? { violation: { step: violation.atRow, property: violation.property, message: violation.message } } : {}) };
}
