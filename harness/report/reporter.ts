// The reporter interface (after Playwright's ReporterV2): optional hooks, only onBegin/onEnd may be async.
import type { CaseMeta } from '../cases/index.js';
import type { CaseResult, Report, TargetInfo } from '../runner/index.js';

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

export interface ReporterOptions {
  /** directory reports are written to */
  readonly outDir: string;
  /** stream for console output (defaults to process.stdout in the CLI) */
  readonly stdout?: NodeJS.WritableStream;
  /** whether the console may redraw a progress line (a TTY) */
  readonly interactive?: boolean;
}
