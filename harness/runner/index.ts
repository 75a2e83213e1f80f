export { runSuite, preflight, type RunControl } from './run.js';
export type { Reporter, RunPlan } from './reporter.js';
export { RunStopper, notRunResult, incompleteOf, type RunStop } from './stop.js';
export { runCase, runCaseOutcome, caseDeadline, closeS2sListeners, type RunCaseOptions } from './run-case.js';
export { CaseVerdicts } from './verdicts.js';
export { selectCases, shardOf, type PlanFilter } from './plan.js';
export { runPool } from './pool.js';
export { summarize, emptySummary, notRunMessage, isNotRun, STATUSES, type RunIncomplete, type StopStage, type CaseResult, type Report, type Summary, type Status, type TargetInfo, type TranscriptEntry, type FlakyCase } from './result.js';
export { loadBaseline, applyBaseline, baselineFrom, writeBaseline, BASELINE_SCHEMA, type Baseline, type BaselineEntry } from './baseline.js';
