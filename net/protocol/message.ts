/**
 * Maelstrom's wire protocol (jepsen-io/maelstrom, doc/protocol.md), exactly: one JSON object a line,
 * `{src, dest, body}`; `body.type` is mandatory, `msg_id` and `in_reply_to` are integers; `init` carries
 * `node_id` and `node_ids`; an error body is `{type: "error", code, text?, in_reply_to}`.
 *
 * A node's stdout is untrusted input: {@link parseLine} returns a {@link WireError} naming the node and
 * the line instead of throwing.
 */

/** A message body: `type` plus whatever the workload or the node's own protocol puts there. */
export interface Body {
  readonly type: string;
  readonly msg_id?: number;
  readonly in_reply_to?: number;
  readonly [key: string]: unknown;
}

/** One message on the wire. */
export interface Message {
  readonly src: string;
  readonly dest: string;
  readonly body: Body;
}

/** Maelstrom's defined errors: code, name, and whether the operation definitely did not happen. */
export const ERROR_CODES: Readonly<Record<number, { readonly name: string; readonly definite: boolean }>> = {
  0: { name: 'timeout', definite: false },
  1: { name: 'node-not-found', definite: true },
  10: { name: 'not-supported', definite: true },
  11: { name: 'temporarily-unavailable', definite: true },
  12: { name: 'malformed-request', definite: true },
  13: { name: 'crash', definite: false },
  14: { name: 'abort', definite: true },
  20: { name: 'key-does-not-exist', definite: true },
  21: { name: 'key-already-exists', definite: true },
  22: { name: 'precondition-failed', definite: true },
  30: { name: 'txn-conflict', definite: true },
};

/** Is an error with this code definite (the operation did not and never will happen)? Unknown codes are indefinite, as in Maelstrom. */
export function isDefinite(code: number): boolean {
  return ERROR_CODES[code]?.definite ?? false;
}

/** An error body replying to `inReplyTo`. */
export function errorBody(code: number, inReplyTo: number | undefined, text?: string): Body {
  return { type: 'error', code, ...(text !== undefined ? { text } : {}), ...(inReplyTo !== undefined ? { in_reply_to: inReplyTo } : {}) };
}

/** A line a node wrote that is not a well-formed message. */
export interface WireError {
  readonly error: string;
}

const isInt = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x);

/** Parses one stdout line of node `node`: a message, or a {@link WireError} saying what is wrong. */
export function parseLine(node: string, line: string): Message | WireError {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: `node ${node} wrote a line that is not JSON: ${show(line)}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: `node ${node} wrote a line that is not a JSON object: ${show(line)}` };
  const m = v as Record<string, unknown>;
  if (typeof m.src !== 'string') return { error: `node ${node} wrote a message without a string 'src': ${show(line)}` };
  if (typeof m.dest !== 'string') return { error: `node ${node} wrote a message without a string 'dest': ${show(line)}` };
  const b = m.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return { error: `node ${node} wrote a message without an object 'body': ${show(line)}` };
  const body = b as Record<string, unknown>;
  if (typeof body.type !== 'string') return { error: `node ${node} wrote a message whose body has no string 'type': ${show(line)}` };
  if (body.msg_id !== undefined && !isInt(body.msg_id)) return { error: `node ${node} wrote a non-integer msg_id: ${show(line)}` };
  if (body.in_reply_to !== undefined && !isInt(body.in_reply_to)) return { error: `node ${node} wrote a non-integer in_reply_to: ${show(line)}` };
  if (m.src !== node) return { error: `node ${node} wrote a message with src '${m.src}' (a node must use its own id): ${show(line)}` };
  return { src: m.src, dest: m.dest, body: body as Body };
}

/** One line of JSON (no newline) for a message. */
export function formatMessage(m: Message): string {
  return JSON.stringify({ src: m.src, dest: m.dest, body: m.body });
}

function show(line: string): string {
  return JSON.stringify(line.length > 200 ? line.slice(0, 200) + '…' : line);
}
