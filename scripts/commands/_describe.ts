/** The terminal text of an outcome now lives in reports/ (`reports/text/outcome.ts`); this name stays for the commands. */
export { describeViolation } from '../../reports/text/outcome.ts';
