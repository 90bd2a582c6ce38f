/**
 * Services: in-process nodes the network runs itself, addressed by name (`lin-kv`, `grove`, …), as
 * Maelstrom's services are. A service answers each request at once; the network decides when the
 * request arrives and whether the reply is lost (`lose`: the request is applied, and the caller gets
 * an indefinite `timeout` error instead of the reply, so it cannot tell whether it happened).
 */
import type { Body, Message } from '../protocol/message.ts';

/** One in-process service. Holds its own state (mutated by `handle`). */
export interface Service {
  readonly id: string;
  /** Handles one request delivered at step `t`; returns the reply body, or undefined for none. */
  handle(m: Message, t: number, lose: boolean): Body | undefined;
}
