/**
 * A small, strict reader and printer for the subset of EDN that Jepsen histories use: maps `{}`,
 * vectors `[]`, lists `()`, sets `#{}`, keywords (`:type`, `:jepsen/op`), strings (with `\"`, `\\`,
 * `\n`, `\t`, `\r` and `\uXXXX` escapes), integers (arbitrary size, an optional `N` suffix), `nil`,
 * `true` and `false`. Commas are whitespace and `;` starts a comment that runs to the end of the line.
 *
 * Not supported, and refused with a `file:line:column` {@link FormatError}: symbols, characters
 * (`\a`), floats and ratios, tagged literals (`#inst`, `#uuid`), `#_` discard, metadata. A map with
 * the same key twice and a set with the same element twice are errors too (EDN says so).
 *
 * Every value carries the line and column where it starts, so that a reader built on top (the
 * `jepsen-edn` history format) can point at the field that is wrong.
 */
import { FormatError } from './error.ts';

/** Where a value starts in its file: 1-based line and column. */
export interface EdnPos {
  readonly line: number;
  readonly column: number;
}

/** An EDN value with its position. Integers are always `bigint`, so nothing is rounded. */
export type Edn =
  | (EdnPos & { readonly kind: 'nil' })
  | (EdnPos & { readonly kind: 'bool'; readonly value: boolean })
  | (EdnPos & { readonly kind: 'int'; readonly value: bigint })
  | (EdnPos & { readonly kind: 'string'; readonly value: string })
  | (EdnPos & { readonly kind: 'keyword'; readonly name: string })
  | (EdnPos & { readonly kind: 'vector' | 'list' | 'set'; readonly items: readonly Edn[] })
  | (EdnPos & { readonly kind: 'map'; readonly entries: readonly (readonly [Edn, Edn])[] });

const DELIMS = new Set(['{', '}', '[', ']', '(', ')', '"', ';', ',']);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',';
const KEYWORD = /^[A-Za-z*+!_?<>=.\-][\w*+!?<>=.\-#:']*(?:\/[A-Za-z*+!_?<>=.\-][\w*+!?<>=.\-#:']*)?$/;

class Reader {
  pos = 0;
  line = 1;
  col = 1;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  fail(expected: string, found?: string, at: EdnPos = { line: this.line, column: this.col }): never {
    throw new FormatError(this.file, at.line, at.column, expected, found ?? this.describeHere());
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return 'end of file';
    return `'${this.text.slice(this.pos, this.pos + 12).split('\n')[0]}'`;
  }

  advance(n = 1): void {
    for (let i = 0; i < n; i++) {
      if (this.text[this.pos] === '\n') {
        this.line++;
        this.col = 1;
      } else this.col++;
      this.pos++;
    }
  }

  skip(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) return;
      if (isSpace(c)) this.advance();
      else if (c === ';') while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.advance();
      else return;
    }
  }

  atEnd(): boolean {
    this.skip();
    return this.pos >= this.text.length;
  }

  /** The bare token starting here (up to whitespace or a delimiter). */
  token(): string {
    let end = this.pos;
    while (end < this.text.length && !isSpace(this.text[end]) && !DELIMS.has(this.text[end])) end++;
    return this.text.slice(this.pos, end);
  }

  value(): Edn {
    this.skip();
    const at: EdnPos = { line: this.line, column: this.col };
    const c = this.text[this.pos];
    if (c === undefined) this.fail('a value');
    if (c === '{') return this.map(at);
    if (c === '[') return { ...at, kind: 'vector', items: this.seq(']') };
    if (c === '(') return { ...at, kind: 'list', items: this.seq(')') };
    if (c === '#') {
      if (this.text[this.pos + 1] !== '{') this.fail('a set #{…} (tagged literals, #_ and other dispatch forms are not supported)');
      this.advance();
      const items = this.seq('}');
      const seen = new Set<string>();
      for (const x of items) {
        const k = ednKey(x);
        if (seen.has(k)) this.fail('distinct set elements', `a repeated element ${printEdn(x)}`, x);
        seen.add(k);
      }
      return { ...at, kind: 'set', items };
    }
    if (c === '"') return { ...at, kind: 'string', value: this.string() };
    if (c === '}' || c === ']' || c === ')') this.fail('a value', `'${c}'`);
    const tok = this.token();
    if (c === ':') {
      if (!KEYWORD.test(tok.slice(1))) this.fail('a keyword', `'${tok}'`);
      this.advance(tok.length);
      return { ...at, kind: 'keyword', name: tok.slice(1) };
    }
    if (/^[+-]?\d+N?$/.test(tok)) {
      const digits = tok.endsWith('N') ? tok.slice(0, -1) : tok;
      if (/^[+-]?0\d/.test(digits)) this.fail('an integer without leading zeros', `'${tok}'`);
      this.advance(tok.length);
      return { ...at, kind: 'int', value: BigInt(digits) };
    }
    if (tok === 'nil') {
      this.advance(3);
      return { ...at, kind: 'nil' };
    }
    if (tok === 'true' || tok === 'false') {
      this.advance(tok.length);
      return { ...at, kind: 'bool', value: tok === 'true' };
    }
    this.fail('a map, vector, list, set, keyword, string, integer, nil, true or false', `'${tok || c}'`);
  }

  seq(close: string): Edn[] {
    const open = { line: this.line, column: this.col };
    this.advance();
    const items: Edn[] = [];
    for (;;) {
      this.skip();
      if (this.pos >= this.text.length) this.fail(`'${close}' to close the collection opened at ${open.line}:${open.column}`);
      if (this.text[this.pos] === close) {
        this.advance();
        return items;
      }
      items.push(this.value());
    }
  }

  map(at: EdnPos): Edn {
    const items = this.seq('}');
    if (items.length % 2 === 1) this.fail('a value for every key of the map', `key ${printEdn(items[items.length - 1])} without one`, items[items.length - 1]);
    const entries: [Edn, Edn][] = [];
    const seen = new Set<string>();
    for (let i = 0; i < items.length; i += 2) {
      const k = ednKey(items[i]);
      if (seen.has(k)) this.fail('distinct map keys', `a repeated key ${printEdn(items[i])}`, items[i]);
      seen.add(k);
      entries.push([items[i], items[i + 1]]);
    }
    return { ...at, kind: 'map', entries };
  }

  string(): string {
    const open = { line: this.line, column: this.col };
    this.advance();
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail(`'"' to close the string opened at ${open.line}:${open.column}`);
      if (c === '"') {
        this.advance();
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          this.advance(2);
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.advance(6);
          continue;
        }
        this.fail('a string escape (\\" \\\\ \\n \\t \\r \\uXXXX)', `'\\${e ?? ''}'`);
      }
      out += c;
      this.advance();
    }
  }
}

/**
 * Reads every top-level value of `text`. Throws {@link FormatError} (`file:line:column: expected …,
 * found …`) at the first thing outside the subset.
 */
export function readEdn(text: string, file = '<input>'): Edn[] {
  const r = new Reader(file, text);
  const out: Edn[] = [];
  while (!r.atEnd()) out.push(r.value());
  return out;
}

/** A canonical key for equality of values (positions ignored; map and set order ignored). */
export function ednKey(x: Edn): string {
  switch (x.kind) {
    case 'map':
      return `{${x.entries.map(([k, v]) => `${ednKey(k)} ${ednKey(v)}`).sort().join(',')}}`;
    case 'set':
      return `#{${x.items.map(ednKey).sort().join(',')}}`;
    default:
      return printEdn(x);
  }
}

/** Prints a value in EDN (maps and sets in their own order, keywords with their colon). */
export function printEdn(x: Edn): string {
  switch (x.kind) {
    case 'nil':
      return 'nil';
    case 'bool':
      return String(x.value);
    case 'int':
      return x.value.toString();
    case 'string':
      return ednString(x.value);
    case 'keyword':
      return `:${x.name}`;
    case 'vector':
      return `[${x.items.map(printEdn).join(' ')}]`;
    case 'list':
      return `(${x.items.map(printEdn).join(' ')})`;
    case 'set':
      return `#{${x.items.map(printEdn).join(' ')}}`;
    case 'map':
      return `{${x.entries.map(([k, v]) => `${printEdn(k)} ${printEdn(v)}`).join(', ')}}`;
  }
}

/** A string literal in EDN. */
export function ednString(s: string): string {
  return `"${s.replace(/[\\"\n\t\r]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c] as string).replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** True when `name` prints as a keyword (`:name`) that {@link readEdn} reads back. */
export function isKeywordName(name: string): boolean {
  return KEYWORD.test(name) && !/^[+-]?\d/.test(name);
}

/** The value of keyword key `:name` in a map, if present. */
export function ednGet(m: Extract<Edn, { kind: 'map' }>, name: string): Edn | undefined {
  for (const [k, v] of m.entries) if (k.kind === 'keyword' && k.name === name) return v;
  return undefined;
}
