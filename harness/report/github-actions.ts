// What a run leaves for GitHub Actions: annotations on stdout when GITHUB_ACTIONS=true, and the job
// summary appended to the file GITHUB_STEP_SUMMARY names. Outside Actions it does nothing.
import { appendFileSync } from 'node:fs';
import { oneLine } from '../errors.js';
import type { Report } from '../runner/index.js';
import { annotationLines } from './github-annotations.js';
import { summaryMarkdown, type SummaryOptions } from './github-summary.js';

export interface GithubActionsIO {
  readonly env: NodeJS.ProcessEnv;
  /** where workflow commands go (the runner reads them from the step's stdout) */
  readonly stdout: NodeJS.WritableStream;
  /** where a summary that cannot be written is reported */
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Prints the annotations and appends the job summary, each only when its variable is set. A summary
 * file that cannot be written is one line on stderr; it does not change the run's exit code.
 */
export function publishToGithubActions(report: Report, io: GithubActionsIO, opts: SummaryOptions = {}): void {
  if (io.env['GITHUB_ACTIONS'] === 'true') {
    for (const line of annotationLines(report, opts)) io.stdout.write(`${line}\n`);
  }
  const file = io.env['GITHUB_STEP_SUMMARY'];
  if (file !== undefined && file !== '') {
    try {
      appendFileSync(file, summaryMarkdown(report, opts));
    } catch (e) {
      io.stderr.write(`xmpp-conformance: could not append the job summary to GITHUB_STEP_SUMMARY (${file}): ${oneLine(e)}\n`);
    }
  }
}
