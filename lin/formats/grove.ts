/**
 * The `grove` history format: what the Grove implementation's clients saw, one JSON object per line
 * (JSONL), written by the recorder of `impl/concurrency` and read by `grove-check lin --format grove`.
 *
 * ```
 * {"type":"meta","variant":"lsn-cas","store":{"logs":{"a":{"base":null,"entries":[]}},"refs":{"main":{"log":"a","lsn":0}}}}
 * {"client":3,"type":"invoke","op":"append","args":{"log":"a","lsn":1,"commit":"c3.1"},"time":81234567}
 * {"client":3,"type":"ok","op":"append","result":{"ok":true},"time":81239876}
 * {"client":3,"type":"invoke","op":"cas","args":{"ref":"main","expected":{"log":"a","lsn":0},"next":{"log":"a","lsn":1},"compare":"logref"},"time":81240001}
 * {"client":3,"type":"info","op":"cas","time":81250000}
 * {"client":3,"type":"ack","commit":"c3.1","time":81250100}
 * ```
 *
 * - `type` is `invoke` (a primitive call starts), `ok` (it returned `result`) or `info` (its result
 *   is unknown: a lost reply, a timeout, a client killed in the call). An `info` operation, like an
 *   `invoke` that is never completed, is *pending*: it may have taken effect at any time after its
 *   call, or never (Jepsen's `:info`). Two more types are not operations: `ack` records that the
 *   client told its user a push of `commit` succeeded (for the no-lost-ack check, G6), and an optional
 *   first line `meta` names the initial `store` (default: log `a` empty, `main` at `a@0`) and the
 *   `variant` the history is judged by (default `lsn-cas`; see lin/models/grove.ts).
 * - `op` is `append`, `branch`, `read`, `check` or `cas`; `args` are the arguments of the real
 *   `Remote` call (impl/remote/types.ts): `{log, lsn, commit}`, `{from, to, commit}`, `{ref}`,
 *   `{ref, at, mode}`, `{ref, expected, next, compare}`. A completion names its op again; its `args`
 *   may be repeated and are then ignored.
 * - `client` is a non-negative integer; each client has at most one call open at a time.
 * - `time` is an integer (nanoseconds of CLOCK_MONOTONIC in recorded histories; a decimal string is
 *   accepted for values beyond 2^53) or any number in hand-written ones. Only the order of times
 *   matters; intervals are closed (lin/check.ts).
 *
 * Every malformed line is a `FormatError` at `file:line:column`, the column pointing at the field.
 */
import type { Operation } from '../history.ts';
import { FormatError } from './error.ts';
import { firstLine, skipSpaces } from './scan.ts';
import {
  EMPTY_GROVE_STORE,
  GROVE_OPS,
  type GroveInput,
  type GroveLinState,
  type GroveOpName,
  type GroveOutput,
} from '../models/grove.ts';

/** One line of a grove history, as the recorder writes it. */
export type GroveRecord =
  | { readonly type: 'meta'; readonly variant?: string; readonly store?: GroveLinState }
  | { readonly type: 'invoke'; readonly client: number; readonly input: GroveInput; readonly time: bigint | number }
  | { readonly type: 'ok'; readonly client: number; readonly input: GroveInput; readonly output: GroveOutput; readonly time: bigint | number }
  | { readonly type: 'info'; readonly client: number; readonly input: GroveInput; readonly time: bigint | number; readonly note?: string }
  | { readonly type: 'ack'; readonly client: number; readonly commit: string; readonly time: bigint | number };

/** An acknowledgement read from a history: client `client` told its user that `commit` was pushed. */
export interface GroveAck {
  readonly client: number;
  readonly commit: string;
  /** Normalized like operation times. */
  readonly time: number;
  readonly file: string;
  readonly line: number;
}

/** A parsed grove history (one file, or several merged). */
export interface ParsedGroveHistory {
  readonly format: 'grove';
  /** Operations in call-time order; ids are 0, 1, 2, … in that order. */
  readonly operations: Operation<GroveInput, GroveOutput>[];
  /** For each operation id, the 1-based lines of its invocation and completion (absent if pending). */
  readonly lines: { invoke: number; complete?: number }[];
  /** For each operation id, the file it came from. */
  readonly files: string[];
  /** For each operation id, the `note` of its `info` event (why its result is unknown), if any. */
  readonly notes: (string | undefined)[];
  /** Number of invoke/ok/info events read. */
  readonly events: number;
  /** Always 0: a grove history never says that an operation certainly did not happen. */
  readonly dropped: 0;
  readonly acks: GroveAck[];
  /** The initial store (from `meta`, or the default). */
  readonly store: GroveLinState;
  /** The variant named by `meta`, if any. */
  readonly variant?: string;
}

const time = (t: bigint | number): number | string => (typeof t === 'number' ? t : t <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t) : t.toString());

function argsOf(input: GroveInput): Record<string, unknown> {
  const { op: _op, ...args } = input;
  return args;
}

/** One line of JSON (no newline) for `r`; `parseGroveHistory` reads it back unchanged. */
export function formatGroveRecord(r: GroveRecord): string {
  switch (r.type) {
    case 'meta':
      return JSON.stringify({ type: 'meta', ...(r.variant !== undefined ? { variant: r.variant } : {}), ...(r.store !== undefined ? { store: r.store } : {}) });
    case 'invoke':
      return JSON.stringify({ client: r.client, type: 'invoke', op: r.input.op, args: argsOf(r.input), time: time(r.time) });
    case 'ok':
      return JSON.stringify({ client: r.client, type: 'ok', op: r.input.op, result: r.output, time: time(r.time) });
    case 'info':
      return JSON.stringify({ client: r.client, type: 'info', op: r.input.op, ...(r.note !== undefined ? { note: r.note } : {}), time: time(r.time) });
    case 'ack':
      return JSON.stringify({ client: r.client, type: 'ack', commit: r.commit, time: time(r.time) });
  }
}

/** True when the first non-blank line is a JSON object (`{"`): Jepsen's EDN starts `{:`. */
export function looksLikeGrove(text: string): boolean {
  const first = firstLine(text, (l) => l !== '');
  // `/^\{\s*"/`, without compiling a regular expression in every cold run (scan.ts, `isSpaceCode`).
  return first !== undefined && first.charCodeAt(0) === 123 && first.charCodeAt(skipSpaces(first, 1)) === 34;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const NAME = /^[A-Za-z_][\w-]*$/;
const isLsn = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** Locates fields of one line for error columns. */
class Line {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly text: string,
  ) {}

  /** 1-based column of the value of the field at `path` (`args.at.log`), or of the line start. */
  col(path: string): number {
    let from = 0;
    let found = -1;
    for (const key of path.split('.')) {
      const i = this.text.indexOf(`"${key}"`, from);
      if (i < 0) break;
      found = i;
      from = i + key.length + 2;
    }
    if (found < 0) return 1;
    const colon = this.text.indexOf(':', from);
    let v = colon < 0 ? found : colon + 1;
    while (this.text[v] === ' ') v++;
    return v + 1;
  }

  fail(path: string, expected: string, found: unknown): never {
    const shown = found === undefined ? `no field '${path.split('.').pop()}'` : JSON.stringify(found).slice(0, 60);
    throw new FormatError(this.file, this.line, this.col(path), expected, shown);
  }
}

function logRef(l: Line, path: string, x: unknown): { log: string; lsn: number } {
  if (!isObj(x) || typeof x.log !== 'string' || !NAME.test(x.log) || !isLsn(x.lsn)) l.fail(path, 'a position {"log": NAME, "lsn": N}', x);
  return { log: x.log, lsn: x.lsn };
}

function str(l: Line, path: string, x: unknown, what = 'a name'): string {
  if (typeof x !== 'string' || x === '') l.fail(path, what, x);
  return x;
}

function input(l: Line, op: GroveOpName, a: unknown): GroveInput {
  if (!isObj(a)) l.fail('args', `the arguments of ${op} (an object)`, a);
  switch (op) {
    case 'append':
      if (!isLsn(a.lsn)) l.fail('args.lsn', 'an LSN (a whole number ≥ 0)', a.lsn);
      return { op, log: str(l, 'args.log', a.log, 'a log name'), lsn: a.lsn, commit: str(l, 'args.commit', a.commit, 'a commit id') };
    case 'branch':
      return { op, from: logRef(l, 'args.from', a.from), to: str(l, 'args.to', a.to, 'a log name'), commit: str(l, 'args.commit', a.commit, 'a commit id') };
    case 'read':
      return { op, ref: str(l, 'args.ref', a.ref, 'a ref name') };
    case 'check':
      if (a.mode !== 'read' && a.mode !== 'advance') l.fail('args.mode', "'read' or 'advance'", a.mode);
      return { op, ref: str(l, 'args.ref', a.ref, 'a ref name'), at: logRef(l, 'args.at', a.at), mode: a.mode };
    case 'cas':
      if (a.compare !== 'log' && a.compare !== 'logref') l.fail('args.compare', "'log' or 'logref'", a.compare);
      return { op, ref: str(l, 'args.ref', a.ref, 'a ref name'), expected: logRef(l, 'args.expected', a.expected), next: logRef(l, 'args.next', a.next), compare: a.compare };
  }
}

function output(l: Line, op: GroveOpName, r: unknown): GroveOutput {
  switch (op) {
    case 'append':
    case 'branch': {
      const reasons = op === 'append' ? ['conflict', 'missing'] : ['exists', 'missing'];
      if (isObj(r) && r.ok === true) return { ok: true };
      if (isObj(r) && r.ok === false && reasons.includes(r.reason as string)) return { ok: false, reason: r.reason as 'conflict' | 'missing' | 'exists' };
      return l.fail('result', `{"ok": true} or {"ok": false, "reason": ${reasons.map((x) => `"${x}"`).join('|')}}`, r);
    }
    case 'read':
      if (r === null) return null;
      if (!isObj(r) || typeof r.tip !== 'number' || !Number.isInteger(r.tip) || r.tip < -1) return l.fail('result', '{"at": {"log", "lsn"}, "tip": N} or null', r);
      return { at: logRef(l, 'result.at', r.at), tip: r.tip };
    case 'check':
    case 'cas':
      if (!isObj(r) || typeof r.ok !== 'boolean' || !('actual' in r)) return l.fail('result', '{"ok": BOOL, "actual": {"log", "lsn"} | null}', r);
      return { ok: r.ok, actual: r.actual === null ? null : logRef(l, 'result.actual', r.actual) };
  }
}

function store(l: Line, x: unknown): GroveLinState {
  if (!isObj(x) || !isObj(x.logs) || !isObj(x.refs)) l.fail('store', '{"logs": {...}, "refs": {...}}', x);
  const logs: Record<string, { base: { log: string; lsn: number } | null; entries: (string | null)[] }> = {};
  for (const [id, v] of Object.entries(x.logs)) {
    if (!NAME.test(id) || !isObj(v) || !Array.isArray(v.entries) || !v.entries.every((e) => e === null || (typeof e === 'string' && e !== ''))) {
      l.fail(`store.logs.${id}`, '{"base": null | {"log", "lsn"}, "entries": [COMMIT, ...]}', v);
    }
    logs[id] = { base: v.base === null ? null : logRef(l, `store.logs.${id}.base`, v.base), entries: v.entries as (string | null)[] };
  }
  const refs: Record<string, { log: string; lsn: number }> = {};
  for (const [name, v] of Object.entries(x.refs)) {
    if (!NAME.test(name)) l.fail(`store.refs.${name}`, 'a ref name', name);
    refs[name] = logRef(l, `store.refs.${name}`, v);
  }
  return { logs, refs };
}

type RawTime = number | string;

interface RawOp {
  client: number;
  input: GroveInput;
  output: GroveOutput | undefined;
  call: RawTime;
  ret: RawTime | null;
  file: string;
  lines: { invoke: number; complete?: number };
  note?: string;
}

interface Open {
  op: RawOp;
  line: number;
}

function rawTime(l: Line, x: unknown): RawTime {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && /^\d+$/.test(x)) return x;
  return l.fail('time', 'a time (a number, or a decimal string of nanoseconds)', x);
}

function later(a: RawTime, b: RawTime): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return BigInt(typeof a === 'number' ? Math.trunc(a) : a) > BigInt(typeof b === 'number' ? Math.trunc(b) : b);
}

/** Reads grove histories from several files (one per client process, say) and merges them. */
export function parseGroveFiles(sources: readonly { readonly file: string; readonly text: string }[]): ParsedGroveHistory {
  const ops: RawOp[] = [];
  const acks: { client: number; commit: string; time: RawTime; file: string; line: number }[] = [];
  const open = new Map<number, Open>();
  const lastTime = new Map<number, RawTime>();
  let meta: { store?: GroveLinState; variant?: string; file: string; line: number } | undefined;
  let events = 0;
  for (const { file, text } of sources) {
    const rows = text.split('\n');
    let firstContent = true;
    for (let i = 0; i < rows.length; i++) {
      const raw = rows[i];
      if (raw.trim() === '') continue;
      const l: Line = new Line(file, i + 1, raw);
      let j: unknown;
      try {
        j = JSON.parse(raw);
      } catch (e) {
        const m = /position (\d+)/.exec((e as Error).message);
        const hint = /^\s*\{\s*:/.test(raw) ? '; this looks like a Jepsen EDN history (--format jepsen-kv)' : '';
        throw new FormatError(file, i + 1, m ? Number(m[1]) + 1 : 1, 'one JSON object per line', `${JSON.stringify(raw.slice(0, 40))} (${(e as Error).message}${hint})`);
      }
      if (!isObj(j)) l.fail('', 'a JSON object', j);
      const wasFirst = firstContent;
      firstContent = false;
      if (j.type === 'meta') {
        if (!wasFirst) l.fail('type', "'meta' only on a file's first line; here 'invoke', 'ok', 'info' or 'ack'", j.type);
        if (j.variant !== undefined && typeof j.variant !== 'string') l.fail('variant', 'a variant name', j.variant);
        const m = { store: j.store === undefined ? undefined : store(l, j.store), variant: j.variant as string | undefined, file, line: i + 1 };
        if (meta !== undefined && JSON.stringify([meta.store, meta.variant]) !== JSON.stringify([m.store, m.variant])) {
          l.fail('type', `the same meta as ${meta.file}:${meta.line}`, j);
        }
        meta = m;
        continue;
      }
      if (!isLsn(j.client)) l.fail('client', 'a client id (a whole number ≥ 0)', j.client);
      const client = j.client;
      const t = rawTime(l, j.time);
      const prior = lastTime.get(client);
      if (prior !== undefined && later(prior, t)) l.fail('time', `a time no earlier than client ${client}'s previous event (${prior})`, j.time);
      lastTime.set(client, t);
      if (j.type === 'ack') {
        acks.push({ client, commit: str(l, 'commit', j.commit, 'a commit id'), time: t, file, line: i + 1 });
        continue;
      }
      if (j.type !== 'invoke' && j.type !== 'ok' && j.type !== 'info') l.fail('type', "'invoke', 'ok', 'info', 'ack' or 'meta'", j.type);
      if (!(GROVE_OPS as readonly unknown[]).includes(j.op)) l.fail('op', GROVE_OPS.map((o) => `'${o}'`).join(', '), j.op);
      const op = j.op as GroveOpName;
      events++;
      const o = open.get(client);
      if (j.type === 'invoke') {
        if (o !== undefined) l.fail('type', `a completion ('ok' or 'info') of client ${client}'s ${o.op.input.op} invoked on line ${o.line}`, j.type);
        const rop: RawOp = { client, input: input(l, op, j.args), output: undefined, call: t, ret: null, file, lines: { invoke: i + 1 } };
        ops.push(rop);
        open.set(client, { op: rop, line: i + 1 });
        continue;
      }
      if (o === undefined) l.fail('type', `an 'invoke' by client ${client} before this completion`, j.type);
      if (o.op.input.op !== op) l.fail('op', `'${o.op.input.op}' (client ${client} invoked it on line ${o.line})`, op);
      open.delete(client);
      if (j.type === 'ok') {
        if (!('result' in j)) l.fail('result', `the result of ${op}`, undefined);
        o.op.output = output(l, op, j.result);
        o.op.ret = t;
        o.op.lines.complete = i + 1;
      }
      // info: pending (ret stays null → Infinity), output unknown.
      if (j.type === 'info' && typeof j.note === 'string') o.op.note = j.note;
    }
  }
  // Times: integers (ns) are taken relative to the earliest, exactly, through BigInt.
  const all: RawTime[] = [...ops.flatMap((o) => (o.ret === null ? [o.call] : [o.call, o.ret])), ...acks.map((a) => a.time)];
  const integral = all.every((t) => typeof t === 'string' || Number.isInteger(t));
  let norm: (t: RawTime) => number;
  if (integral && all.length > 0) {
    const big = (t: RawTime): bigint => BigInt(t);
    const origin = all.map(big).reduce((a, b) => (b < a ? b : a));
    norm = (t) => Number(big(t) - origin);
  } else {
    norm = (t) => Number(t);
  }
  const order = ops.map((o, i) => ({ o, i, call: norm(o.call) })).sort((a, b) => a.call - b.call || a.i - b.i);
  const operations: Operation<GroveInput, GroveOutput>[] = [];
  const lines: { invoke: number; complete?: number }[] = [];
  const files: string[] = [];
  const notes: (string | undefined)[] = [];
  order.forEach(({ o, call }, id) => {
    operations.push({ id, client: o.client, input: o.input, output: o.output, call, ret: o.ret === null ? Infinity : norm(o.ret) });
    lines.push(o.lines);
    files.push(o.file);
    notes.push(o.note);
  });
  return {
    format: 'grove',
    operations,
    lines,
    files,
    notes,
    events,
    dropped: 0,
    acks: acks.map((a) => ({ ...a, time: norm(a.time) })),
    store: meta?.store ?? EMPTY_GROVE_STORE,
    ...(meta?.variant !== undefined ? { variant: meta.variant } : {}),
  };
}

/** Reads one grove history file. */
export function parseGroveHistory(text: string, file: string): ParsedGroveHistory {
  return parseGroveFiles([{ file, text }]);
}
