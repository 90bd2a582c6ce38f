/** The typed error every history parser throws for malformed input. */

/**
 * A malformed history file: `file:line:column: expected …, found …`. Lines and columns are 1-based;
 * the column points at the offending token.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}:${line}:${column}: expected ${expected}, found ${found}`);
  }
}
