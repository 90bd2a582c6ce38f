/**
 * The built-in sync properties, by name. Each reads state through the spec's adapter and the world's
 * record of what the workload did; a property whose adapter function is missing is skipped.
 *
 * - `no-lost-ack` (end): every mutation a client ever believed acknowledged was applied by the server.
 * - `exactly-once` (step and end): the server applies each client's mutations at most once and in the
 *   order the client accepted them; at the end, every accepted mutation was applied.
 * - `no-resurrection` (end): a key deleted after every write to it had completed is absent everywhere.
 * - `drains` (end): every client's pending queue is empty within the drain bound after faults heal.
 * - `convergence` (end): at quiescence every client sees what the server holds.
 */
import type { SimProperty, SyncAdapter } from './spec.ts';

/** What the world recorded about one workload op. */
export interface OpRecord {
  client: string;
  name: string;
  args: (string | number)[];
  invokedStep: number;
  completedStep?: number;
  ok?: boolean;
  value?: unknown;
  deletes?: string;
  writes?: string;
}

/** What a property sees. `clients` holds the live instance of each client (undefined while restarting). */
export interface PropertyView<C, S> {
  clients: Record<string, C | undefined>;
  server: S;
  now: number;
  /** Per client, the mutation ids its ops resolved with, in order. */
  accepted: Record<string, (string | number)[]>;
  /** Per client, every mutation id it ever reported acknowledged (across incarnations). */
  ackedEver: Record<string, Set<string>>;
  ops: OpRecord[];
  /** Virtual milliseconds the drain bound allowed after faults healed. */
  drainMs: number;
}

/** A failed property. */
export interface Failure {
  property: string;
  message: string;
}

type Check<C, S> = (v: PropertyView<C, S>, a: SyncAdapter<C, S>) => string | undefined;

/** Stable JSON: object keys sorted, so equal data prints equal. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

function appliedBy<C, S>(v: PropertyView<C, S>, a: SyncAdapter<C, S>): Map<string, string[]> | undefined {
  if (a.applied === undefined) return undefined;
  const by = new Map<string, string[]>();
  for (const m of a.applied(v.server)) by.set(m.client, [...(by.get(m.client) ?? []), String(m.id)]);
  return by;
}

const noLostAck: Check<unknown, unknown> = (v, a) => {
  const by = appliedBy(v, a);
  if (by === undefined || a.acked === undefined) return undefined;
  for (const [c, ids] of Object.entries(v.ackedEver)) {
    for (const id of ids) if (!(by.get(c) ?? []).includes(id)) return `${c} took mutation ${id} as acknowledged, but the server never applied it`;
  }
  return undefined;
};

function onceInOrder<C, S>(v: PropertyView<C, S>, a: SyncAdapter<C, S>, end: boolean): string | undefined {
  const by = appliedBy(v, a);
  if (by === undefined) return undefined;
  for (const [c, ids] of [...by].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) return `the server applied ${c}'s mutation ${id} twice`;
      seen.add(id);
    }
    const order = (v.accepted[c] ?? []).map(String);
    const known = ids.filter((id) => order.includes(id)).map((id) => order.indexOf(id));
    for (let i = 1; i < known.length; i++) {
      if (known[i] < known[i - 1]) return `the server applied ${c}'s mutation ${order[known[i]]} after ${order[known[i - 1]]}, out of order`;
    }
  }
  if (end) {
    for (const [c, ids] of Object.entries(v.accepted)) {
      for (const id of ids.map(String)) if (!(by.get(c) ?? []).includes(id)) return `${c}'s accepted mutation ${id} never reached the server`;
    }
  }
  return undefined;
}

const noResurrection: Check<unknown, unknown> = (v, a) => {
  for (const d of v.ops) {
    if (d.deletes === undefined || d.ok !== true) continue;
    const writes = v.ops.filter((w) => w.writes === d.deletes);
    if (!writes.every((w) => w.completedStep !== undefined && w.completedStep < d.invokedStep)) continue;
    const views: [string, unknown][] = [];
    if (a.serverView !== undefined) views.push(['the server', a.serverView(v.server)]);
    if (a.clientView !== undefined) for (const [c, x] of Object.entries(v.clients)) if (x !== undefined) views.push([c, a.clientView(x)]);
    for (const [who, view] of views) {
      if (view !== null && typeof view === 'object' && d.deletes in (view as object)) {
        return `${d.client} deleted '${d.deletes}' after every write to it, but ${who} still holds it`;
      }
    }
  }
  return undefined;
};

const drains: Check<unknown, unknown> = (v, a) => {
  if (a.pending === undefined) return undefined;
  for (const [c, x] of Object.entries(v.clients)) {
    if (x === undefined) continue;
    const n = a.pending(x);
    if (n > 0) return `${c} still holds ${n} pending mutation${n === 1 ? '' : 's'} ${v.drainMs} ms after the faults healed`;
  }
  return undefined;
};

const convergence: Check<unknown, unknown> = (v, a) => {
  if (a.serverView === undefined || a.clientView === undefined) return undefined;
  const want = canonical(a.serverView(v.server));
  for (const [c, x] of Object.entries(v.clients)) {
    if (x === undefined) continue;
    const got = canonical(a.clientView(x));
    if (got !== want) return `at quiescence ${c} sees ${got} but the server holds ${want}`;
  }
  return undefined;
};

/** The built-in properties in the order they are checked, with when they run. */
export const BUILTIN: readonly { id: string; step: boolean; end: boolean; check: (v: PropertyView<any, any>, a: SyncAdapter<any, any>, end: boolean) => string | undefined }[] = [
  { id: 'no-lost-ack', step: false, end: true, check: noLostAck },
  { id: 'drains', step: false, end: true, check: drains },
  { id: 'exactly-once', step: true, end: true, check: (v, a, end) => onceInOrder(v, a, end) },
  { id: 'no-resurrection', step: false, end: true, check: noResurrection },
  { id: 'convergence', step: false, end: true, check: convergence },
];

/** The ids of the built-in properties. */
export const BUILTIN_IDS = BUILTIN.map((p) => p.id);

/** Runs the selected properties (built-in ids and the user's own); the first failure wins. */
export function checkProperties<C, S>(
  view: PropertyView<C, S>,
  adapter: SyncAdapter<C, S>,
  selected: readonly string[],
  custom: readonly SimProperty<C, S>[],
  end: boolean,
): Failure | undefined {
  for (const p of BUILTIN) {
    if (!selected.includes(p.id) || !(end ? p.end : p.step)) continue;
    const message = p.check(view as PropertyView<any, any>, adapter as SyncAdapter<any, any>, end);
    if (message !== undefined) return { property: p.id, message };
  }
  for (const p of custom) {
    if ((p.at ?? 'end') === 'end' ? !end : false) continue;
    const clients = Object.fromEntries(Object.entries(view.clients).filter(([, c]) => c !== undefined)) as Record<string, C>;
    const message = p.check({ clients, server: view.server, now: view.now });
    if (message !== undefined) return { property: p.id, message };
  }
  return undefined;
}
