/**
 * Deterministic simulation of real asynchronous sync clients: the public surface. Write the client
 * and server against {@link Io}, describe the workload and the adapter in a {@link SimSpec}, and call
 * `simulate` (returns an outcome) or `assertSimulation` (throws with the minimal rows and the replay
 * call), or run `grove-check sim FILE`.
 */
export type { Io, Reply, SimSpec, OpSpec, SyncAdapter, SimProperty, Storage, Timers, Clock } from './spec.ts';
export { simulate, assertSimulation, describeViolation, SimSpecError } from './simulate.ts';
export type { SimOptions, SimOutcome, SimPass, SimViolation, SimInconclusive } from './simulate.ts';
export { FAULT_KINDS, parseFaults, printFaults, type FaultKind, type FaultBudget } from './faults.ts';
export { SimulationEscape } from './guard.ts';
export { BUILTIN_IDS as SIM_PROPERTIES } from './properties.ts';
export { SIM_STRATEGIES, type SimStrategy } from './strategies.ts';
