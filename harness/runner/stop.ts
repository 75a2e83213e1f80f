// Ending a run early: a signal, --max-time, or a target that stopped answering. The first reason
// given wins; the runner stops starting cases, and the report marks the rest as not run.
import type { CaseMeta } from '../cases/index.js';
import { caseResult } from './lifecycle.js';
import { notRunMessage, type CaseResult, type RunIncomplete, type StopStage } from './result.js';

export interface RunStop {
  readonly stage: StopStage;
  readonly reason: string;
  readonly signal?: 'SIGINT' | 'SIGTERM';
}

export class RunStopper {
  private first: RunStop | undefined;
  private readonly controller = new AbortController();
  /** resolves with the first stop; never rejects */
  readonly stopped: Promise<RunStop>;
  private resolveStopped!: (s: RunStop) => void;

  constructor() {
    this.stopped = new Promise<RunStop>((resolve) => (this.resolveStopped = resolve));
  }

  /** Stops the run (only the first call counts); returns whether this call was the first. */
  stop(s: RunStop): boolean {
    if (this.first) return false;
    this.first = s;
    this.controller.abort(s);
    this.resolveStopped(s);
    return true;
  }

  get stop_(): RunStop | undefined {
    return this.first;
  }

  /** aborted when the run is stopped; cases in flight close their connections on it */
  get signal(): AbortSignal {
    return this.controller.signal;
  }
}

/** A planned case the run never got to: `skipped`, with a message saying why it did not run. */
export function notRunResult(meta: CaseMeta, reason: string): CaseResult {
  return caseResult(meta, { status: 'skipped', message: notRunMessage(reason) }, 0, false);
}

export function incompleteOf(s: RunStop, notRun: number): RunIncomplete {
  return { stage: s.stage, reason: s.reason, notRun, ...(s.signal ? { signal: s.signal } : {}) };
}
