/**
 * Parser for Jepsen kv histories: one EDN map per line, e.g.
 * `{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}`.
 *
 * Fields used: `:process` (integer), `:type` (`:invoke`, `:ok`, `:fail`, `:info`), `:f` (`:get`,
 * `:put`, `:append`), `:key` (string) and `:value` (string, or `nil` for a get's invocation); other
 * fields are ignored. Events pair per process in order. Times are event indices. An `:ok` get
 * returning `nil` reads as the empty string (the model's initial value). `:fail` means the
 * operation did not happen and drops it; `:info`, and an invocation never completed, leave it
 * pending. Only flat maps of strings, keywords, integers and `nil` are read (no nested EDN).
 */
import type { KvInput, KvOutput } from '../models/kv.ts';
import { LineCursor } from './scan.ts';
import { Pairer, type ParsedHistory } from './pair.ts';

type Edn = { t: 'str'; v: string } | { t: 'kw'; v: string } | { t: 'int'; v: number } | { t: 'nil' };

const describe = (e: Edn): string =>
  e.t === 'str' ? JSON.stringify(e.v) : e.t === 'kw' ? `:${e.v}` : e.t === 'int' ? String(e.v) : 'nil';

function readValue(c: LineCursor): Edn {
  const ch = c.peek();
  if (ch === '"') return { t: 'str', v: c.string('a string') };
  if (ch === ':') return { t: 'kw', v: c.keyword('a keyword') };
  if (ch === '-' || (ch >= '0' && ch <= '9')) return { t: 'int', v: c.integer('an integer') };
  if (c.text.startsWith('nil', c.pos) && !/[\w-]/.test(c.text[c.pos + 3] ?? '')) {
    c.pos += 3;
    return { t: 'nil' };
  }
  return c.fail('a value (string, keyword, integer or nil)');
}

/** Reads one `{:k v, …}` line into a map from keyword name to value and column. */
function readMap(c: LineCursor): { fields: Map<string, { value: Edn; column: number }>; close: number } {
  c.skipSpace(true);
  if (c.peek() !== '{') c.fail("'{'");
  c.pos++;
  const fields = new Map<string, { value: Edn; column: number }>();
  for (;;) {
    c.skipSpace(true);
    if (c.peek() === '}') {
      const close = c.pos;
      c.pos++;
      c.skipSpace(true);
      c.end();
      return { fields, close };
    }
    if (c.peek() !== ':') c.fail("a keyword key or '}'");
    const at = c.pos;
    const key = c.keyword('a keyword key');
    if (fields.has(key)) c.fail(`each key once (:${key} is repeated)`, at);
    if (c.skipSpace(true) === 0) c.fail(`whitespace after :${key}`);
    const column = c.pos;
    fields.set(key, { value: readValue(c), column });
  }
}

/** Parses a Jepsen kv history; throws `FormatError` (`file:line:column: expected …, found …`). */
export function parseJepsenKv(text: string, file = '<input>'): ParsedHistory<KvInput, KvOutput> {
  return readPlainKv(text, file) ?? readKv(text, file);
}

/** The careful reader: every token checked, every error at its column. */
export function readKv(text: string, file = '<input>'): ParsedHistory<KvInput, KvOutput> {
  const pairer = new Pairer<KvInput, KvOutput>(file);
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const c: LineCursor = new LineCursor(file, i + 1, raw);
    const { fields, close } = readMap(c);
    const get = (key: string, want: Edn['t'][], what: string): { value: Edn; column: number } => {
      const f = fields.get(key);
      if (f === undefined) c.fail(`a :${key} field`, close, "'}'");
      if (!want.includes(f.value.t)) c.fail(`${what} for :${key}`, f.column, describe(f.value));
      return f;
    };
    const oneOf = (key: string, allowed: readonly string[]): { v: string; column: number } => {
      const f = get(key, ['kw'], 'a keyword');
      const v = (f.value as { v: string }).v;
      if (!allowed.includes(v)) c.fail(`one of ${allowed.map((a) => ':' + a).join(', ')} for :${key}`, f.column, `:${v}`);
      return { v, column: f.column };
    };
    const process = (get('process', ['int'], 'an integer').value as { v: number }).v;
    const type = oneOf('type', ['invoke', 'ok', 'fail', 'info']);
    const fn = oneOf('f', ['get', 'put', 'append']);
    const key = (get('key', ['str'], 'a string').value as { v: string }).v;
    const f = fn.v as KvInput['f'];
    if (type.v === 'invoke') {
      let input: KvInput;
      if (f === 'get') input = { f, key };
      else input = { f, key, value: (get('value', ['str'], 'a string').value as { v: string }).v };
      pairer.invoke(process, f, input, i + 1, type.column + 1);
      return;
    }
    const input = pairer.pending(process, f, type.v, i + 1, type.column + 1, fn.column + 1);
    if (input.key !== key) c.fail(`key ${JSON.stringify(input.key)} (as invoked)`, fields.get('key')?.column ?? close, JSON.stringify(key));
    if (type.v === 'ok') {
      let output: KvOutput;
      if (f === 'get') {
        const v = get('value', ['str', 'nil'], 'a string or nil').value;
        output = { f, value: v.t === 'str' ? v.v : '' };
      } else {
        output = { f };
      }
      pairer.complete(process, { kind: 'ok', output }, i + 1);
    } else {
      pairer.complete(process, { kind: type.v === 'info' ? 'pending' : 'drop' }, i + 1);
    }
  });
  return pairer.finish('jepsen-kv');
}

// Character codes of the fast reader.
const TAB = 9;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const COLON = 58;
const BACKSLASH = 92;
const OPEN = 123;
const CLOSE = 125;

const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === CR;
const isSep = (c: number): boolean => c === SPACE || c === TAB || c === CR || c === COMMA;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isWord = (c: number): boolean => isLetter(c) || isDigit(c) || c === MINUS || c === 95;

/** Kinds of value the fast reader knows (the careful reader knows the same, with more spellings). */
const STR = 1;
const KW = 2;
const INT = 3;
const NIL = 4;

/**
 * The fast reader: one pass over the text with character codes, for the plain shape every Jepsen
 * kv history has (flat maps; strings without escapes; keywords and field names of letters, digits,
 * `-` and `_`; each field once). It returns `undefined` at the first line of any other shape, and
 * on any error (pairing included), and {@link readKv} then reads the whole file again: the result
 * is the careful reader's, errors included, and only well-formed plain histories take this path.
 */
export function readPlainKv(text: string, file: string): ParsedHistory<KvInput, KvOutput> | undefined {
  const pairer = new Pairer<KvInput, KvOutput>(file);
  const len = text.length;
  // The fields of the current line: kind and value of :process, :type, :f, :key, :value.
  let pKind = 0;
  let pInt = 0;
  let tKind = 0;
  let tStr = '';
  let tAt = 0;
  let fKind = 0;
  let fStr = '';
  let fAt = 0;
  let kKind = 0;
  let kStr = '';
  let vKind = 0;
  let vStr = '';
  try {
    let line = 0;
    for (let start = 0; start <= len; ) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = len;
      line++;
      let i = start;
      const lineStart = start;
      start = end + 1;
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      if (i === end) continue;
      while (i < end && isSep(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== OPEN) return undefined;
      i++;
      pKind = tKind = fKind = kKind = vKind = 0;
      const others: string[] = [];
      for (;;) {
        while (i < end && isSep(text.charCodeAt(i))) i++;
        const c = text.charCodeAt(i);
        if (c === CLOSE) {
          i++;
          while (i < end && isSep(text.charCodeAt(i))) i++;
          if (i !== end) return undefined;
          break;
        }
        if (c !== COLON || !isLetter(text.charCodeAt(i + 1))) return undefined;
        const nameAt = i + 1;
        i += 2;
        while (i < end && isWord(text.charCodeAt(i))) i++;
        const nameEnd = i;
        if (i === end || !isSep(text.charCodeAt(i))) return undefined;
        while (i < end && isSep(text.charCodeAt(i))) i++;
        // The value.
        const valueAt = i;
        const v = text.charCodeAt(i);
        let kind: number;
        let str = '';
        let int = 0;
        if (v === QUOTE) {
          const close = text.indexOf('"', i + 1);
          if (close === -1 || close >= end) return undefined;
          str = text.slice(i + 1, close);
          if (str.indexOf('\\') !== -1) return undefined;
          kind = STR;
          i = close + 1;
        } else {
          if (v === COLON) {
            if (!isLetter(text.charCodeAt(i + 1))) return undefined;
            i += 2;
            while (i < end && isWord(text.charCodeAt(i))) i++;
            str = text.slice(valueAt + 1, i);
            kind = KW;
          } else if (v === MINUS || isDigit(v)) {
            i++;
            while (i < end && isDigit(text.charCodeAt(i))) i++;
            const digits = i - valueAt - (v === MINUS ? 1 : 0);
            if (digits === 0 || digits > 15) return undefined;
            int = Number(text.slice(valueAt, i));
            kind = INT;
          } else if (v === 110 && text.startsWith('nil', i)) {
            i += 3;
            kind = NIL;
          } else {
            return undefined;
          }
          if (i < end && !isSep(text.charCodeAt(i)) && text.charCodeAt(i) !== CLOSE) return undefined;
        }
        // Only the fields the careful reader looks at are kept; each may come once.
        const name = text.slice(nameAt, nameEnd);
        if (name === 'process') {
          if (pKind !== 0) return undefined;
          pKind = kind;
          pInt = int;
        } else if (name === 'type') {
          if (tKind !== 0) return undefined;
          tKind = kind;
          tStr = str;
          tAt = valueAt;
        } else if (name === 'f') {
          if (fKind !== 0) return undefined;
          fKind = kind;
          fStr = str;
          fAt = valueAt;
        } else if (name === 'key') {
          if (kKind !== 0) return undefined;
          kKind = kind;
          kStr = str;
        } else if (name === 'value') {
          if (vKind !== 0) return undefined;
          vKind = kind;
          vStr = str;
        } else {
          if (others.includes(name)) return undefined;
          others.push(name);
        }
      }
      if (pKind !== INT || tKind !== KW || fKind !== KW || kKind !== STR) return undefined;
      if (fStr !== 'get' && fStr !== 'put' && fStr !== 'append') return undefined;
      const f = fStr as KvInput['f'];
      const typeColumn = tAt - lineStart + 1;
      if (tStr === 'invoke') {
        if (f === 'get') pairer.invoke(pInt, f, { f, key: kStr }, line, typeColumn);
        else if (vKind === STR) pairer.invoke(pInt, f, { f, key: kStr, value: vStr }, line, typeColumn);
        else return undefined;
        continue;
      }
      if (tStr !== 'ok' && tStr !== 'fail' && tStr !== 'info') return undefined;
      const input = pairer.pending(pInt, f, tStr, line, typeColumn, fAt - lineStart + 1);
      if (input.key !== kStr) return undefined;
      if (tStr === 'ok') {
        let output: KvOutput;
        if (f === 'get') {
          if (vKind !== STR && vKind !== NIL) return undefined;
          output = { f, value: vKind === STR ? vStr : '' };
        } else {
          output = { f };
        }
        pairer.complete(pInt, { kind: 'ok', output }, line);
      } else {
        pairer.complete(pInt, { kind: tStr === 'info' ? 'pending' : 'drop' }, line);
      }
    }
  } catch {
    return undefined;
  }
  return pairer.finish('jepsen-kv');
}
