// The hooks a run calls as it goes (after Playwright's ReporterV2): optional, only onBegin/onEnd may
// be async. The runner owns this interface and calls it; harness/report implements it (console,
// json, junit, html), so report depends on runner and never the other way round.
import type { CaseMeta } from '../cases/index.js';
import type { CaseResult, Report, TargetInfo } from './result.js';

export interface RunPlan {
  readonly cases: readonly CaseMeta[];
  readonly target: TargetInfo;
  readonly seed: number;
  readonly startedAt: string;
  /** added: the XEP-0479 level suites the run assesses (--level-suite, else the defaults) */
  readonly levelSuites?: readonly string[];
}

export interface Reporter {
  onBegin?(plan: RunPlan): void | Promise<void>;
  onCaseBegin?(meta: CaseMeta): void;
  onCaseEnd?(meta: CaseMeta, result: CaseResult): void;
  /** a note for the user that is not a case result (e.g. "target software: Prosody 0.12.3") */
  onDiagnostic?(message: string): void;
  onEnd?(report: Report): void | Promise<void>;
}
