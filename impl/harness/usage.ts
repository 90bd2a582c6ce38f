/**
 * The `--against` flags' usage text and default, in a module of their own so that `grove-check check`
 * shows them without loading the harness (its backends and xstate cost start-up time).
 */

/** The default number of schedules against an implementation (each builds a store). */
export const DEFAULT_IMPL_RUNS = 100;

/** Usage lines the commands add for `--against` and `--split`. */
export const AGAINST_USAGE = `  --against impl:B    also run each schedule against an implementation, B = memory, fs, sqlite
                      or postgres (a fresh schema at GROVE_PG_URL per schedule)
                      (random strategy only; --runs default ${DEFAULT_IMPL_RUNS}); a divergence is a violation of L
  --split             with --against: split calls at the backend's yield points (overlapping calls)`;
