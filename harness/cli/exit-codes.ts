// Every exit code the tool uses, by name, and the one mapping from an error to its code
// (docs/reference.md, "Exit codes at a glance"). The rule: 1 means "something under test failed,
// and the output or the reports say what"; the tool's own failure is 4, with one line and, where
// the command writes reports, the reports of what finished.
import { HarnessError, isInternalError } from '../errors.js';

export const EXIT = {
  /** nothing failed (skips allowed) */
  OK: 0,
  /** something under test failed (a case, a fuzz finding, an invalid JID); `lab`: a server did not start or stop */
  FAILED: 1,
  /** usage or configuration error: bad flag, unreadable file, wrong credentials; for the npm jobs, a lab that did not start */
  USAGE: 2,
  /** the target could not be reached or tested; `lab status`: not running, or something found */
  UNREACHABLE: 3,
  /** an internal error: the tool failed in a way it did not expect (a bug, a suite that does not load) */
  INTERNAL: 4,
  /** 128 + the signal's number, as shells report a process ended by it */
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit code an error ends a command with: a usage error 2, an unreachable target 3, a lab that
 * did not start or stop 1; anything else (another HarnessError escaping a command, or an error that
 * is not a HarnessError at all) is internal, 4.
 */
export function exitCodeOf(err: unknown): ExitCode {
  if (isInternalError(err) || !(err instanceof HarnessError)) return EXIT.INTERNAL;
  if (err.code === 'USAGE') return EXIT.USAGE;
  if (err.code === 'UNREACHABLE') return EXIT.UNREACHABLE;
  return EXIT.FAILED;
}
