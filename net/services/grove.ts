/**
 * The `grove` service: the Grove remote as messages, backed by the model's own primitives (through
 * `groveApply` of lin/models/grove.ts, the linearizability model's own step), under a variant's ref
 * semantics (default `lsn-cas`, whose primitives are the correct ones).
 *
 * | request | reply |
 * | --- | --- |
 * | `append {log, lsn, commit}` | `append_ok`; error 22 (conflict: `lsn` is not tip+1), 20 (no such log) |
 * | `branch {from: {log, lsn}, to, commit}` | `branch_ok`; error 21 (log `to` exists), 20 (no such log) |
 * | `pull {ref}` (or `read`) | `pull_ok {at: {log, lsn}, tip}`; error 20 (no such ref) |
 * | `check {ref, at: {log, lsn}, mode?: "read" \| "advance"}` | `check_ok {actual}`; error 22 `{actual}` |
 * | `cas {ref, expected, next, compare?: "log" \| "logref"}` | `cas_ok {actual}`; error 22 `{actual}` |
 *
 * Every error is definite. A lost reply (the network's `lose-reply` fault) applies the request and
 * answers error 0 (`timeout`, indefinite) instead. Each request is one atomic step of the remote: the
 * service records it in the `grove` history format (lin/formats/grove.ts; the node's number is the
 * client) and keeps every state, for the G1–G7 checker (workloads/grove.ts).
 */
import { errorBody, type Body, type Message } from '../protocol/message.ts';
import type { Service } from './service.ts';
import type { GroveVariant } from '../../model/grove/variant.ts';
import type { LogRef, Remote } from '../../model/grove/state.ts';
import { EMPTY_GROVE_STORE, groveApply, type GroveInput, type GroveOutput } from '../../lin/models/grove.ts';
import type { GroveRecord } from '../../lin/formats/grove.ts';

/** One applied request: who, what, the result, and the remote before and after. */
export interface GroveServiceStep {
  readonly t: number;
  readonly node: string;
  readonly input: GroveInput;
  readonly output: GroveOutput;
  readonly lost: boolean;
  readonly before: Remote;
  readonly after: Remote;
}

/** The grove service with its recorded steps. */
export interface GroveService extends Service {
  readonly variant: GroveVariant;
  readonly steps: GroveServiceStep[];
  /** The steps as a `grove` history (JSONL records, `meta` first). */
  records(): GroveRecord[];
}

const isRef = (x: unknown): x is LogRef =>
  typeof x === 'object' && x !== null && typeof (x as LogRef).log === 'string' && Number.isInteger((x as LogRef).lsn);

/** Parses a request body into a primitive call, or returns an error text. */
function inputOf(b: Body, v: GroveVariant): GroveInput | string {
  const str = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
  switch (b.type) {
    case 'append':
      if (str('log') === undefined || !Number.isInteger(b.lsn) || str('commit') === undefined) return 'append needs {log, lsn, commit}';
      return { op: 'append', log: str('log')!, lsn: b.lsn as number, commit: str('commit')! };
    case 'branch':
      if (!isRef(b.from) || str('to') === undefined || str('commit') === undefined) return 'branch needs {from: {log, lsn}, to, commit}';
      return { op: 'branch', from: b.from, to: str('to')!, commit: str('commit')! };
    case 'pull':
    case 'read':
      if (str('ref') === undefined) return `${b.type} needs {ref}`;
      return { op: 'read', ref: str('ref')! };
    case 'check': {
      const mode = b.mode ?? v.check;
      if (str('ref') === undefined || !isRef(b.at) || (mode !== 'read' && mode !== 'advance')) return 'check needs {ref, at: {log, lsn}, mode?: "read" | "advance"}';
      return { op: 'check', ref: str('ref')!, at: b.at, mode };
    }
    case 'cas': {
      const compare = b.compare ?? v.refs;
      if (str('ref') === undefined || !isRef(b.expected) || !isRef(b.next) || (compare !== 'log' && compare !== 'logref')) {
        return 'cas needs {ref, expected: {log, lsn}, next: {log, lsn}, compare?: "log" | "logref"}';
      }
      return { op: 'cas', ref: str('ref')!, expected: b.expected, next: b.next, compare };
    }
    default:
      return `the grove service does not support ${JSON.stringify(b.type)}`;
  }
}

const CODE = { conflict: 22, missing: 20, exists: 21 } as const;

/** A fresh Grove remote (log `a` empty, `main` at `a@0`) judged by `variant`. */
export function groveService(variant: GroveVariant, initial: Remote = EMPTY_GROVE_STORE): GroveService {
  let remote = initial;
  const steps: GroveServiceStep[] = [];
  const apply = groveApply(variant);
  const client = (node: string): number => (/^n\d+$/.test(node) ? Number(node.slice(1)) : 0);
  return {
    id: 'grove',
    variant,
    steps,
    handle(m: Message, t: number, lose: boolean): Body | undefined {
      const irt = m.body.msg_id;
      const input = inputOf(m.body, variant);
      if (typeof input === 'string') return errorBody(12, irt, input);
      const before = remote;
      const { next, out } = apply(remote, input);
      remote = next;
      steps.push({ t, node: m.src, input, output: out, lost: lose, before, after: next });
      if (lose) return errorBody(0, irt, 'reply lost: the request may or may not have been applied');
      const ok = (type: string, extra: Record<string, unknown> = {}): Body => ({ type, in_reply_to: irt, ...extra });
      switch (input.op) {
        case 'append':
        case 'branch': {
          const o = out as { ok: boolean; reason?: 'conflict' | 'missing' | 'exists' };
          return o.ok ? ok(`${input.op}_ok`) : { ...errorBody(CODE[o.reason!], irt, o.reason), reason: o.reason };
        }
        case 'read': {
          const o = out as { at: LogRef; tip: number } | null;
          return o === null ? errorBody(20, irt, `no ref ${input.ref}`) : ok(`${m.body.type}_ok`, { at: o.at, tip: o.tip });
        }
        default: {
          const o = out as { ok: boolean; actual: LogRef | null };
          return o.ok ? ok(`${input.op}_ok`, { actual: o.actual }) : { ...errorBody(o.actual === null ? 20 : 22, irt, 'ref moved'), actual: o.actual };
        }
      }
    },
    records(): GroveRecord[] {
      const out: GroveRecord[] = [{ type: 'meta', variant: variant.name, store: initial }];
      for (const s of steps) {
        out.push({ type: 'invoke', client: client(s.node), input: s.input, time: 2 * s.t });
        out.push(s.lost ? { type: 'info', client: client(s.node), input: s.input, time: 2 * s.t + 1, note: 'reply lost' } : { type: 'ok', client: client(s.node), input: s.input, output: s.output, time: 2 * s.t + 1 });
      }
      return out;
    },
  };
}
