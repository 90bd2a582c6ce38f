/**
 * Grove's state as ITF variables (the Informal Trace Format; interchange/itf/), for `check --itf`
 * and `replay FILE.itf.json`. The mapping, variable by variable:
 *
 * - `logs`: `#map` from log name to `{base, entries}`: `base` the branch point as `#tup(log, lsn)`
 *   (`None` for a root log), `entries` the list of commits from LSN `start + 1` (`None` for a hole);
 * - `refs`: `#map` from ref name to its position, `#tup(log, lsn)`;
 * - `actors`: `#map` from actor id to a record. A program-driven actor: `{kind: "program", k, pc,
 *   pos: #tup(log, lsn), at?, intent?: {kind, pos, at}}` (the client op it is on, its step in it, the
 *   position it read). A scripted actor (seed tables): `{kind: "scripted", logs: #map log → tip seen,
 *   refs: #map ref → #tup seen, commit (None when none is in flight), written, made}`;
 * - `acked`, `failed`: `#set`s of commit ids (ghost facts the properties read);
 * - `faults`: `{lost, crashes}` used so far, only when faults are explored.
 */
import { tup } from '../../interchange/itf/value.ts';
import type { Actor, GroveState, LogRef } from './state.ts';

const pos = (r: LogRef) => tup(r.log, r.lsn);

function actor(a: Actor): unknown {
  if (a.kind === 'program') {
    return {
      kind: a.kind,
      k: a.k,
      pc: a.pc,
      pos: pos(a.pos),
      at: a.at,
      intent: a.intent === undefined ? undefined : { kind: a.intent.kind, pos: pos(a.intent.pos), at: a.intent.at },
    };
  }
  return {
    kind: a.kind,
    logs: new Map(Object.entries(a.logs)),
    refs: new Map(Object.entries(a.refs).map(([k, r]) => [k, pos(r)])),
    commit: a.commit,
    written: a.written,
    made: a.made,
  };
}

/** The ITF variables of a Grove state (see the module comment). Pure. */
export function groveItf(s: GroveState): Record<string, unknown> {
  return {
    logs: new Map(Object.entries(s.remote.logs).map(([id, l]) => [id, { base: l.base === null ? null : pos(l.base), entries: l.entries }])),
    refs: new Map(Object.entries(s.remote.refs).map(([k, r]) => [k, pos(r)])),
    actors: new Map(s.actors.map((a) => [a.id, actor(a)])),
    acked: new Set(s.acked),
    failed: new Set(s.failed),
    ...(s.faults !== undefined ? { faults: { lost: s.faults.lost, crashes: s.faults.crashes } } : {}),
  };
}
