export { runSuite, preflight } from './run.js';
export { runCase, caseDeadline, type RunCaseOptions } from './run-case.js';
export { CaseVerdicts } from './verdicts.js';
export { selectCases, shardOf, type PlanFilter } from './plan.js';
export { runPool } from './pool.js';
export { summarize, emptySummary, STATUSES, type CaseResult, type Report, type Summary, type Status, type TargetInfo, type TranscriptEntry, type FlakyCase } from './result.js';
export { loadBaseline, applyBaseline, baselineFrom, writeBaseline, BASELINE_SCHEMA, type Baseline, type BaselineEntry } from './baseline.js';
