/**
 * The `jepsen-edn` history format: a Grove history (lin/formats/grove.ts) written as Jepsen writes
 * histories, one EDN map per operation event, so that Jepsen's own tools (Knossos, Elle, `jepsen.history`)
 * can load what `grove-check stress` recorded, and `grove-check lin` reads it back.
 *
 * ```
 * {:process :grove, :type :info, :f :meta, :value {:variant "lsn-cas", :store {…}}, :time 0, :index 0}
 * {:process 3, :type :invoke, :f :append, :value {:log "a", :lsn 1, :commit "c3.1"}, :time 81234567, :index 1}
 * {:process 3, :type :ok, :f :append, :value {:ok true}, :time 81239876, :index 2}
 * {:process 3, :type :invoke, :f :cas, :value {:ref "main", :expected {:log "a", :lsn 0}, …}, :time 81240001, :index 3}
 * {:process 3, :type :info, :f :cas, :value nil, :error "reply lost", :time 81250000, :index 4}
 * {:process 3, :type :invoke, :f :ack, :value "c3.1", :time 81250100, :index 5}
 * {:process 3, :type :ok, :f :ack, :value "c3.1", :time 81250100, :index 6}
 * ```
 *
 * The mapping, field by field (JSONL on the left):
 * - `client` → `:process` (an integer); `type` `invoke`/`ok`/`info` → `:type :invoke/:ok/:info`; the op
 *   name → `:f` (a keyword); `args` of an invocation and `result` of a completion → `:value` (JSON
 *   objects become maps with keyword keys, arrays vectors, `null` `nil`); `note` of an `info` →
 *   `:error`; `time` → `:time` (an integer of any size); `:index` is the event's position.
 * - `meta` (initial store, variant) → a first event of the pseudo-process `:grove` with `:f :meta`,
 *   like the standalone `:info` events of Jepsen's nemesis.
 * - `ack` (the client told its user a push succeeded) → an `:invoke`/`:ok` pair of `:f :ack` with the
 *   commit as `:value`, at the same time.
 *
 * Reading back also accepts the whole history as one vector or list of maps, events without `:index`,
 * and keys in any order. Not supported: `:fail` (a Grove history never knows that a call certainly did
 * not happen) and processes other than integers and `:grove`. Every error is a {@link FormatError} at
 * the `file:line:column` of the offending EDN value.
 */
import { FormatError } from './error.ts';
import { firstLine, isSpaceCode, isWordCode, skipSpaces } from './scan.ts';
import { ednGet, ednString, isKeywordName, printEdn, readEdn, type Edn, type EdnPos } from './edn.ts';
import { parseGroveHistory, type ParsedGroveHistory } from './grove.ts';

/** The pseudo-process whose `:meta` event carries the history's variant and initial store. */
const META_PROCESS = 'grove';

/** A JSON value as the grove JSONL format holds it. */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function jsonToEdn(x: unknown): string {
  if (x === null || x === undefined) return 'nil';
  if (typeof x === 'boolean') return String(x);
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new Error(`jepsen-edn: ${x} is not an integer`);
    return String(x);
  }
  if (typeof x === 'string') return ednString(x);
  if (Array.isArray(x)) return `[${x.map(jsonToEdn).join(' ')}]`;
  const entries = Object.entries(x as Record<string, unknown>).map(([k, v]) => `${isKeywordName(k) ? `:${k}` : ednString(k)} ${jsonToEdn(v)}`);
  return `{${entries.join(', ')}}`;
}

/** A JSONL `time` (a number, or a decimal string beyond 2^53) as an EDN integer. */
function timeToEdn(t: unknown): string {
  if (typeof t === 'number' && Number.isInteger(t)) return String(t);
  if (typeof t === 'string' && /^\d+$/.test(t)) return t;
  throw new Error(`jepsen-edn: time ${JSON.stringify(t)} is not an integer`);
}

/**
 * Converts a grove JSONL history (as `grove-check stress` records it; validated first with
 * `parseGroveHistory`, so a malformed file is a `FormatError` at its own line) to Jepsen EDN, one
 * event per line. Hand-written histories with fractional times are refused (EDN times are integers).
 */
export function groveJsonlToJepsenEdn(text: string, file = '<input>'): string {
  parseGroveHistory(text, file);
  const out: string[] = [];
  let index = 0;
  const event = (fields: string): void => {
    out.push(`{${fields}, :index ${index++}}`);
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    const common = (type: string, f: string) => `:process ${r.client as number}, :type :${type}, :f :${f}`;
    switch (r.type) {
      case 'meta': {
        const value: Record<string, unknown> = {};
        if (r.variant !== undefined) value.variant = r.variant;
        if (r.store !== undefined) value.store = r.store;
        event(`:process :grove, :type :info, :f :meta, :value ${jsonToEdn(value)}, :time 0`);
        break;
      }
      case 'invoke':
        event(`${common('invoke', r.op as string)}, :value ${jsonToEdn(r.args ?? {})}, :time ${timeToEdn(r.time)}`);
        break;
      case 'ok':
        event(`${common('ok', r.op as string)}, :value ${jsonToEdn(r.result)}, :time ${timeToEdn(r.time)}`);
        break;
      case 'info':
        event(`${common('info', r.op as string)}, :value nil${r.note !== undefined ? `, :error ${ednString(String(r.note))}` : ''}, :time ${timeToEdn(r.time)}`);
        break;
      case 'ack':
        event(`${common('invoke', 'ack')}, :value ${ednString(String(r.commit))}, :time ${timeToEdn(r.time)}`);
        event(`${common('ok', 'ack')}, :value ${ednString(String(r.commit))}, :time ${timeToEdn(r.time)}`);
        break;
    }
  }
  return out.join('\n') + '\n';
}

type EdnMap = Extract<Edn, { kind: 'map' }>;

function ednToJson(file: string, x: Edn): Json {
  switch (x.kind) {
    case 'nil':
      return null;
    case 'bool':
    case 'string':
      return x.value;
    case 'int':
      if (x.value > BigInt(Number.MAX_SAFE_INTEGER) || x.value < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new FormatError(file, x.line, x.column, 'an integer within ±2^53 in a value', x.value.toString());
      }
      return Number(x.value);
    case 'keyword':
      return x.name;
    case 'vector':
    case 'list':
    case 'set':
      return x.items.map((i) => ednToJson(file, i));
    case 'map': {
      const o: { [k: string]: Json } = {};
      for (const [k, v] of x.entries) {
        if (k.kind !== 'keyword' && k.kind !== 'string') throw new FormatError(file, k.line, k.column, 'a keyword or string key', printEdn(k));
        o[k.kind === 'keyword' ? k.name : k.value] = ednToJson(file, v);
      }
      return o;
    }
  }
}

/** The events of a history: top-level maps, or one top-level vector/list of maps. */
function eventsOf(file: string, values: readonly Edn[]): EdnMap[] {
  const list = values.length === 1 && (values[0].kind === 'vector' || values[0].kind === 'list') ? values[0].items : values;
  return list.map((v) => {
    if (v.kind !== 'map') throw new FormatError(file, v.line, v.column, 'an operation map {:type … :f … :process …}', printEdn(v).slice(0, 40));
    return v;
  });
}

const OPS = new Set(['append', 'branch', 'read', 'check', 'cas', 'ack']);

/**
 * Reads a Jepsen EDN history of Grove operations (see the module comment) into the same structure
 * `parseGroveHistory` returns for its JSONL. Line numbers of operations are the EDN lines of their
 * events. Throws {@link FormatError} at `file:line:column` for anything malformed.
 */
export function parseJepsenEdnHistory(text: string, file = '<input>'): ParsedGroveHistory {
  const events = eventsOf(file, readEdn(text, file));
  const lines: string[] = [];
  const where: EdnPos[] = [];
  const ackOpen = new Map<bigint, Edn>();
  const need = (m: EdnMap, key: string): Edn => {
    const v = ednGet(m, key);
    if (v === undefined) throw new FormatError(file, m.line, m.column, `a :${key} field`, printEdn(m).slice(0, 40));
    return v;
  };
  const keyword = (m: EdnMap, key: string, allowed?: ReadonlySet<string>): string => {
    const v = need(m, key);
    if (v.kind !== 'keyword' || (allowed !== undefined && !allowed.has(v.name))) {
      throw new FormatError(file, v.line, v.column, `:${key} ${allowed ? [...allowed].map((a) => `:${a}`).join(' or ') : 'a keyword'}`, printEdn(v));
    }
    return v.name;
  };
  const int = (m: EdnMap, key: string): bigint => {
    const v = need(m, key);
    if (v.kind !== 'int' || v.value < 0n) throw new FormatError(file, v.line, v.column, `:${key} a non-negative integer`, printEdn(v));
    return v.value;
  };
  const push = (m: EdnMap, json: Record<string, unknown>, time: bigint): void => {
    const t = time <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(time) : time.toString();
    lines.push(JSON.stringify({ ...json, time: t }));
    where.push(m);
  };
  for (const m of events) {
    const process = need(m, 'process');
    const type = keyword(m, 'type', new Set(['invoke', 'ok', 'info', 'fail']));
    if (process.kind === 'keyword' && process.name === META_PROCESS) {
      if (keyword(m, 'f') !== 'meta') throw new FormatError(file, m.line, m.column, 'the pseudo-process :grove only with :f :meta', printEdn(need(m, 'f')));
      const value = need(m, 'value');
      if (value.kind !== 'map') throw new FormatError(file, value.line, value.column, ':value a map {:variant … :store …}', printEdn(value).slice(0, 40));
      if (lines.length > 0) throw new FormatError(file, m.line, m.column, 'the :meta event first', 'it after other events');
      lines.push(JSON.stringify({ type: 'meta', ...(ednToJson(file, value) as object) }));
      where.push(m);
      continue;
    }
    if (process.kind !== 'int' || process.value < 0n || process.value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new FormatError(file, process.line, process.column, ':process a non-negative integer (or :grove for :meta)', printEdn(process));
    }
    const client = Number(process.value);
    const f = keyword(m, 'f', OPS);
    const time = int(m, 'time');
    if (type === 'fail') {
      const v = need(m, 'type');
      throw new FormatError(file, v.line, v.column, ':type :invoke, :ok or :info (a Grove history never knows that a call did not happen)', ':fail');
    }
    if (f === 'ack') {
      const value = need(m, 'value');
      if (value.kind !== 'string') throw new FormatError(file, value.line, value.column, ':value the acknowledged commit, a string', printEdn(value));
      if (type === 'invoke') ackOpen.set(process.value, value);
      else if (type === 'ok') {
        if (ackOpen.get(process.value)?.kind !== 'string') throw new FormatError(file, m.line, m.column, 'an :invoke of :ack before its :ok', 'none');
        ackOpen.delete(process.value);
        push(m, { client, type: 'ack', commit: value.value }, time);
      } else throw new FormatError(file, m.line, m.column, ':ack as an :invoke/:ok pair', ':info');
      continue;
    }
    const value = ednGet(m, 'value');
    if (type === 'invoke') {
      if (value === undefined || value.kind !== 'map') throw new FormatError(file, (value ?? m).line, (value ?? m).column, `:value the arguments of ${f}, a map`, value ? printEdn(value).slice(0, 40) : 'none');
      push(m, { client, type: 'invoke', op: f, args: ednToJson(file, value) }, time);
    } else if (type === 'ok') {
      if (value === undefined) throw new FormatError(file, m.line, m.column, `:value the result of ${f}`, 'none');
      push(m, { client, type: 'ok', op: f, result: ednToJson(file, value) }, time);
    } else {
      const error = ednGet(m, 'error');
      push(m, { client, type: 'info', op: f, ...(error?.kind === 'string' ? { note: error.value } : {}) }, time);
    }
  }
  try {
    const parsed = parseGroveHistory(lines.join('\n') + '\n', file);
    return { ...parsed, lines: parsed.lines.map((l) => ({ invoke: where[l.invoke - 1].line, ...(l.complete !== undefined ? { complete: where[l.complete - 1].line } : {}) })) };
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    const at = where[e.line - 1] ?? { line: e.line, column: 1 };
    throw new FormatError(file, at.line, at.column, e.expected, e.found);
  }
}

/** True when `text` looks like a Jepsen EDN history of Grove operations (not the kv format). */
export function looksLikeJepsenEdn(text: string): boolean {
  const t = firstLine(text, (l) => l !== '' && !l.startsWith(';'));
  if (t === undefined) return false;
  if (t.startsWith('[') || t.startsWith('(')) return true;
  // `!/:key\s/.test(t) && /:f\s+:(meta|append|branch|read|check|cas|ack)\b/.test(t)`, without the
  // compiling of two regular expressions in every cold run (`isSpaceCode` says why).
  return t.startsWith('{:') && !keywordThenSpace(t, ':key') && groveF(t);
}

/** Whether `keyword` occurs in `t` followed by a `\s` character. */
function keywordThenSpace(t: string, keyword: string): boolean {
  for (let i = t.indexOf(keyword); i >= 0; i = t.indexOf(keyword, i + 1)) if (isSpaceCode(t.charCodeAt(i + keyword.length))) return true;
  return false;
}

const GROVE_FS = ['meta', 'append', 'branch', 'read', 'check', 'cas', 'ack'];

/** Whether `t` has `:f`, one or more `\s`, then `:` and a Grove operation's name ending at a word boundary. */
function groveF(t: string): boolean {
  for (let i = t.indexOf(':f'); i >= 0; i = t.indexOf(':f', i + 1)) {
    const k = skipSpaces(t, i + 2);
    if (k === i + 2 || t.charCodeAt(k) !== 58) continue;
    for (const f of GROVE_FS) if (t.startsWith(f, k + 1) && !isWordCode(t.charCodeAt(k + 1 + f.length))) return true;
  }
  return false;
}
