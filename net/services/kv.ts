/**
 * Maelstrom's key-value services, `lin-kv`, `seq-kv` and `lww-kv`: `read {key}` → `read_ok {value}`
 * (error 20 when absent), `write {key, value}` → `write_ok`, `cas {key, from, to,
 * create_if_not_exists?}` → `cas_ok` (error 20 when absent, 22 when `from` differs).
 *
 * Here all three are one linearizable map. That is a correct `seq-kv` and `lww-kv` too (each allows
 * more behaviours than it shows), but it never shows a stale read or a lost last-writer-wins update:
 * a node that is only correct because these services happen to be linearizable passes here. Not
 * supported: the weaker behaviours of Maelstrom's `seq-kv` and `lww-kv`.
 */
import { errorBody, type Body, type Message } from '../protocol/message.ts';
import type { Service } from './service.ts';

/** A fresh key-value service named `id`. */
export function kvService(id: string): Service {
  const data = new Map<string, unknown>();
  const key = (k: unknown): string => JSON.stringify(k);
  return {
    id,
    handle(m: Message, _t: number, lose: boolean): Body | undefined {
      const b = m.body;
      const irt = b.msg_id;
      let reply: Body;
      switch (b.type) {
        case 'read':
          reply = data.has(key(b.key)) ? { type: 'read_ok', value: data.get(key(b.key)), in_reply_to: irt } : errorBody(20, irt, 'key does not exist');
          break;
        case 'write':
          data.set(key(b.key), b.value);
          reply = { type: 'write_ok', in_reply_to: irt };
          break;
        case 'cas':
          if (!data.has(key(b.key)) && b.create_if_not_exists !== true) reply = errorBody(20, irt, 'key does not exist');
          else if (data.has(key(b.key)) && JSON.stringify(data.get(key(b.key))) !== JSON.stringify(b.from)) {
            reply = errorBody(22, irt, `expected ${JSON.stringify(b.from)}, had ${JSON.stringify(data.get(key(b.key)))}`);
          } else {
            data.set(key(b.key), b.to);
            reply = { type: 'cas_ok', in_reply_to: irt };
          }
          break;
        default:
          reply = errorBody(10, irt, `${id} does not support ${JSON.stringify(b.type)}`);
      }
      return lose ? errorBody(0, irt, 'reply lost') : reply;
    },
  };
}
