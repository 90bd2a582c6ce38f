/**
 * Deliberately broken variants: each plants one bug that must make the checker report exactly one
 * property (its `planted` field). A checker is trusted only if it catches these; the tests in
 * `planted.test.ts` assert the property and the minimal counterexample for each.
 *
 * All are built on `lsn-cas`, the variant that holds G1–G6, so that the planted bug is the only fault.
 */
import { entryAt, setRef, tip, writeEntry } from '../remote.ts';
import { primitivesFor, refMatches, type GroveVariant } from '../variant.ts';
import { lsnCas } from './standard.ts';

const correct = primitivesFor(lsnCas);

/** G1: the remote's append is a blind write, so a stale writer overwrites an existing entry. */
export const plantedOverwrite: GroveVariant = {
  ...lsnCas,
  name: 'planted-overwrite',
  title: 'planted bug (G1): Append is a blind write at the requested LSN, overwriting what is there',
  planted: 'G1',
  remote: {
    append(r, log, lsn, c) {
      if (r.logs[log] === undefined) return { remote: r, ok: false, reason: 'missing' };
      if (lsn > tip(r.logs[log]) + 1) return { remote: r, ok: false, reason: 'conflict' };
      return { remote: writeEntry(r, log, lsn, c), ok: true };
    },
  },
};

/** G2: an off-by-one in the remote writes one LSN past the requested one, leaving a hole. */
export const plantedGap: GroveVariant = {
  ...lsnCas,
  name: 'planted-gap',
  title: 'planted bug (G2): Append writes at LSN+1, leaving a hole in the log',
  planted: 'G2',
  remote: {
    append(r, log, lsn, c) {
      const res = correct.append(r, log, lsn, c);
      if (!res.ok) return res;
      return { remote: writeEntry(r, log, lsn + 1, c), ok: true };
    },
  },
};

/** G3: the remote answers Ok to an append whose slot is taken (without writing): two winners. */
export const plantedLyingAppend: GroveVariant = {
  ...lsnCas,
  name: 'planted-lying-append',
  title: 'planted bug (G3): Append answers Ok when the slot is already taken (and writes nothing)',
  planted: 'G3',
  remote: {
    append(r, log, lsn, c) {
      const res = correct.append(r, log, lsn, c);
      if (!res.ok && res.reason === 'conflict' && entryAt(r, log, lsn) !== null) return { remote: r, ok: true };
      return res;
    },
  },
};

/** G4: a successful CAS points the ref one LSN past what it was asked to: past the log's tip. */
export const plantedDanglingRef: GroveVariant = {
  ...lsnCas,
  name: 'planted-dangling-ref',
  title: 'planted bug (G4): CAS sets the ref one LSN past the requested position',
  planted: 'G4',
  remote: {
    cas(r, ref, expected, next) {
      const res = correct.cas(r, ref, expected, next);
      if (!res.ok) return res;
      const moved = { log: next.log, lsn: next.lsn + 1 };
      return { remote: setRef(r, ref, moved), ok: true, actual: moved };
    },
  },
};

/** G5: the client acknowledges a push as soon as its Append lands, before confirming with the ref. */
export const plantedEarlyAck: GroveVariant = {
  ...lsnCas,
  name: 'planted-early-ack',
  title: 'planted bug (G5): the client acknowledges a push right after its Append, before the CAS',
  planted: 'G5',
  client: { ackOnAppend: true },
};

/** G6: force push with a plain CAS that ignores the expected value (git push --force). */
export const plantedBlindForce: GroveVariant = {
  ...lsnCas,
  name: 'planted-blind-force',
  title: 'planted bug (G6): CAS ignores the expected value (a plain force push)',
  planted: 'G6',
  remote: {
    cas(r, ref, _expected, next) {
      return { remote: setRef(r, ref, next), ok: true, actual: next };
    },
  },
};

/** G7 (advisory): a CAS that applies but answers Err, so a commit reported failed is visible. */
export const plantedZombie: GroveVariant = {
  ...lsnCas,
  name: 'planted-zombie',
  title: 'planted bug (G7): CAS applies the swap but answers Err, so a failed push becomes visible',
  planted: 'G7',
  remote: {
    cas(r, ref, expected, next) {
      const actual = r.refs[ref];
      if (actual === undefined || !refMatches(lsnCas, actual, expected)) return correct.cas(r, ref, expected, next);
      return { remote: setRef(r, ref, next), ok: false, actual: next };
    },
  },
};

export const plantedVariants: readonly GroveVariant[] = [
  plantedOverwrite,
  plantedGap,
  plantedLyingAppend,
  plantedDanglingRef,
  plantedEarlyAck,
  plantedBlindForce,
  plantedZombie,
];
