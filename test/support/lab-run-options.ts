// What every whole-suite run against a lab instance starts from, so the integration tests do not
// each write it out.
import type { RunOptions } from '../../harness/config.js';
import type { LabInfo } from '../../harness/lab/index.js';

/** `run`'s options against `info`: its c2s target, domain, CA and accounts, the reports in `out`, then `rest` (which may override any of them). */
export function labRunOptions(info: LabInfo, out: string, rest: RunOptions): RunOptions {
  return { target: info.target, domain: info.domain, ca: info.ca, account: [...info.accounts], out, ...rest };
}
