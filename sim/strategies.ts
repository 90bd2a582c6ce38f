/**
 * Choosers: who picks the next step (STYLE.md §2). The world lists what can happen; a chooser returns
 * an index. Every strategy re-executes from the start for each run, so a run is its seed plus the list
 * of indices, and `replay` reproduces it exactly.
 *
 * - `random`: faults with probability `faultRate` when one is enabled, else uniform over the rest.
 * - `pct`: probabilistic concurrency testing (Burckhardt et al.): actors get random priorities, the
 *   highest-priority enabled actor runs, and at `depth - 1` random steps the running actor drops to
 *   the lowest priority.
 * - `preemption`: keeps running the actor that ran last while it can; switching away from it while it
 *   still could run costs one of at most `bound` preemptions.
 * - `replay`: follows a path; past its end, or out of range, it takes index 0 (never a fault).
 */
import type { Choice, Chooser } from './world.ts';
import { prng } from './random.ts';

export type SimStrategy = 'random' | 'pct' | 'preemption' | 'replay';
export const SIM_STRATEGIES: readonly SimStrategy[] = ['random', 'pct', 'preemption', 'replay'];

/** Probability of injecting a fault at a step where one is enabled. */
const FAULT_RATE = 0.15;

function split(enabled: readonly Choice[]): { normal: number[]; faults: number[] } {
  const normal: number[] = [];
  const faults: number[] = [];
  enabled.forEach((c, i) => (c.fault === undefined ? normal : faults).push(i));
  return { normal, faults };
}

function maybeFault(rand: () => number, faults: number[]): number | undefined {
  if (faults.length === 0 || rand() >= FAULT_RATE) return undefined;
  return faults[Math.floor(rand() * faults.length)];
}

/** Uniform random with occasional faults. */
export function randomChooser(seed: number): Chooser {
  const rand = prng(seed);
  return {
    choose(enabled) {
      const { normal, faults } = split(enabled);
      return maybeFault(rand, faults) ?? normal[Math.floor(rand() * normal.length)];
    },
  };
}

/** PCT with `depth` priority change points spread over the first `steps` steps. */
export function pctChooser(seed: number, depth = 3, steps = 200): Chooser {
  const rand = prng(seed);
  const priority = new Map<string, number>();
  const changes = new Set(Array.from({ length: Math.max(0, depth - 1) }, () => Math.floor(rand() * steps)));
  let low = 0;
  return {
    choose(enabled, step) {
      const { normal, faults } = split(enabled);
      const f = maybeFault(rand, faults);
      if (f !== undefined) return f;
      for (const i of normal) if (!priority.has(enabled[i].actor)) priority.set(enabled[i].actor, 1 + rand());
      let best = normal[0];
      for (const i of normal) if ((priority.get(enabled[i].actor) ?? 0) > (priority.get(enabled[best].actor) ?? 0)) best = i;
      if (changes.has(step)) priority.set(enabled[best].actor, low--);
      return best;
    },
  };
}

/** Bounded preemption: at most `bound` switches away from an actor that could still run. */
export function preemptionChooser(seed: number, bound = 2): Chooser {
  const rand = prng(seed);
  let current: string | undefined;
  let used = 0;
  return {
    choose(enabled) {
      const { normal, faults } = split(enabled);
      const f = maybeFault(rand, faults);
      if (f !== undefined) return f;
      const mine = normal.filter((i) => enabled[i].actor === current);
      const others = normal.filter((i) => enabled[i].actor !== current);
      let pick: number;
      if (mine.length > 0 && (others.length === 0 || used >= bound || rand() >= 0.3)) pick = mine[0];
      else {
        if (mine.length > 0) used++;
        pick = others[Math.floor(rand() * others.length)];
      }
      current = enabled[pick].actor;
      return pick;
    },
  };
}

/** Follows `path`; index 0 past its end or where the index is out of range. */
export function replayChooser(path: readonly number[]): Chooser {
  return {
    choose(enabled, step) {
      const i = path[step];
      return i !== undefined && i < enabled.length ? i : 0;
    },
  };
}

/** The chooser of a strategy for one run's seed. */
export function chooserFor(strategy: Exclude<SimStrategy, 'replay'>, seed: number): Chooser {
  return strategy === 'pct' ? pctChooser(seed) : strategy === 'preemption' ? preemptionChooser(seed) : randomChooser(seed);
}

/** How far ahead {@link keyChooser} looks for a key that is enabled. */
const LOOKAHEAD = 4;

/**
 * Follows a list of choice keys (shrinking's form of a path, robust to dropped ops): at each step it
 * takes the first of the next few keys that is enabled, skipping the ones before it; when none is, it
 * takes index 0 and keeps its place.
 */
export function keyChooser(keys: readonly string[]): Chooser {
  let cursor = 0;
  return {
    choose(enabled) {
      for (let k = cursor; k < Math.min(keys.length, cursor + LOOKAHEAD); k++) {
        const i = enabled.findIndex((c) => c.key === keys[k]);
        if (i >= 0) {
          cursor = k + 1;
          return i;
        }
      }
      return 0;
    },
  };
}
