/**
 * What the tests share about time: none of them waits for a wall-clock guess. A test that runs a
 * command synchronously (`spawnSync` blocks the event loop, so vitest's own timeout cannot stop it)
 * passes this guard, far above any run on a loaded 2-core machine, so that it stops a real hang and
 * never fails a slow machine. `GROVE_TEST_GUARD_S` overrides it (seconds).
 */
export const CLI_GUARD_MS = Number(process.env.GROVE_TEST_GUARD_S ?? 600) * 1000;
