/**
 * The `grove` workload: clients ask a node (the user's Grove client, in any language) to `push
 * {commit}`, `force_push {commit}` or `pull`; the node talks to the `grove` service (the remote:
 * services/grove.ts) and answers `push_ok`, `force_push_ok`, `pull_ok`. A `push_ok` or
 * `force_push_ok` is an acknowledgement; a definite error reports the push failed.
 *
 * Judged two ways. (1) G1–G7 (model/grove/properties.ts, the same property objects the model checker
 * uses) over the service's states: every request the remote applied is a step, and every
 * acknowledgement is a step at the time the node sent it; G7 and D1 are advisory (reported, never a
 * failure). (2) Linearizability of the remote's own history (lin/models/grove.ts), each request
 * atomic at the step the service applied it, a lost reply pending.
 */
import { groveProperties } from '../../model/grove/properties.ts';
import type { GroveEffect } from '../../model/grove/protocol.ts';
import type { GroveState, Remote } from '../../model/grove/state.ts';
import { checkLinearizable } from '../../lin/check.ts';
import { describeGroveOp, groveLinModel, EMPTY_GROVE_STORE, type GroveInput, type GroveOutput } from '../../lin/models/grove.ts';
import type { GroveRecord } from '../../lin/formats/grove.ts';
import type { Operation } from '../../lin/history.ts';
import type { Body } from '../protocol/message.ts';
import type { GroveService, GroveServiceStep } from '../services/grove.ts';
import type { CheckInput, Completion, Verdict, Workload } from './workload.ts';
import { formatGroveRecord } from '../../lin/formats/grove.ts';

/** An acknowledgement or failure of a push, as the client saw it, at the step the node answered. */
interface Outcome {
  readonly t: number;
  readonly commit: string;
  readonly acked: boolean;
  readonly node: string;
}

function outcomes(input: CheckInput): Outcome[] {
  const out: Outcome[] = [];
  for (const e of input.history) {
    if (e.type === 'invoke' || e.type === 'info' || (e.f !== 'push' && e.f !== 'force_push')) continue;
    const commit = (e.value as { commit: string }).commit;
    out.push({ t: e.replied ?? e.time, commit, acked: e.type === 'ok', node: e.node });
  }
  return out;
}

function effectOf(s: GroveServiceStep): GroveEffect {
  const i = s.input;
  const ok = s.output !== null && (s.output as { ok?: boolean }).ok !== false;
  const kind = i.op === 'read' ? 'read' : i.op;
  return {
    actor: s.node,
    kind,
    ok,
    ...(s.lost ? { lostReply: true } : {}),
    ...(i.op === 'append' ? { at: { log: i.log, lsn: i.lsn } } : {}),
    ...(i.op === 'cas' ? { expected: i.expected } : {}),
  };
}

const insert = (xs: readonly string[], x: string): readonly string[] => (xs.includes(x) ? xs : [...xs, x].sort());

/** The grove service of a run (the workload always starts one). */
export function groveServiceOf(input: CheckInput): GroveService {
  return input.services.get('grove') as GroveService;
}

/** The remote's history as lin operations: each request atomic at its step; a lost reply pending. */
export function groveOperations(svc: GroveService): Operation<GroveInput, GroveOutput>[] {
  return svc.steps.map((s, id) => ({ id, client: Number(s.node.slice(1)) || 0, input: s.input, output: s.lost ? undefined : s.output, call: 2 * s.t, ret: s.lost ? Infinity : 2 * s.t + 1 }));
}

/** The grove history (lin/formats/grove.ts) of a run: the remote's records plus one `ack` per acknowledged push. */
export function groveRecords(input: CheckInput): GroveRecord[] {
  const recs = groveServiceOf(input).records();
  const acks: GroveRecord[] = outcomes(input)
    .filter((o) => o.acked)
    .map((o) => ({ type: 'ack', client: Number(o.node.slice(1)) || 0, commit: o.commit, time: 2 * o.t + 1 }));
  return [recs[0], ...[...recs.slice(1), ...acks].sort((a, b) => Number((a as { time: number }).time) - Number((b as { time: number }).time))];
}

/** Judges a grove run: G1–G6 (G7, D1 advisory) on the remote's states, then linearizability. */
export function checkGrove(input: CheckInput): Verdict {
  const svc = groveServiceOf(input);
  const props = groveProperties(svc.variant);
  type Ev = { t: number; step?: GroveServiceStep; outcome?: Outcome };
  const evs: Ev[] = [...svc.steps.map((s) => ({ t: s.t, step: s })), ...outcomes(input).map((o) => ({ t: o.t, outcome: o }))];
  evs.sort((a, b) => a.t - b.t || (a.step !== undefined ? -1 : 1));
  let state: GroveState = { remote: EMPTY_GROVE_STORE, actors: [], acked: [], failed: [] };
  const rows: string[] = [];
  const advisories: string[] = [];
  for (const ev of evs) {
    let next: GroveState;
    let effect: GroveEffect;
    if (ev.step !== undefined) {
      const s = ev.step;
      next = { ...state, remote: s.after as Remote };
      effect = effectOf(s);
      rows.push(`${String(s.t).padStart(5)}  ${s.node} ${describeGroveOp(s.input, s.lost ? undefined : s.output)}${s.lost ? '  (reply lost)' : ''}`);
    } else {
      const o = ev.outcome!;
      next = o.acked ? { ...state, acked: insert(state.acked, o.commit) } : { ...state, failed: insert(state.failed, o.commit) };
      effect = { actor: o.node, kind: 'check', ok: o.acked, ...(o.acked ? { acked: o.commit } : { failed: o.commit }) };
      rows.push(`${String(o.t).padStart(5)}  ${o.node} ${o.acked ? 'acknowledged' : 'reported failed'} push of ${o.commit}`);
    }
    for (const p of props) {
      const msg = p.transition?.(state, { next, row: { kind: 'call', actor: effect.actor, op: effect.kind, result: { kind: 'ok' } } as never, effect }) ?? p.state?.(next) ?? null;
      if (msg === null) continue;
      if (p.advisory) {
        if (!advisories.some((a) => a.startsWith(p.id))) advisories.push(`${p.id}: ${msg}`);
        continue;
      }
      return { outcome: 'violation', property: p.id, message: `${p.id} ${p.title}: ${msg}`, witness: rows.slice(-40) };
    }
    state = next;
  }
  const ops = groveOperations(svc);
  const r = checkLinearizable(groveLinModel(EMPTY_GROVE_STORE, svc.variant), ops, { timeoutMs: 30_000 });
  if (r.outcome === 'not-linearizable') {
    return { outcome: 'violation', property: 'L', message: `the remote's history is not linearizable (partition ${r.partial[0].partition})`, witness: rows.slice(-40) };
  }
  if (r.outcome === 'unknown') return { outcome: 'inconclusive', reason: 'linearizability check of the remote ran out of time' };
  const advisory = advisories.length > 0 ? `; advisory: ${advisories.join('; ')}` : '';
  return { outcome: 'pass', summary: `G1–G6 hold over ${svc.steps.length} remote steps and ${state.acked.length} acknowledged pushes; the remote's history is linearizable${advisory}` };
}

/** The grove workload: push, force push and pull, in proportions 3:1:1. */
export const grove: Workload = {
  name: 'grove',
  title: 'a Grove client: push, force_push, pull against the grove service (G1–G7 and linearizability)',
  services: ['grove'],
  /** The remote's own history in the `grove` format that `grove-check lin` reads. */
  reportFiles: (input) => ({ 'grove.jsonl': groveRecords(input).map(formatGroveRecord).join('\n') + '\n' }),
  generate(rng, i, client) {
    const r = rng.int(5);
    const commit = `${client + 1}.${i + 1}`;
    if (r < 3) return { f: 'push', value: { commit }, body: { type: 'push', commit } };
    if (r < 4) return { f: 'force_push', value: { commit }, body: { type: 'force_push', commit } };
    return { f: 'pull', value: {}, body: { type: 'pull' } };
  },
  complete(f: string, value: unknown, reply: Body): Completion {
    if (reply.type === 'error') return { type: 'fail' };
    return reply.type === `${f}_ok` ? { type: 'ok', value: f === 'pull' ? { at: reply.at ?? null } : value } : { type: 'info' };
  },
  check: checkGrove,
};
