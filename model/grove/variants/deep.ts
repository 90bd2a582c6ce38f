/**
 * A planted bug that only deep schedules reach, for the schedule-search strategies (PCT, bounded
 * preemption) to find and uniform random schedules to miss.
 *
 * `planted-narrow-cas` is `lsn-cas` on a remote whose compare-and-swap compares LSNs in a 4-bit field
 * (modulo 16): an LSN 16 entries further on the same log looks like the one the caller expects. It
 * takes effect only when an actor's CAS expects `a@n` while `main` is at `a@(n+16)`: the actor read
 * `main`, then 16 pushes by other actors landed on the same log (each a read, an append and a
 * confirming CAS: 48 steps) before its CAS ran. Its append of LSN n+1 fails, it branches from `a@n`
 * and its force-push CAS wrongly succeeds, dropping 16 acknowledged commits: G6. The actor takes
 * three steps (append, branch, CAS) inside those 48, so some gap between two of its consecutive
 * steps holds at least 16 steps of other actors; and the others must not contend (a contended push
 * falls back to a force push that moves `main` off log `a`), so the landing pushes run one actor at a
 * time. Smallest configuration: 3 actors × 8 ops (actors 2 and 3 push 8 times each).
 *
 * Not registered in `variants/index.ts` by this file; the lead registers it (one line).
 */
import { setRef } from '../remote.ts';
import type { GroveVariant } from '../variant.ts';
import { lsnCas } from './standard.ts';

/** How many LSNs the narrow field tells apart. */
export const NARROW_LSN_MODULUS = 16;

/** G6, deep: the ref's CAS compares LSNs modulo 16. */
export const plantedNarrowCas: GroveVariant = {
  ...lsnCas,
  name: 'planted-narrow-cas',
  title: 'planted deep bug (G6): the CAS compares LSNs modulo 16, so a force push 16 pushes stale succeeds',
  planted: 'G6',
  remote: { cas: narrowCas(NARROW_LSN_MODULUS, () => true) },
};

/** A CAS that compares LSNs modulo `modulus` on the logs `narrow` names (exactly on the others). */
function narrowCas(modulus: number, narrow: (log: string) => boolean): NonNullable<GroveVariant['remote']>['cas'] {
  return (r, ref, expected, next) => {
    const actual = r.refs[ref] ?? { log: '?', lsn: 0 };
    const lsnSame = narrow(actual.log) ? actual.lsn % modulus === expected.lsn % modulus : actual.lsn === expected.lsn;
    if (actual.log !== expected.log || !lsnSame) return { remote: r, ok: false, actual };
    return { remote: setRef(r, ref, next), ok: true, actual: next };
  };
}

/** How many pushes a stalled force push must sit out on a branched log before `planted-branch-stall` bites. */
export const BRANCH_STALL_PUSHES = 6;

/**
 * G6, deeper and of another shape: `lsn-cas` on a remote whose CAS compares LSNs modulo 6 **only on
 * branched logs** (a log other than the root `a`), as a remote might that keeps a narrow counter per
 * branch. It needs two rare events in order: first a force push must move `main` onto a branched log
 * (two actors contend: one's append wins the slot, the other's append fails and its Branch + CAS
 * lands before the winner's confirming CAS), then an actor must read `main` there and stall while six
 * pushes by others land on that log; its append then fails, it branches from the stale position and
 * its CAS wrongly succeeds, dropping six acknowledged commits. PCT at depth 2 rarely orders both
 * events; depth 3 does. Smallest configuration: 3 actors × 4 ops.
 */
export const plantedBranchStall: GroveVariant = {
  ...lsnCas,
  name: 'planted-branch-stall',
  title: 'planted deep bug (G6): on a branched log the CAS compares LSNs modulo 6, so a force push stalled through six pushes there succeeds',
  planted: 'G6',
  remote: { cas: narrowCas(BRANCH_STALL_PUSHES, (log) => log !== 'a') },
};
