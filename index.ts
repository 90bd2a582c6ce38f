/**
 * grove-check as a library: what `import … from 'grove-check'` gives. Everything exported here is
 * documented in the README ("As a library"); the rest of the package is internal.
 *
 * - Your own protocol: `defineModel` builds a model family from plain parts.
 * - Checking: `check` returns the outcome as data, `assert` throws an Error holding the minimal
 *   counterexample, its seed and the call that replays it; `replay` runs a saved scenario file.
 * - The models this project ships (`families`, `familyByName`) and model files (`loadModelFile`).
 * - Linearizability of a recorded history: `checkLinearizable`, `assertLinearizable`.
 * - The scenario notation: `parseScenarioFile`, `printScenarioFile`, `printRow`.
 * - Reports: `writeReport` (an HTML report of a violation).
 * - Real async clients under simulation: `simulate` returns the outcome, `assertSimulation` throws
 *   with the minimal trace, its seed and the replay call (`sim/`).
 */
export { defineModel, ModelFileError, type ModelParts, type ModelConfig, type ActionPart, type StepPart, type PropertyPart, type DefinedFamily } from './model/core/define.ts';
export { UsageError, type Model, type ModelFamily, type ModelOptions, type Action, type Step, type Property } from './model/core/model.ts';
export { families, familyByName, loadModelFile, registerFamily } from './model/registry.ts';
export { check, assert, replay, replayCall, violationMessage, type ModelCheckOptions, type ReplayedScenario } from './checker/api.ts';
export { exitCode, type Outcome, type Pass, type Violation, type Inconclusive, type Strategy, type Stats } from './checker/outcome.ts';
export type { CheckOptions } from './checker/options.ts';
export { checkLinearizable, assertLinearizable, LinearizabilityError, type LinResult } from './lin/check.ts';
export { prepareKernel } from './lin/kernel/kernel.ts';
export type { LinModel } from './lin/model.ts';
export type { Operation } from './lin/history.ts';
export { parseScenarioFile, ParseError } from './scenarios/notation/parse.ts';
export { printRow, printScenarioFile } from './scenarios/notation/print.ts';
export type { Op, Result, Row, Scenario, ScenarioFile } from './scenarios/notation/types.ts';
export { writeReport, type WrittenReport } from './reports/html/write.ts';
export { simulate, assertSimulation, SimSpecError, SimulationEscape, FAULT_KINDS, SIM_PROPERTIES, SIM_STRATEGIES } from './sim/index.ts';
export type { Io, Reply, SimSpec, OpSpec, SyncAdapter, SimProperty, Storage, Timers, Clock, SimOptions, SimOutcome, FaultKind, FaultBudget, SimStrategy } from './sim/index.ts';
