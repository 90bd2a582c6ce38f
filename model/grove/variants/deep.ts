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
  remote: {
    cas(r, ref, expected, next) {
      const actual = r.refs[ref] ?? { log: '?', lsn: 0 };
      const same = actual.log === expected.log && actual.lsn % NARROW_LSN_MODULUS === expected.lsn % NARROW_LSN_MODULUS;
      if (!same) return { remote: r, ok: false, actual };
      return { remote: setRef(r, ref, next), ok: true, actual: next };
    },
  },
};
