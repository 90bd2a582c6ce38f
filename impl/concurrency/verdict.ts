/**
 * The post-conditions of a stress run, computed from the merged histories and the store read back:
 *
 * - **No lost acknowledgement (G6).** Every commit whose push a client acknowledged (an `ack` event) is
 *   in the history of the ref at the end, unless a CAS that *expected* a position containing it (an
 *   informed force push, `--force-with-lease`) moved the ref to a position that does not. Logs are
 *   append-only, so the history of any position can be read in the final store. A CAS counts when it
 *   returned Ok or its result is unknown (it may have taken effect).
 * - **Store integrity.** A fresh connection reads every log and ref back without an error (a torn or
 *   foreign file, an orphan row would throw `CorruptStoreError`); logs are gap-free from their branch
 *   point (G2), branch points and refs point into existing logs at most at their tips (G4); every
 *   append or branch that returned Ok is in the store at its position; every stored entry was written by
 *   a call of the history (one that returned Ok, or one whose result is unknown): no phantom commits.
 */
import { historyContains, historyOf, tipOf } from '../../model/grove/remote.ts';
import { refPosition } from '../../model/grove/properties.ts';
import type { GroveVariant } from '../../model/grove/variant.ts';
import type { ParsedGroveHistory } from '../../lin/formats/grove.ts';
import type { GroveInput, GroveOutput } from '../../lin/models/grove.ts';
import { readSnapshot, type LogRef, type Remote, type StoreSnapshot } from '../remote/types.ts';

/** An acknowledged commit that is gone. */
export interface LostAck {
  readonly commit: string;
  readonly client: number;
  /** Where the ack was recorded (`file:line`). */
  readonly at: string;
  readonly detail: string;
}

/** The outcome of the G6 check. */
export interface AckCheck {
  /** Distinct acknowledged commits. */
  readonly acked: number;
  /** Of those, how many are in the ref's history at the end. */
  readonly inRef: number;
  /** Of those not in it, how many an informed CAS removed (allowed). */
  readonly informedRemovals: number;
  readonly lost: LostAck[];
}

const show = (p: LogRef | null | undefined): string => (p === null || p === undefined ? 'none' : `${p.log}@${p.lsn}`);

/** Checks G6 for ref `ref` against the final `store` (see the module comment). */
export function checkAcks(h: ParsedGroveHistory, store: StoreSnapshot, variant: Pick<GroveVariant, 'refs'>, ref = 'main'): AckCheck {
  const at = store.refs[ref];
  const final = at === undefined ? null : refPosition(variant, store, at);
  const cases = h.operations.filter(
    (o): o is typeof o & { input: Extract<GroveInput, { op: 'cas' }> } =>
      o.input.op === 'cas' && o.input.ref === ref && (o.output === undefined || (o.output as { ok: boolean }).ok),
  );
  const seen = new Set<string>();
  let inRef = 0;
  let informed = 0;
  const lost: LostAck[] = [];
  for (const a of h.acks) {
    if (seen.has(a.commit)) continue;
    seen.add(a.commit);
    if (final !== null && historyContains(store, final, a.commit)) {
      inRef++;
      continue;
    }
    const by = cases.find((o) => historyContains(store, o.input.expected, a.commit) && !historyContains(store, o.input.next, a.commit));
    if (by !== undefined) {
      informed++;
      continue;
    }
    // A likely culprit: the first CAS to return after the ack that moved the ref somewhere without it.
    const uninformed = cases
      .filter((o) => o.ret >= a.time && !historyContains(store, o.input.next, a.commit))
      .sort((x, y) => x.ret - y.ret)[0];
    lost.push({
      commit: a.commit,
      client: a.client,
      at: `${a.file}:${a.line}`,
      detail:
        `acknowledged commit ${a.commit} (client ${a.client}) is not in the history of ${ref} = ${show(final)} ` +
        `[${final === null ? '' : historyOf(store, final).join(' ')}], and no CAS that expected a position containing it moved ${ref}` +
        (uninformed === undefined ? '' : ` (likely: CAS ${show(uninformed.input.expected)} -> ${show(uninformed.input.next)} by client ${uninformed.client}, returned after the ack, whose expected value did not contain it)`),
    });
  }
  return { acked: seen.size, inRef, informedRemovals: informed, lost };
}

/** The outcome of the store checks. */
export interface StoreCheck {
  readonly ok: boolean;
  readonly problems: string[];
  /** The store read back (absent when it could not be read). */
  readonly snapshot?: StoreSnapshot;
}

function start(l: { base: LogRef | null }): number {
  return l.base === null ? 0 : l.base.lsn;
}

/** Reads the store through `fresh` (a new connection) and checks it against the history (see the module comment). */
export async function checkStore(fresh: Remote, h: ParsedGroveHistory): Promise<StoreCheck> {
  let snap: StoreSnapshot;
  const problems: string[] = [];
  try {
    snap = await readSnapshot(fresh);
    for (const name of Object.keys(snap.refs)) {
      const r = await fresh.readRef(name);
      if (r === null) problems.push(`ref ${name} is listed but readRef('${name}') finds nothing`);
    }
  } catch (e) {
    return { ok: false, problems: [`the store cannot be read back: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`] };
  }
  for (const [id, l] of Object.entries(snap.logs)) {
    const hole = l.entries.indexOf(null);
    if (hole >= 0) problems.push(`G2: log ${id} has a hole at LSN ${start(l) + 1 + hole}`);
    if (l.base !== null) {
      const t = tipOf(snap, l.base.log);
      if (t < l.base.lsn) problems.push(`G4: log ${id} is branched from ${show(l.base)}, past that log's tip ${t}`);
    }
  }
  for (const [name, at] of Object.entries(snap.refs)) {
    const l = snap.logs[at.log];
    if (l === undefined) problems.push(`G4: ref ${name} points at log ${at.log}, which does not exist`);
    else if (at.lsn > start(l) + l.entries.length || at.lsn < start(l)) problems.push(`G4: ref ${name} = ${show(at)} is outside log ${at.log}'s range ${start(l)}..${start(l) + l.entries.length}`);
  }
  const written = new Map<string, string[]>();
  const note = (log: string, lsn: number, commit: string): void => {
    const k = `${log}@${lsn}`;
    written.set(k, [...(written.get(k) ?? []), commit]);
  };
  const entry = (log: string, lsn: number): string | null => {
    const l = snap.logs[log];
    if (l === undefined) return null;
    return l.entries[lsn - start(l) - 1] ?? null;
  };
  for (const o of h.operations) {
    const ok = o.output !== undefined && (o.output as Exclude<GroveOutput, null>) !== null && (o.output as { ok?: boolean }).ok === true;
    if (o.input.op === 'append') {
      note(o.input.log, o.input.lsn, o.input.commit);
      if (ok && entry(o.input.log, o.input.lsn) !== o.input.commit) {
        problems.push(`append of ${o.input.commit} at ${o.input.log}@${o.input.lsn} returned Ok (client ${o.client}), but the store holds ${entry(o.input.log, o.input.lsn) ?? 'nothing'} there`);
      }
    } else if (o.input.op === 'branch') {
      note(o.input.to, o.input.from.lsn + 1, o.input.commit);
      const l = snap.logs[o.input.to];
      if (ok && (l === undefined || show(l.base) !== show(o.input.from) || l.entries[0] !== o.input.commit)) {
        problems.push(`branch ${o.input.to} from ${show(o.input.from)} with ${o.input.commit} returned Ok (client ${o.client}), but the store's log ${o.input.to} is ${l === undefined ? 'missing' : `${show(l.base)} [${l.entries.join(' ')}]`}`);
      }
    }
  }
  const initial = h.store;
  for (const [id, l] of Object.entries(snap.logs)) {
    l.entries.forEach((c, i) => {
      if (c === null) return;
      const lsn = start(l) + 1 + i;
      const was = initial.logs[id]?.entries[lsn - start(initial.logs[id] ?? { base: null }) - 1];
      if (was === c) return;
      if (!(written.get(`${id}@${lsn}`) ?? []).includes(c)) problems.push(`phantom: ${id}@${lsn} holds ${c}, which no call of the history wrote there`);
    });
  }
  return { ok: problems.length === 0, problems, snapshot: snap };
}
