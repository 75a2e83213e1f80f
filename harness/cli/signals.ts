// SIGINT and SIGTERM for commands that must leave their reports behind: the first signal is handed
// to the command (which stops, writes what it has and exits 130 or 143); a second one exits at once.
import { watchParent } from '../util/index.js';
import { EXIT } from './exit-codes.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number, as shells report a process ended by it. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: EXIT.SIGINT, SIGTERM: EXIT.SIGTERM };

/** Calls `onFirst` on the first SIGINT or SIGTERM; returns the function that removes the handlers. */
export function watchStopSignals(onFirst: (signal: StopSignal) => void): () => void {
  let seen: StopSignal | undefined;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = (): void => {
      if (seen !== undefined) process.exit(SIGNAL_EXIT_CODES[signal]);
      seen = signal;
      onFirst(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

/**
 * Until the returned function is called: when the parent process goes away, say so and send this
 * process the SIGTERM meant for it (`npm run` hands SIGTERM to the shell it runs a script in, which
 * dies without passing it on), so a job under npm ends with its reports as on a real SIGTERM.
 */
export function sigtermOnParentLoss(say: (line: string) => void, who = 'xmpp-conformance'): () => void {
  const parent = watchParent((pid) => {
    say(`${who}: the parent process (pid ${pid}) is gone; stopping as on SIGTERM`);
    process.kill(process.pid, 'SIGTERM');
  });
  return () => parent.stop();
}
