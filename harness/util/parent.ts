// Noticing that the parent process went away. `npm run` passes SIGTERM (and SIGINT) to the shell it
// started for a script, not to the node process under it, and that shell dies without passing it
// on: the node process is re-parented and never hears the signal. A long job treats the change of
// its parent pid as that signal.

/** How often the parent pid is looked at. */
export const PARENT_POLL_MS = 200;

export interface ParentWatch {
  /** looks now (a loss since the last poll counts); true when the parent is gone */
  check(): boolean;
  stop(): void;
}

/** Calls `onGone(pid)` once when the parent process present at the call goes away. */
export function watchParent(onGone: (parentPid: number) => void, pollMs = PARENT_POLL_MS): ParentWatch {
  const parent = process.ppid;
  let gone = false;
  const check = (): boolean => {
    if (!gone && process.ppid !== parent) {
      gone = true;
      onGone(parent);
    }
    return gone;
  };
  const timer = setInterval(check, pollMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
