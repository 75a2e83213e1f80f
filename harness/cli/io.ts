// The streams a command writes to; tests pass their own.
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** How often a progress line is repeated when stderr is a log, not a terminal. */
const LOG_PROGRESS_EVERY_MS = 10_000;

/**
 * A progress line on stderr: rewritten in place (\r) on a terminal; in a log (CI), one full line
 * every 10 s and a last one when done, so the log stays readable.
 */
export function progressLine(io: CliIO): (text: string, done: boolean) => void {
  const tty = io.stderr.isTTY === true && !io.env['CI'];
  let last = 0;
  return (text, done) => {
    if (tty) {
      io.stderr.write(`\r${text}${done ? '\n' : ''}`);
      return;
    }
    const now = Date.now();
    if (!done && now - last < LOG_PROGRESS_EVERY_MS) return;
    last = now;
    io.stderr.write(`${text}\n`);
  };
}
