import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorBody, formatMessage, isDefinite, parseLine } from './message.ts';

describe('Maelstrom wire protocol', () => {
  it('parses a message and prints it back unchanged', () => {
    const line = '{"src":"n1","dest":"c1","body":{"type":"read_ok","value":4,"msg_id":56,"in_reply_to":123}}';
    const m = parseLine('n1', line);
    expect(m).toEqual({ src: 'n1', dest: 'c1', body: { type: 'read_ok', value: 4, msg_id: 56, in_reply_to: 123 } });
    expect(formatMessage(m as never)).toBe(line);
  });

  it.each([
    ['hello', 'node n1 wrote a line that is not JSON: "hello"'],
    ['[1]', 'node n1 wrote a line that is not a JSON object: "[1]"'],
    ['{"dest":"c1","body":{"type":"x"}}', "node n1 wrote a message without a string 'src'"],
    ['{"src":"n1","body":{"type":"x"}}', "node n1 wrote a message without a string 'dest'"],
    ['{"src":"n1","dest":"c1","body":{}}', "node n1 wrote a message whose body has no string 'type'"],
    ['{"src":"n1","dest":"c1","body":{"type":"x","msg_id":1.5}}', 'node n1 wrote a non-integer msg_id'],
    ['{"src":"n2","dest":"c1","body":{"type":"x"}}', "node n1 wrote a message with src 'n2' (a node must use its own id)"],
  ])('names the node and the line for %s', (line, error) => {
    const r = parseLine('n1', line);
    expect('error' in r && r.error).toContain(error);
  });

  it("knows Maelstrom's definite and indefinite errors", () => {
    expect(Object.entries(ERROR_CODES).filter(([, e]) => !e.definite).map(([c]) => Number(c))).toEqual([0, 13]);
    expect(isDefinite(22)).toBe(true);
    expect(isDefinite(0)).toBe(false);
    expect(isDefinite(1234)).toBe(false);
    expect(errorBody(20, 7, 'no such key')).toEqual({ type: 'error', code: 20, text: 'no such key', in_reply_to: 7 });
  });
});
