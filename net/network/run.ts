/**
 * The network and its scheduler: runs a plan against real node processes, owning every message.
 *
 * Every message (client to node, node to node, node to service and back) goes into the queue of its
 * link `src->dest`. Each logical step the scheduler either invokes an idle client's next operation
 * (each client runs its own operations in plan order) or delivers the head of one non-empty link
 * whose destination is not paused: the candidate with the highest priority, a hash of the seed and
 * the candidate's content (sender, receiver and body without message ids; the op's id in the plan).
 * Random priorities, as in PCT, rather than a stream of random draws: removing an unrelated operation
 * while shrinking then leaves the relative order of the remaining messages alone, so a failure
 * survives its shrinking.
 *
 * **Slow links, redrawn per epoch.** Random priorities alone deliver most messages within a few
 * steps, so a message that must stay behind many others (the leader's `replicate` to a follower while
 * a client writes, is answered, and reads at that follower) almost never does. So, as PCT gives each
 * thread a priority and changes it at a few drawn points, the run goes in epochs: each link between
 * two non-clients (node to node, node to service and back) is slow or not for a whole epoch (one half
 * each, hashed from the seed and the epoch), and a slow link's head is delivered only when nothing
 * else can move. Client traffic is never slow, so clients keep invoking and being answered while a
 * slow link's messages wait, for many steps. The plan draws where epochs begin (plan.ts: at one
 * operation in `EPOCH_ODDS`); an epoch begins when its first operation is invoked. Operations keep
 * their ids and epochs in a shrunk plan, so removing one leaves the schedule of the others alone.
 *
 * A delivery to a node waits for the node's quiescence (node/process.ts) and queues what it wrote.
 * Faults fire at their planned step: a partition drops every message that crosses it at delivery; a
 * crash SIGKILLs the node (messages to it are dropped) and a restart starts it again in its own
 * directory and sends `init` again; a pause SIGSTOPs it (its links hold their messages); drop,
 * duplicate, delay (to the back of its link) and reorder (deliver the link's last message first) hit
 * the next delivery; lose-reply makes the next service reply an indefinite error.
 *
 * A client whose request is not answered within `timeoutSteps` steps records `info` and continues as
 * a new process (Jepsen's convention). After the plan's operations, the network heals, resumes and
 * restarts everything, drains, runs the workload's final operations, and drains again.
 *
 * A node that writes a non-JSON line, a reply to a message its client never sent, a message to an
 * unknown destination, or that exits at start-up stops the run with a {@link BadNode} error naming
 * the node and the line; the history so far is kept in the result.
 */
import { join } from 'node:path';
import { formatMessage, isDefinite, ERROR_CODES, parseLine, type Body, type Message } from '../protocol/message.ts';
import { NodeProcess } from '../node/process.ts';
import type { HistoryEvent } from '../history/history.ts';
import type { Service } from '../services/service.ts';
import type { Verdict, Workload } from '../workloads/workload.ts';
import { describeFault, nodeIds, type Fault, type Plan, type PlannedOp } from './plan.ts';

/** How to run a plan. */
export interface RunConfig {
  readonly argv: readonly string[];
  readonly workload: Workload;
  /** Builds a fresh service by name (`lin-kv`, `grove`, …); undefined for an unknown name. */
  readonly service: (name: string) => Service | undefined;
  /** Directory for the nodes' own directories and stderr logs. */
  readonly dir: string;
  /** Last-resort deadline of one quiescence wait (ms). */
  readonly deadlineMs: number;
  /** Steps a client waits for a reply before recording `info`. */
  readonly timeoutSteps: number;
  /** Step budget of the whole run. */
  readonly maxSteps: number;
}

/** One thing the network did, for the Lamport diagram and divergence detection. */
export interface TraceEvent {
  readonly t: number;
  readonly kind: 'deliver' | 'drop' | 'duplicate' | 'fault' | 'spontaneous' | 'init';
  readonly src?: string;
  readonly dest?: string;
  readonly type?: string;
  readonly msgId?: number;
  readonly inReplyTo?: number;
  /** Step at which the message was sent. */
  readonly sent?: number;
  readonly note?: string;
}

/** A node that broke the protocol. */
export interface BadNode {
  readonly node: string;
  readonly message: string;
  readonly t: number;
}

/** What running a plan produced. */
export interface RunResult {
  readonly plan: Plan;
  readonly history: HistoryEvent[];
  readonly trace: TraceEvent[];
  readonly verdict: Verdict;
  readonly badNode?: BadNode;
  /** Where wall-clock timing could have changed the run: quiescence deadlines hit, lines a node wrote between deliveries. */
  readonly nondeterminism: { readonly deadlines: number; readonly spontaneous: number };
  readonly steps: number;
  readonly services: ReadonlyMap<string, Service>;
  /** Node id → its stderr log file. */
  readonly logs: Readonly<Record<string, string>>;
}

class Stop extends Error {
  constructor(readonly bad: BadNode) {
    super(bad.message);
  }
}

interface Queued extends Message {
  readonly sent: number;
  /**
   * The step of the service call this message follows from: a service's reply carries the step at
   * which the service applied the request, and what a node writes on receiving it inherits that step.
   * A node's answer to its client is then timed at the remote call that decided it (the grove
   * checker's acknowledgement point), not at whenever the network delivers it.
   */
  readonly origin?: number;
  /** How many earlier messages had the same content (see `content`). */
  readonly nth: number;
}

interface ClientState {
  process: number;
  nextMsgId: number;
  sent: Set<number>;
  busy: { msgId: number; op: PlannedOp; since: number } | null;
}

/** Runs a plan to the end and checks it. Always stops the node processes it started. */
export async function runPlan(plan: Plan, cfg: RunConfig): Promise<RunResult> {
  const nodes = nodeIds(plan.nodes);
  const procs = new Map<string, NodeProcess>();
  const logs: Record<string, string> = {};
  for (const id of nodes) {
    logs[id] = join(cfg.dir, `${id}.stderr.log`);
    procs.set(id, new NodeProcess({ id, argv: cfg.argv, dir: join(cfg.dir, id), log: logs[id], deadlineMs: cfg.deadlineMs }));
  }
  const services = new Map<string, Service>();
  const priority = (text: string): number => {
    let h = (0x811c9dc5 ^ plan.seed) | 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    return (h ^ (h >>> 15)) >>> 0;
  };
  const content = (m: Queued): string => {
    const { msg_id: _a, in_reply_to: _b, ...rest } = m.body;
    return `${m.src}>${m.dest}:${JSON.stringify(rest)}#${m.nth}`;
  };
  const isClient = (id: string): boolean => /^c\d+$/.test(id);
  // The current epoch: the latest begun by an operation invoked so far (plan.ts draws them).
  let epoch = 0;
  const slow = (link: string): boolean => {
    const [src, dest] = link.split('->');
    return !isClient(src) && !isClient(dest) && priority(`slow:${epoch}:${link}`) % 2 === 1;
  };
  // How many messages with the same content came before: repeated messages get fresh priorities.
  const seenContent = new Map<string, number>();
  const links = new Map<string, Queued[]>();
  const history: HistoryEvent[] = [];
  const trace: TraceEvent[] = [];
  const crashed = new Set<string>();
  const blocked = new Set<string>();
  const clients: ClientState[] = Array.from({ length: plan.clients }, (_, i) => ({ process: i, nextMsgId: 1, sent: new Set(), busy: null }));
  const clientId = (i: number): string => `c${i + 1}`;
  let t = 0;
  let spontaneous = 0;
  let messageFault: Fault['kind'] | null = null;
  let loseReply = false;
  let initId = 1;

  const serviceOf = (name: string): Service | undefined => {
    let s = services.get(name);
    if (s === undefined) {
      s = cfg.service(name);
      if (s !== undefined) services.set(name, s);
    }
    return s;
  };
  for (const s of cfg.workload.services ?? []) serviceOf(s);

  const enqueue = (m: Message, origin?: number): void => {
    const key = `${m.src}->${m.dest}`;
    let q = links.get(key);
    if (q === undefined) links.set(key, (q = []));
    const { msg_id: _a, in_reply_to: _b, ...rest } = m.body;
    const c = `${m.src}>${m.dest}:${JSON.stringify(rest)}`;
    const nth = seenContent.get(c) ?? 0;
    seenContent.set(c, nth + 1);
    q.push({ src: m.src, dest: m.dest, body: m.body, sent: t, nth, ...(origin !== undefined ? { origin } : {}) });
  };

  const clientIndex = (id: string): number => (/^c\d+$/.test(id) ? Number(id.slice(1)) - 1 : -1);

  const fromNode = (node: string, lines: readonly string[], how: 'reply' | 'spontaneous', origin?: number): void => {
    for (const line of lines) {
      const m = parseLine(node, line);
      if ('error' in m) throw new Stop({ node, message: m.error, t });
      const c = clientIndex(m.dest);
      if (c >= 0) {
        if (c >= clients.length) throw new Stop({ node, message: `node ${node} sent a message to ${m.dest}, which does not exist: ${JSON.stringify(line)}`, t });
        const irt = m.body.in_reply_to;
        if (irt === undefined || !clients[c].sent.has(irt)) {
          throw new Stop({ node, message: `node ${node} answered message ${irt ?? '(no in_reply_to)'} of ${m.dest}, which ${m.dest} never sent: ${JSON.stringify(line)}`, t });
        }
      } else if (!procs.has(m.dest) && serviceOf(m.dest) === undefined) {
        throw new Stop({ node, message: `node ${node} sent a message to ${JSON.stringify(m.dest)}, which is neither a node, a client nor a service: ${JSON.stringify(line)}`, t });
      }
      if (how === 'spontaneous') {
        spontaneous++;
        trace.push({ t, kind: 'spontaneous', src: m.src, dest: m.dest, type: m.body.type });
      }
      enqueue(m, origin);
    }
  };

  const startNode = async (id: string, started = false): Promise<void> => {
    const p = procs.get(id)!;
    if (!started) p.start();
    const body: Body = { type: 'init', msg_id: initId++, node_id: id, node_ids: nodes };
    const r = await p.deliver(formatMessage({ src: 'c0', dest: id, body }), true);
    if (r.quiet === 'exited') {
      throw new Stop({ node: id, message: `node ${id} ${p.exit ?? 'exited'} at start-up, before answering init (its log: ${logs[id]})`, t });
    }
    trace.push({ t, kind: 'init', dest: id, type: 'init' });
    const rest: string[] = [];
    let ok = false;
    for (const line of r.lines) {
      const m = parseLine(id, line);
      if ('error' in m) throw new Stop({ node: id, message: m.error, t });
      if (m.dest === 'c0' && m.body.type === 'init_ok' && m.body.in_reply_to === body.msg_id) ok = true;
      else rest.push(line);
    }
    if (!ok) throw new Stop({ node: id, message: `node ${id} did not answer init with init_ok (in_reply_to ${body.msg_id}) before going quiet`, t });
    fromNode(id, rest, 'reply');
  };

  const record = (e: Omit<HistoryEvent, 'time'>): void => {
    history.push({ ...e, time: t });
  };

  const complete = (c: ClientState, reply: Body | null, replied?: number): void => {
    const op = c.busy!.op;
    let type: 'ok' | 'fail' | 'info';
    let value: unknown = op.value;
    let error: unknown;
    if (reply === null) {
      type = 'info';
      error = { code: 0, name: 'timeout', text: `no reply within ${cfg.timeoutSteps} steps` };
    } else if (reply.type === 'error') {
      const code = typeof reply.code === 'number' ? reply.code : -1;
      type = isDefinite(code) ? 'fail' : 'info';
      error = { code, name: ERROR_CODES[code]?.name ?? 'unknown', ...(typeof reply.text === 'string' ? { text: reply.text } : {}) };
      const w = cfg.workload.complete(op.f, op.value, reply);
      if (type === 'fail' && w.type === 'ok') type = 'ok';
      if (w.value !== undefined) value = w.value;
    } else {
      const w = cfg.workload.complete(op.f, op.value, reply);
      type = w.type;
      value = w.value ?? op.value;
    }
    record({ process: c.process, type, f: op.f, value, node: op.node, ...(replied !== undefined ? { replied } : {}), ...(error !== undefined ? { error } : {}) });
    if (type === 'info') c.process += plan.clients;
    c.busy = null;
  };

  const invoke = (op: PlannedOp): void => {
    const c = clients[op.client];
    const msgId = c.nextMsgId++;
    c.sent.add(msgId);
    c.busy = { msgId, op, since: t };
    record({ process: c.process, type: 'invoke', f: op.f, value: op.value, node: op.node });
    enqueue({ src: clientId(op.client), dest: op.node, body: { ...op.body, msg_id: msgId } });
    if (op.epoch !== undefined && op.epoch > epoch) epoch = op.epoch;
  };

  const fire = async (f: Fault): Promise<void> => {
    trace.push({ t, kind: 'fault', note: describeFault(f), ...(f.node !== undefined ? { dest: f.node } : {}) });
    switch (f.kind) {
      case 'partition': {
        const side = new Set(f.side ?? []);
        // Between nodes only: clients and services stay reachable, as in Maelstrom.
        for (const a of side) for (const b of nodes) if (!side.has(b)) blocked.add(`${a}->${b}`).add(`${b}->${a}`);
        break;
      }
      case 'heal':
        blocked.clear();
        break;
      case 'crash':
        if (!crashed.has(f.node!)) {
          await procs.get(f.node!)!.kill();
          crashed.add(f.node!);
        }
        break;
      case 'restart':
        if (crashed.has(f.node!)) {
          crashed.delete(f.node!);
          await startNode(f.node!);
        }
        break;
      case 'pause':
        if (!crashed.has(f.node!)) procs.get(f.node!)!.pause();
        break;
      case 'resume':
        procs.get(f.node!)!.resume();
        break;
      case 'lose-reply':
        loseReply = true;
        break;
      default:
        messageFault = f.kind;
    }
  };

  const deliver = async (key: string): Promise<void> => {
    const q = links.get(key)!;
    let m: Queued;
    const fault = messageFault;
    messageFault = null;
    if (fault === 'reorder' && q.length > 1) m = q.pop()!;
    else if (fault === 'delay' && q.length > 1) {
      q.push(q.shift()!);
      trace.push({ t, kind: 'fault', note: `delay ${key} @${t}` });
      return;
    } else m = q.shift()!;
    if (q.length === 0) links.delete(key);
    const ev = { t, src: m.src, dest: m.dest, type: m.body.type, msgId: m.body.msg_id, inReplyTo: m.body.in_reply_to, sent: m.sent };
    if (fault === 'drop' || blocked.has(key) || crashed.has(m.dest)) {
      trace.push({ ...ev, kind: 'drop', note: fault === 'drop' ? 'dropped' : blocked.has(key) ? 'partitioned' : `${m.dest} is down` });
      return;
    }
    if (fault === 'duplicate') {
      enqueue(m, m.origin);
      trace.push({ ...ev, kind: 'duplicate' });
    }
    trace.push({ ...ev, kind: 'deliver' });
    const c = clientIndex(m.dest);
    if (c >= 0) {
      const cs = clients[c];
      if (cs.busy !== null && cs.busy.msgId === m.body.in_reply_to) complete(cs, m.body, m.origin ?? m.sent);
      return;
    }
    const svc = services.get(m.dest);
    if (svc !== undefined) {
      const lose = loseReply;
      loseReply = false;
      const reply = svc.handle(m, t, lose);
      if (reply !== undefined) enqueue({ src: svc.id, dest: m.src, body: reply }, t);
      return;
    }
    const p = procs.get(m.dest)!;
    const r = await p.deliver(formatMessage(m));
    if (r.quiet === 'exited' && !crashed.has(m.dest)) {
      fromNode(m.dest, r.lines, 'reply', m.origin);
      throw new Stop({ node: m.dest, message: `node ${m.dest} ${p.exit ?? 'exited'} while handling ${JSON.stringify(formatMessage(m))} (its log: ${logs[m.dest]})`, t });
    }
    fromNode(m.dest, r.lines, 'reply', m.origin);
  };

  /** Links whose head can be delivered (destination not paused), slow links apart. */
  const deliverable = (): { fast: string[]; slowed: string[] } => {
    const fast: string[] = [];
    const slowed: string[] = [];
    for (const k of [...links.keys()].sort()) {
      if (procs.get(links.get(k)![0].dest)?.paused) continue;
      (slow(k) ? slowed : fast).push(k);
    }
    return { fast, slowed };
  };

  /** Runs steps until `ops` are all done and the network is quiet, or the budget ends. */
  const phase = async (ops: readonly PlannedOp[], faults: readonly Fault[]): Promise<void> => {
    // Each client runs its own operations in plan order, independently of the others (Jepsen's
    // processes): an idle client's next operation is a candidate while another client waits.
    const queues = clients.map((_, i) => ops.flatMap((o, k) => (o.client === i ? [k] : [])));
    let left = ops.length;
    let f = 0;
    while (t < cfg.maxSteps) {
      while (f < faults.length && faults[f].at <= t) await fire(faults[f++]);
      for (const c of clients) if (c.busy !== null && t - c.busy.since > cfg.timeoutSteps) complete(c, null);
      const choices: (string | number)[] = [];
      for (let i = 0; i < clients.length; i++) if (clients[i].busy === null && queues[i].length > 0) choices.push(queues[i][0]);
      const { fast, slowed } = deliverable();
      choices.push(...fast);
      // A slow link moves only when nothing else can.
      if (choices.length === 0) choices.push(...slowed);
      if (choices.length === 0) {
        const waiting = clients.some((c) => c.busy !== null);
        if (left === 0 && !waiting && f >= faults.length) return;
        if (f < faults.length) t = Math.max(t + 1, faults[f].at);
        else if (waiting) t = Math.min(...clients.filter((c) => c.busy !== null).map((c) => c.busy!.since)) + cfg.timeoutSteps + 1;
        else t++;
        continue;
      }
      let pick = choices[0];
      let best = -1;
      for (const c of choices) {
        const p = typeof c === 'number' ? priority(ops[c].id !== undefined ? `op:${ops[c].id}` : `final:${c}`) : priority(content(links.get(c)![0]));
        if (p > best) {
          best = p;
          pick = c;
        }
      }
      if (typeof pick === 'number') {
        queues[ops[pick].client].shift();
        left--;
        invoke(ops[pick]);
      } else await deliver(pick);
      for (const id of nodes) if (!crashed.has(id)) fromNode(id, procs.get(id)!.take(), 'spontaneous');
      t++;
    }
  };

  let bad: BadNode | undefined;
  try {
    // Started together (interpreters load in parallel), then initialized one by one.
    for (const id of nodes) procs.get(id)!.start();
    for (const id of nodes) await startNode(id, true);
    for (const id of nodes) {
      const b = cfg.workload.setup?.(id, nodes);
      if (b !== undefined) enqueue({ src: 'c0', dest: id, body: { ...b, msg_id: initId++ } });
    }
    await phase(plan.ops, plan.faults);
    // Heal everything, then let the cluster converge and run the final operations.
    for (const id of nodes) {
      if (crashed.has(id)) await fire({ at: t, kind: 'restart', node: id });
      else if (procs.get(id)!.paused) await fire({ at: t, kind: 'resume', node: id });
    }
    if (blocked.size > 0) await fire({ at: t, kind: 'heal' });
    await phase([], []);
    const finals = (cfg.workload.final?.(nodes) ?? []).map((o, i) => ({ client: i % plan.clients, node: o.node, f: o.f, value: o.value, body: o.body }));
    await phase(finals, []);
    for (const c of clients) if (c.busy !== null) complete(c, null);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    bad = e.bad;
  } finally {
    for (const p of procs.values()) {
      p.resume();
      await p.kill();
    }
  }
  const deadlines = [...procs.values()].reduce((n, p) => n + p.deadlines, 0);
  const verdict: Verdict = bad !== undefined ? { outcome: 'inconclusive', reason: bad.message } : cfg.workload.check({ history, services });
  return { plan, history, trace, verdict, ...(bad !== undefined ? { badNode: bad } : {}), nondeterminism: { deadlines, spontaneous }, steps: t, services, logs };
}

/** The first index where two traces (or histories) differ, or -1: a replay of the same plan that diverges. */
export function firstDivergence(a: readonly (TraceEvent | HistoryEvent)[], b: readonly (TraceEvent | HistoryEvent)[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i;
  return -1;
}
