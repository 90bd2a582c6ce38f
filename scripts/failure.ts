/**
 * What `grove-check` says and which code it exits with when a command throws instead of returning a
 * verdict: bad input (exit 2, one line), a bad environment (a full disk, a read-only or missing
 * directory: exit 2, the cause and the path, never a stack), a harness that failed on its own (exit
 * 70, where its evidence was kept), anything else (exit 70, an internal error with its stack).
 */
import { UsageError } from '../model/core/model.ts';
import { InputError } from './commands/_common.ts';
import { ParseError } from '../scenarios/notation/errors.ts';
import { environmentProblem } from '../impl/testkit/environment.ts';
import { HarnessError } from '../impl/testkit/errors.ts';

/** The message (after `grove-check: `) and the exit code for an error a command threw. */
export function failure(e: unknown): { readonly message: string; readonly code: number } {
  if (e instanceof UsageError || e instanceof InputError || e instanceof ParseError) return { message: e.message, code: 2 };
  // By name as well: a user's model file may bring its own copy of grove-check's classes.
  if (e instanceof Error && (e.name === 'UsageError' || e.name === 'ModelFileError')) return { message: e.message, code: 2 };
  const env = environmentProblem(e);
  if (env !== null) return { message: env + (e instanceof HarnessError && e.kept !== undefined ? `\nrun directory kept: ${e.kept}` : ''), code: 2 };
  if (e instanceof HarnessError) return { message: `harness error: ${e.message}`, code: 70 };
  return { message: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, code: 70 };
}
