/**
 * Grove's safety properties G1–G7 (MODEL.md §3), each a named state or transition invariant that
 * returns a witness message. They read the remote through `remote.ts` (the correct semantics), never
 * through a variant, so a variant cannot redefine what "safe" means.
 *
 * A ref's history depends on what refs hold: under `refs: log` (logid-check) a ref means its whole
 * log up to the tip; under `refs: logref` it means the log up to the ref's LSN.
 */
import type { Property, Step } from '../core/model.ts';
import type { GroveEffect } from './protocol.ts';
import { entryAt, historyContains, historyOf, start, tip, tipOf } from './remote.ts';
import type { GroveState, LogRef, Remote } from './state.ts';
import type { GroveVariant } from './variant.ts';

/** The position a ref stands for, under the variant's ref semantics. */
export function refPosition(v: Pick<GroveVariant, 'refs'>, r: Remote, at: LogRef): LogRef {
  return v.refs === 'log' ? { log: at.log, lsn: Math.max(0, tipOf(r, at.log)) } : at;
}

function effectOf(step: Step<GroveState>): GroveEffect | undefined {
  return step.effect as GroveEffect | undefined;
}

/** Builds G1–G7 for a variant. */
export function groveProperties(v: GroveVariant): Property<GroveState>[] {
  const inRef = (s: GroveState, ref: string, c: string, r: Remote = s.remote): boolean => {
    const at = r.refs[ref];
    return at !== undefined && historyContains(r, refPosition(v, r, at), c);
  };
  return [
    {
      id: 'G1',
      title: 'append-only: an entry (log, lsn) never changes or disappears once written',
      transition(before, step) {
        const b = before.remote;
        const a = step.next.remote;
        for (const [id, log] of Object.entries(b.logs)) {
          const after = a.logs[id];
          if (after === undefined) return `log ${id} disappeared`;
          const s0 = start(log);
          for (let i = 0; i < log.entries.length; i++) {
            const was = log.entries[i];
            if (was === null) continue;
            const now = entryAt(a, id, s0 + 1 + i);
            if (now !== was) return `entry ${id}@${s0 + 1 + i} changed from commit ${was} to ${now ?? 'nothing'}`;
          }
          if (JSON.stringify(after.base) !== JSON.stringify(log.base)) return `log ${id} changed its branch point`;
        }
        return null;
      },
    },
    {
      id: 'G2',
      title: "gap-free: each log's LSNs are dense from its branch point to its tip",
      state(s) {
        for (const [id, log] of Object.entries(s.remote.logs)) {
          const i = log.entries.indexOf(null);
          if (i >= 0) return `log ${id} has a hole at LSN ${start(log) + 1 + i} below its tip ${tip(log)}`;
          if (log.base !== null) {
            const t = tipOf(s.remote, log.base.log);
            if (t < log.base.lsn) return `log ${id} is branched from ${log.base.log}@${log.base.lsn}, past that log's tip ${t}`;
          }
        }
        return null;
      },
    },
    {
      id: 'G3',
      title: 'one winner: at most one Append at a given (log, lsn) returns Ok',
      transition(before, step) {
        const e = effectOf(step);
        if (e?.kind !== 'append' || !e.ok || e.at === undefined) return null;
        const was = entryAt(before.remote, e.at.log, e.at.lsn);
        return was === null ? null : `Append at ${e.at.log}@${e.at.lsn} by actor ${e.actor} returned Ok, but that slot already held commit ${was}`;
      },
    },
    {
      id: 'G4',
      title: 'ref integrity: every ref points at an existing log and an LSN at most its tip',
      state(s) {
        for (const [name, at] of Object.entries(s.remote.refs)) {
          const log = s.remote.logs[at.log];
          if (log === undefined) return `ref ${name} points at log ${at.log}, which does not exist`;
          if (v.refs === 'logref' && (at.lsn > tip(log) || at.lsn < start(log))) {
            return `ref ${name} points at ${at.log}@${at.lsn}, outside the log's range ${start(log)}..${tip(log)}`;
          }
        }
        return null;
      },
    },
    {
      id: 'G5',
      title: "ack visible: when a push is acknowledged, its commit is in the ref's history",
      transition(_before, step) {
        const e = effectOf(step);
        if (e?.acked === undefined) return null;
        const s = step.next;
        const refs = Object.keys(s.remote.refs);
        if (refs.some((ref) => inRef(s, ref, e.acked!))) return null;
        const shown = refs.map((ref) => `${ref} = ${s.remote.refs[ref].log}@${refPosition(v, s.remote, s.remote.refs[ref]).lsn}`).join(', ');
        return `commit ${e.acked} was acknowledged to actor ${e.actor}, but it is not in the history of ${shown}`;
      },
    },
    {
      id: 'G6',
      title: "no lost ack: an acknowledged commit leaves a ref's history only through a CAS whose expected value contained it",
      transition(before, step) {
        const e = effectOf(step);
        const after = step.next;
        for (const ref of Object.keys(before.remote.refs)) {
          for (const c of before.acked) {
            if (!inRef(before, ref, c) || inRef(after, ref, c, after.remote)) continue;
            // The expected value is what the actor read (under refs: log, the log up to the tip it saw).
            if (e?.kind === 'cas' && e.expected !== undefined && historyContains(before.remote, e.expected, c)) continue;
            const how = e?.kind === 'cas' && e.expected !== undefined
              ? `a CAS by actor ${e.actor} that expected ${e.expected.log}@${e.expected.lsn}, which does not contain it`
              : `a ${e?.kind ?? 'step'} by actor ${e?.actor ?? '?'}`;
            return `acknowledged commit ${c} left the history of ${ref} through ${how}`;
          }
        }
        return null;
      },
    },
    {
      id: 'G7',
      title: 'no zombie: a commit whose push was reported failed never becomes visible through a ref (advisory)',
      advisory: true,
      state(s) {
        for (const c of s.failed) {
          if (s.acked.includes(c)) continue;
          for (const ref of Object.keys(s.remote.refs)) {
            if (inRef(s, ref, c)) return `commit ${c} was reported failed, but it is visible through ${ref}`;
          }
        }
        return null;
      },
    },
    {
      id: 'D1',
      title: "exactly once: no commit appears twice in a ref's history (advisory; the project's addition to MODEL.md §3)",
      advisory: true,
      state(s) {
        for (const [ref, at] of Object.entries(s.remote.refs)) {
          const h = historyOf(s.remote, refPosition(v, s.remote, at));
          const seen = new Set<string>();
          for (const c of h) {
            if (seen.has(c)) return `commit ${c} appears twice in the history of ${ref}`;
            seen.add(c);
          }
        }
        return null;
      },
    },
  ];
}
