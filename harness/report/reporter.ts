// The reporter interface is the runner's (harness/runner/reporter.ts); the options are the report
// module's own: where the files go and where the console writes.
export type { Reporter, RunPlan } from '../runner/index.js';

export interface ReporterOptions {
  /** directory reports are written to */
  readonly outDir: string;
  /** stream for console output (defaults to process.stdout in the CLI) */
  readonly stdout?: NodeJS.WritableStream;
  /** whether the console may redraw a progress line (a TTY) */
  readonly interactive?: boolean;
}
