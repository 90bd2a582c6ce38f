/**
 * Maelstrom's other workloads, with its bodies (doc/workloads.md) and checkers that judge what
 * Maelstrom's judge:
 *
 * - `echo`: `echo {echo}` → `echo_ok {echo}`; every `ok` echoes its request.
 * - `unique-ids`: `generate` → `generate_ok {id}`; no id is returned twice.
 * - `broadcast`: `topology` first, then `broadcast {message}` → `broadcast_ok`, `read` →
 *   `read_ok {messages}`; every acknowledged message is in every final read, and no read holds a
 *   message nobody broadcast.
 * - `g-set`: `add {element}` → `add_ok`, `read` → `read_ok {value}`; the same two checks.
 * - `g-counter` / `pn-counter`: `add {delta}` → `add_ok`, `read` → `read_ok {value}`; every final read
 *   lies between the sum of acknowledged deltas and that sum plus every possibly-applied one.
 *
 * Not supported: Maelstrom's latency and availability statistics (time here is logical).
 */
import { pairOps } from '../history/history.ts';
import type { Body } from '../protocol/message.ts';
import type { CheckInput, Completion, Verdict, Workload } from './workload.ts';

const okIf = (f: string, reply: Body, value?: unknown): Completion => (reply.type === `${f}_ok` ? { type: 'ok', ...(value !== undefined ? { value } : {}) } : { type: 'info' });

/** `echo`. */
export const echo: Workload = {
  name: 'echo',
  title: 'echo: every reply carries the request\'s payload back',
  generate: (rng, i) => {
    const echo = `Please echo ${i} ${rng.int(1000)}`;
    return { f: 'echo', value: echo, body: { type: 'echo', echo } };
  },
  complete: (f, value, reply) => (reply.type === 'echo_ok' ? { type: 'ok', value: reply.echo } : { type: 'info', value }),
  check(input: CheckInput): Verdict {
    const ops = pairOps(input.history);
    for (const p of ops) {
      if (p.type === 'ok' && JSON.stringify(p.output) !== JSON.stringify(p.input)) {
        return { outcome: 'violation', property: 'echo', message: `p${p.process} sent ${JSON.stringify(p.input)} and got back ${JSON.stringify(p.output)}` };
      }
    }
    return { outcome: 'pass', summary: `${ops.filter((p) => p.type === 'ok').length} echoes returned their payload` };
  },
};

/** `unique-ids`. */
export const uniqueIds: Workload = {
  name: 'unique-ids',
  title: 'unique-ids: generate never returns the same id twice',
  generate: () => ({ f: 'generate', value: null, body: { type: 'generate' } }),
  complete: (f, _v, reply) => okIf(f, reply, reply.id ?? null),
  check(input: CheckInput): Verdict {
    const seen = new Map<string, number>();
    const ops = pairOps(input.history).filter((p) => p.type === 'ok');
    for (const p of ops) {
      const id = JSON.stringify(p.output);
      if (seen.has(id)) return { outcome: 'violation', property: 'unique', message: `id ${id} was returned to p${seen.get(id)} and again to p${p.process}` };
      seen.set(id, p.process);
    }
    return { outcome: 'pass', summary: `${ops.length} ids, all distinct` };
  },
};

function setCheck(name: string, addF: string, field: (p: { input: unknown }) => unknown) {
  return (input: CheckInput): Verdict => {
    const ops = pairOps(input.history);
    const acked = new Set(ops.filter((p) => p.f === addF && p.type === 'ok').map((p) => JSON.stringify(field(p))));
    const sent = new Set(ops.filter((p) => p.f === addF).map((p) => JSON.stringify(field(p))));
    const finals = ops.filter((p) => p.f === 'final-read' && p.type === 'ok');
    if (finals.length === 0) return { outcome: 'inconclusive', reason: 'no final read succeeded' };
    for (const r of ops.filter((p) => (p.f === 'read' || p.f === 'final-read') && p.type === 'ok')) {
      for (const x of r.output as unknown[]) {
        if (!sent.has(JSON.stringify(x))) return { outcome: 'violation', property: 'unexpected', message: `p${r.process} read ${JSON.stringify(x)}, which was never ${addF === 'add' ? 'added' : 'broadcast'}` };
      }
    }
    for (const r of finals) {
      const got = new Set((r.output as unknown[]).map((x) => JSON.stringify(x)));
      const lost = [...acked].filter((x) => !got.has(x));
      if (lost.length > 0) return { outcome: 'violation', property: 'lost', message: `the final read of p${r.process} misses acknowledged ${lost.join(', ')}` };
    }
    return { outcome: 'pass', summary: `${name}: ${acked.size} acknowledged elements in all ${finals.length} final reads` };
  };
}

const finalReads = (nodes: readonly string[]) => nodes.map((node) => ({ node, f: 'final-read', value: null, body: { type: 'read' } as Body }));

/** `broadcast`. */
export const broadcast: Workload = {
  name: 'broadcast',
  title: 'broadcast: every acknowledged message reaches every node',
  setup: (node, nodes) => ({ type: 'topology', topology: Object.fromEntries(nodes.map((n) => [n, nodes.filter((m) => m !== n)])) }),
  generate: (rng, i) => (rng.int(3) === 0 ? { f: 'read', value: null, body: { type: 'read' } } : { f: 'broadcast', value: i, body: { type: 'broadcast', message: i } }),
  complete: (f, value, reply) => (f === 'broadcast' ? okIf(f, reply, value) : okIf('read', reply, Array.isArray(reply.messages) ? reply.messages : [])),
  final: finalReads,
  check: setCheck('broadcast', 'broadcast', (p) => p.input),
};

/** `g-set`. */
export const gSet: Workload = {
  name: 'g-set',
  title: 'g-set: every acknowledged element is in every final read',
  generate: (rng, i) => (rng.int(3) === 0 ? { f: 'read', value: null, body: { type: 'read' } } : { f: 'add', value: i, body: { type: 'add', element: i } }),
  complete: (f, value, reply) => (f === 'add' ? okIf(f, reply, value) : okIf('read', reply, Array.isArray(reply.value) ? reply.value : [])),
  final: finalReads,
  check: setCheck('g-set', 'add', (p) => p.input),
};

function counter(name: 'g-counter' | 'pn-counter'): Workload {
  return {
    name,
    title: `${name}: every final read lies between the acknowledged and the possible sums`,
    generate: (rng) => {
      if (rng.int(3) === 0) return { f: 'read', value: null, body: { type: 'read' } };
      const delta = name === 'g-counter' ? rng.int(5) : rng.int(9) - 4;
      return { f: 'add', value: delta, body: { type: 'add', delta } };
    },
    complete: (f, value, reply) => (f === 'add' ? okIf(f, reply, value) : okIf('read', reply, reply.value)),
    final: finalReads,
    check(input: CheckInput): Verdict {
      const ops = pairOps(input.history);
      let lo = 0;
      let hi = 0;
      for (const p of ops.filter((p) => p.f === 'add' && p.type !== 'fail')) {
        const d = p.input as number;
        if (p.type === 'ok') {
          lo += d;
          hi += d;
        } else if (d < 0) lo += d;
        else hi += d;
      }
      const finals = ops.filter((p) => p.f === 'final-read' && p.type === 'ok');
      if (finals.length === 0) return { outcome: 'inconclusive', reason: 'no final read succeeded' };
      for (const r of finals) {
        const v = r.output;
        if (typeof v !== 'number' || v < lo || v > hi) return { outcome: 'violation', property: 'sum', message: `the final read of p${r.process} is ${JSON.stringify(v)}, outside [${lo}, ${hi}]` };
      }
      return { outcome: 'pass', summary: `${finals.length} final reads within [${lo}, ${hi}]` };
    },
  };
}

/** `g-counter`. */
export const gCounter = counter('g-counter');
/** `pn-counter`. */
export const pnCounter = counter('pn-counter');
