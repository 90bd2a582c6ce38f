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

export const standardVariants: readonly GroveVariant[] = [logidCheck, lsnAdvance, lsnCas];
