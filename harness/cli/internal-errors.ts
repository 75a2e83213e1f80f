// Errors nobody caught: an exception thrown from a callback (an 'error' event without a listener, a
// timer) or a promise rejected with no handler. A command that writes reports (run, serve) watches
// for them while it runs and ends with its reports, the run cut short, exit 4; anywhere else the
// last resort the launchers install prints one line and exits 4. Never a stack trace, never exit 1.
import { errorLine } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { processIO, type CliIO } from './io.js';

type Watcher = (err: unknown) => void;

/** the watchers of the commands running now; the latest one hears an uncaught error */
const watchers: Watcher[] = [];

/** Until the returned function is called, uncaught errors go to `onError` (which stops the command with its reports). */
export function watchInternalErrors(onError: Watcher): () => void {
  watchers.push(onError);
  return () => {
    const i = watchers.lastIndexOf(onError);
    if (i >= 0) watchers.splice(i, 1);
  };
}

let installed = false;

/** Once per process, in the launchers: uncaught errors go to the running command's watcher, else one line and exit 4. */
export function installLastResort(io: Pick<CliIO, 'stderr'>): void {
  if (installed) return;
  installed = true;
  const handle = (err: unknown): void => {
    const watcher = watchers.at(-1);
    if (watcher) {
      watcher(err);
      return;
    }
    io.stderr.write(`xmpp-conformance: ${errorLine(err)}\n`);
    process.exit(EXIT.INTERNAL);
  };
  process.on('uncaughtException', handle);
  process.on('unhandledRejection', handle);
}

/**
 * Runs a command as a process: its exit code becomes the process's, an error it throws is one line
 * and exit 4 (the mapping of harness/cli/exit-codes.ts for what main does not catch), and uncaught
 * errors meet the last resort. Used by bin/xmpp-conformance and the npm jobs.
 */
export function launch(command: () => Promise<number>, io: Pick<CliIO, 'stderr'> = processIO()): void {
  installLastResort(io);
  command().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      io.stderr.write(`xmpp-conformance: ${errorLine(err)}\n`);
      process.exitCode = EXIT.INTERNAL;
    },
  );
}
