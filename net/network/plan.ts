/**
 * A run's plan: the client operations and the fault schedule, drawn from the seed up front. The
 * scheduler's own choices (which queued message goes next) come from the seed too, so a plan and its
 * seed determine the run. Shrinking removes operations and faults from a plan and replays it; a
 * shrunk plan is saved as JSON and replayed with `grove-check run --replay FILE`.
 */
import type { Body } from '../protocol/message.ts';
import type { Workload } from '../workloads/workload.ts';
import { prng } from './prng.ts';

/** What the network can do wrong. Message faults hit the next message delivered after `at`. */
export const FAULT_KINDS = ['partition', 'crash', 'pause', 'drop', 'duplicate', 'delay', 'reorder', 'lose-reply'] as const;
/** A fault family the user can ask for with `--faults`. */
export type FaultFamily = (typeof FAULT_KINDS)[number];

/** One scheduled fault. `heal`, `restart` and `resume` end a `partition`, `crash` and `pause`. */
export interface Fault {
  /** Logical step at which it fires. */
  readonly at: number;
  readonly kind: FaultFamily | 'heal' | 'restart' | 'resume';
  /** The node it hits (crash, restart, pause, resume). */
  readonly node?: string;
  /** Partition: the side cut off from everyone else. */
  readonly side?: readonly string[];
}

/** One client operation of the plan. */
export interface PlannedOp {
  readonly client: number;
  readonly node: string;
  readonly f: string;
  readonly value: unknown;
  readonly body: Body;
  /** Its index in the plan as drawn: a shrunk plan keeps it, so the op keeps its scheduling priority. */
  readonly id?: number;
  /**
   * The id of the operation that began its epoch of slow links (network/run.ts): a new epoch begins
   * at an operation with probability 1/{@link EPOCH_ODDS}, drawn from the seed. Kept by a shrunk plan.
   */
  readonly epoch?: number;
}

/** An operation begins a new epoch of slow links with probability one in this. */
export const EPOCH_ODDS = 8;

/** Everything a run is made of. */
export interface Plan {
  readonly seed: number;
  readonly workload: string;
  readonly nodes: number;
  readonly clients: number;
  readonly ops: readonly PlannedOp[];
  readonly faults: readonly Fault[];
}

/** The node ids `n1..nN`. */
export function nodeIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `n${i + 1}`);
}

/** Options of {@link generatePlan}. */
export interface PlanOptions {
  readonly seed: number;
  readonly nodes: number;
  readonly clients: number;
  readonly ops: number;
  readonly faults: readonly FaultFamily[];
}

/** Draws a plan from the seed. Pure. */
export function generatePlan(w: Workload, o: PlanOptions): Plan {
  const rng = prng(o.seed, 'plan');
  const nodes = nodeIds(o.nodes);
  // Epochs from a stream of their own, so that the operations are the same as without them.
  const epochs = prng(o.seed, 'epochs');
  const ops: PlannedOp[] = [];
  let epoch = 0;
  for (let i = 0; i < o.ops; i++) {
    const client = rng.int(o.clients);
    const node = nodes[rng.int(nodes.length)];
    const g = w.generate(rng, i, client);
    if (i > 0 && epochs.int(EPOCH_ODDS) === 0) epoch = i;
    ops.push({ client, node, f: g.f, value: g.value, body: g.body, id: i, epoch });
  }
  // Client operations take a few steps each: faults land among them, not after them.
  const span = Math.max(10, o.ops * 3);
  const faults: Fault[] = [];
  const count = Math.max(1, Math.round(o.ops / 8));
  for (const kind of o.faults) {
    for (let k = 0; k < count; k++) {
      const at = rng.int(span);
      const node = nodes[rng.int(nodes.length)];
      const len = 5 + rng.int(span / 2);
      if (kind === 'crash') faults.push({ at, kind, node }, { at: at + len, kind: 'restart', node });
      else if (kind === 'pause') faults.push({ at, kind, node }, { at: at + len, kind: 'resume', node });
      else if (kind === 'partition') {
        if (nodes.length < 2) continue;
        const rest = nodes.slice();
        const side: string[] = [];
        for (let size = 1 + rng.int(nodes.length - 1); side.length < size; ) side.push(rest.splice(rng.int(rest.length), 1)[0]);
        faults.push({ at, kind, side: side.sort() }, { at: at + len, kind: 'heal' });
      } else faults.push({ at, kind });
    }
  }
  faults.sort((a, b) => a.at - b.at);
  return { seed: o.seed, workload: w.name, nodes: o.nodes, clients: o.clients, ops, faults };
}

/** `crash n2 @14`-style row. */
export function describeFault(f: Fault): string {
  const who = f.node !== undefined ? ` ${f.node}` : f.side !== undefined ? ` {${f.side.join(',')}} | rest` : '';
  return `${f.kind}${who} @${f.at}`;
}
