// A client pushes a queue of mutations to a server, several in flight at once, and retries on timeout.
// The server dedups by (client, mutation id), keeping the last id it applied per client.
import { defineModel, type ActionPart } from 'grove-check';

type Msg = { readonly to: 'server'; readonly c: string; readonly id: number } | { readonly to: string; readonly ack: number };
interface State {
  readonly last: Readonly<Record<string, number>>; // server: last mutation id applied per client
  readonly applied: readonly string[]; // server: what it applied, in order ('1:m1')
  readonly sent: Readonly<Record<string, number>>; // client: mutations sent so far
  readonly acked: Readonly<Record<string, number>>; // client: mutations acknowledged so far
  readonly retried: Readonly<Record<string, boolean>>; // client: has it timed out and resent once
  readonly net: readonly Msg[]; // messages in flight, delivered in any order
}
const clients = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

export default defineModel<State>({
  name: 'mutation-queue',
  variants: { 'accept-newer': 'the server applies any id newer than the last', 'next-only': 'the server applies only last + 1' },
  actors: 1,
  ops: 2,
  initial: (cfg) => { const z = <V,>(v: V) => Object.fromEntries(clients(cfg.actors).map((c) => [c, v])) as Record<string, V>; return { last: z(0), applied: [], sent: z(0), acked: z(0), retried: z(false), net: [] }; },
  actions: (s, cfg) => [
    ...clients(cfg.actors).flatMap((c): ActionPart[] => [
      ...(s.sent[c] < cfg.ops ? [{ actor: c, op: `Push<m${s.sent[c] + 1}>` }] : []),
      ...(s.acked[c] < s.sent[c] && !s.retried[c] ? [{ actor: c, op: `Retry<m${s.acked[c] + 1}>` }] : []),
    ]),
    ...s.net.map((m, i): ActionPart => ('ack' in m ? { actor: m.to, op: `Ack<m${m.ack}, ${i}>` } : { actor: 'server', op: `Apply<${m.c}:m${m.id}, ${i}>` })),
  ],
  step: (s, a, cfg) => {
    const [, name, arg, at] = /^(\w+)<(?:\d+:)?m(\d+)(?:, (\d+))?>$/.exec(a.op)!;
    const id = Number(arg), net = s.net.filter((_, i) => i !== Number(at));
    if (name === 'Push') return { next: { ...s, sent: { ...s.sent, [a.actor]: id }, net: [...s.net, { to: 'server', c: a.actor, id }] }, result: 'Ok' };
    if (name === 'Retry') return { next: { ...s, retried: { ...s.retried, [a.actor]: true }, net: [...s.net, { to: 'server', c: a.actor, id }] }, result: 'Ok' };
    if (name === 'Ack') return { next: { ...s, acked: { ...s.acked, [a.actor]: Math.max(s.acked[a.actor], id) }, net }, result: 'Ok' };
    const m = s.net[Number(at)] as { c: string; id: number }, last = s.last[m.c];
    if (m.id <= last) return { next: { ...s, net: [...net, { to: m.c, ack: m.id }] }, result: 'Ok(dup)' };
    if (cfg.variant === 'next-only' && m.id !== last + 1) return { next: { ...s, net }, result: 'Err(gap)' };
    return { next: { ...s, last: { ...s.last, [m.c]: m.id }, applied: [...s.applied, `${m.c}:m${m.id}`], net: [...net, { to: m.c, ack: m.id }] }, result: 'Ok' };
  },
  properties: [
    { id: 'Q1', title: 'an acknowledged mutation was applied', state: (s) => {
      for (const [c, n] of Object.entries(s.acked)) for (let id = 1; id <= n; id++) if (!s.applied.includes(`${c}:m${id}`)) return `client ${c}'s m${id} was acknowledged but never applied (applied: ${s.applied.join(', ') || 'nothing'})`;
      return null;
    } },
  ],
});
