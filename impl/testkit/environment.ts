/**
 * Environment errors: the machine, not the input or the code, stopped a run (a full disk, a read-only
 * or unwritable directory, a missing temp directory, too many open files). They are reported as one
 * line naming the cause and the path, with exit code 2 (never 1, which means a violation, and never
 * a stack trace).
 */

/** The error codes that are the environment's doing, with what they mean. */
const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this machine',
  EIO: 'input/output error',
};

/** System calls that create a place to work in: ENOENT there means the parent (TMPDIR) is missing. */
const CREATING = new Set(['mkdtemp', 'mkdir']);

/**
 * One line for an environment error (`no space left on device (ENOSPC): /tmp/x/store/tmp/…`), or
 * null when `e` is not one.
 */
export function environmentProblem(e: unknown): string | null {
  for (let c = e, depth = 0; c instanceof Error && depth < 4; c = c.cause, depth++) {
    const line = errnoProblem(c);
    if (line !== null) return line;
  }
  return null;
}

function errnoProblem(e: unknown): string | null {
  const x = e as (NodeJS.ErrnoException & { dest?: string }) | null;
  if (x === null || typeof x !== 'object' || typeof x.code !== 'string') return null;
  const cause = CAUSES[x.code] ?? (x.code === 'ENOENT' && x.syscall !== undefined && CREATING.has(x.syscall) ? 'no such directory (is TMPDIR set to a directory that exists?)' : undefined);
  if (cause === undefined) return null;
  const path = typeof x.path === 'string' ? `: ${x.path}${typeof x.dest === 'string' ? ` -> ${x.dest}` : ''}` : '';
  return `${cause} (${x.code}${x.syscall ? `, ${x.syscall}` : ''})${path}`;
}
