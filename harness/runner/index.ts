export { runSuite, preflight, accountSets, scheduleOrder, ACCOUNT_SET_SIZE, type RunControl } from './run.js';
export { runLanes, laneNeedsOf, type HeldSlots, type LaneNeeds, type LaneOptions } from './lanes.js';
export type { Reporter, RunPlan } from './reporter.js';
export { RunStopper, notRunResult, incompleteOf, type RunStop } from './stop.js';
export { runCase, runCaseOutcome, closeS2sListeners, type RunCaseOptions } from './run-case.js';
export {
  runLifecycle,
  statusOf,
  failureMessage,
  citesRule,
  caseDeadline,
  caseResult,
  runCleanups,
  type CaseTrace,
  type CaseOutcome,
  type LifecycleOptions,
} from './lifecycle.js';
export { CaseVerdicts } from './verdicts.js';
export { selectCases, shardOf, type PlanFilter } from './plan.js';
export { runPool } from './pool.js';
export {
  summarize,
  emptySummary,
  notRunMessage,
  isNotRun,
  failedOrErrored,
  STATUSES,
  type RunIncomplete,
  type StopStage,
  type CaseResult,
  type Report,
  type Summary,
  type Status,
  type TargetInfo,
  type TranscriptEntry,
  type FlakyCase,
} from './result.js';
export { loadBaseline, applyBaseline, baselineFrom, writeBaseline, BASELINE_SCHEMA, type Baseline, type BaselineEntry } from './baseline.js';
