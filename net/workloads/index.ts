/** Every workload by name, in the order `grove-check run --help` lists them. */
import type { Workload } from './workload.ts';
import { linKv } from './lin-kv.ts';
import { grove } from './grove.ts';
import { broadcast, echo, gCounter, gSet, pnCounter, uniqueIds } from './simple.ts';

/** The workloads. */
export const workloads: readonly Workload[] = [echo, uniqueIds, broadcast, gSet, gCounter, pnCounter, linKv, grove];

/** A workload by name, or undefined. */
export function workloadByName(name: string): Workload | undefined {
  return workloads.find((w) => w.name === name);
}
