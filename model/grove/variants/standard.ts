/**
 * The three protocol variants of MODEL.md §1, as data. Each is a complete description: the checker
 * reads nothing else about a variant.
 */
import type { GroveVariant } from '../variant.ts';

/** The seed's first design: refs hold a LogId; push = Append + Check; force push = Branch + CAS on LogId. */
export const logidCheck: GroveVariant = {
  name: 'logid-check',
  title: 'refs hold a LogId; push = Append + Check; force push = Branch + CAS on the LogId',
  refs: 'log',
  confirm: 'check',
  check: 'read',
};

/** Refs hold a LogRef; push = Append + advance the ref's LSN if still on that log; force push = Branch + CAS on the LogRef. */
export const lsnAdvance: GroveVariant = {
  name: 'lsn-advance',
  title: "refs hold a LogRef; push = Append + advance the ref's LSN if it is still on that log; force push = Branch + CAS on the LogRef",
  refs: 'logref',
  confirm: 'check',
  check: 'advance',
};

/** Refs hold a LogRef; push = Append + CAS on the LogRef; force push = Branch + CAS on the LogRef observed. */
export const lsnCas: GroveVariant = {
  name: 'lsn-cas',
  title: 'refs hold a LogRef; push = Append + CAS on the LogRef; force push = Branch + CAS on the LogRef it observed',
  refs: 'logref',
  confirm: 'cas',
  check: 'read',
};

/** lsn-cas whose client, on a timeout, simply does the write again (an append at the log's new tip). */
export const retryNaive: GroveVariant = {
  ...lsnCas,
  name: 'retry-naive',
  title: 'lsn-cas with naive recovery: after a timeout, write again (append at the new tip, repeat the CAS or Branch)',
  recovery: 'retry-naive',
};

/**
 * lsn-cas whose client finds out before acting again: after an Append it reads the slot it tried
 * (its own commit: confirm; another: diverged, force push; empty: append again); after a CAS it reads
 * the ref (landed iff the ref's history holds its commit); after a Branch it reads the log.
 */
export const recoverByReading: GroveVariant = {
  ...lsnCas,
  name: 'recover-by-reading',
  title: 'lsn-cas with recovery by reading: after a timeout or restart, read the slot, ref or log it wrote before acting again',
  recovery: 'recover-by-reading',
};

export const standardVariants: readonly GroveVariant[] = [logidCheck, lsnAdvance, lsnCas, retryNaive, recoverByReading];
