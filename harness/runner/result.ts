// Plain data produced by a run: what reporters consume and what report.json holds (docs/reference.md, "report.json").
import type { TranscriptEntry } from '../session/index.js';

export type { TranscriptEntry };
import type { CaseMeta } from '../cases/index.js';
import type { SpecRef } from '../spec.js';
import type { LevelResult } from '../levels/index.js';

/**
 * The first interface's four, plus two added for baselines: 'expected-fail' (a failure the
 * --baseline file lists) and 'fixed' (a listed case that passed).
 */
export type Status = 'passed' | 'failed' | 'skipped' | 'errored' | 'expected-fail' | 'fixed';
export const STATUSES: readonly Status[] = ['passed', 'failed', 'skipped', 'errored', 'expected-fail', 'fixed'];

export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly area: CaseMeta['area'];
  readonly role: CaseMeta['role'];
  readonly refs: readonly SpecRef[];
  readonly requirements: readonly string[];
  readonly tags: readonly string[];
  readonly status: Status;
  readonly durationMs: number;
  readonly message?: string;
  readonly transcript?: readonly TranscriptEntry[];
  /**
   * Added with --retries: present when the case failed or errored and ran again; `tries` is how
   * many times it ran in all, `failures` the message of each try that did not pass. A case that
   * passed on a later try is 'passed' (a flaky pass, its message says so); one that never passed
   * keeps the last try's status and message.
   */
  readonly retried?: { readonly tries: number; readonly failures: readonly string[] };
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
  /** added with baselines; present (possibly 0) in every report */
  'expected-fail': number;
  fixed: number;
  /** added: true when the run ended before every planned case ran (signal, --max-time, a silent target, a failed preflight) */
  interrupted?: boolean;
}

/** Why a run ended before its plan did (added). */
export type StopStage = 'preflight' | 'signal' | 'max-time' | 'target-silent' | 'killed' | 'internal';

export interface RunIncomplete {
  /** preflight: no case started; signal: SIGINT/SIGTERM; max-time: --max-time ran out; target-silent: a round trip failed after a timed-out case; killed: rebuilt from an event log that has no end; internal (added): an internal error of the tool cut the run */
  readonly stage: StopStage;
  /** one line, for people */
  readonly reason: string;
  /** planned cases that did not run; they are in `results` as `skipped` with a message starting "not run:" */
  readonly notRun: number;
  readonly signal?: 'SIGINT' | 'SIGTERM';
}

/** The message of a planned case the run never got to. */
export function notRunMessage(reason: string): string {
  return `not run: ${reason}`;
}

/** A result that counts against the target: the case failed, or could not come to a verdict. */
export function failedOrErrored(r: Pick<CaseResult, 'status'>): boolean {
  return r.status === 'failed' || r.status === 'errored';
}

/** A planned case a stopped run never got to (a `skipped` result whose message says "not run:"). */
export function isNotRun(r: Pick<CaseResult, 'status' | 'message'>): boolean {
  return r.status === 'skipped' && r.message?.startsWith(notRunMessage('')) === true;
}

/** A case whose status changed between --repeat runs. */
export interface FlakyCase {
  readonly id: string;
  readonly statuses: readonly Status[];
  /** added: per run, the message of a run that did not pass (null where it passed), so a failure seen once is not lost */
  readonly messages?: readonly (string | null)[];
}

export interface TargetInfo {
  readonly url: string;
  readonly domain: string;
  readonly software?: { readonly name: string; readonly version: string; readonly os?: string };
}

export interface Report {
  readonly schema: 'xmpp-conformance/report@1';
  readonly tool: { readonly name: 'xmpp-conformance'; readonly version: string };
  readonly target: TargetInfo;
  readonly seed: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: Summary;
  readonly results: readonly CaseResult[];
  /** added: which shard of how many produced this report, when --shard was given */
  readonly shard?: { readonly index: number; readonly total: number };
  /** added: with --repeat N, how many runs, and the cases whose status changed between them */
  readonly repeat?: { readonly runs: number; readonly flaky: readonly FlakyCase[] };
  /** added: the --baseline file applied, if any */
  readonly baseline?: string;
  /** added: present when the run ended before every planned case ran (summary.interrupted is then true) */
  readonly incomplete?: RunIncomplete;
  /** added: a verdict per XEP-0479 level (--level-suite, else the default levels) from the server-role results */
  readonly levels?: readonly LevelResult[];
}

export function emptySummary(): Summary {
  return { total: 0, passed: 0, failed: 0, skipped: 0, errored: 0, 'expected-fail': 0, fixed: 0 };
}

export function summarize(results: readonly CaseResult[]): Summary {
  const s = emptySummary();
  for (const r of results) {
    s.total += 1;
    s[r.status] += 1;
  }
  return s;
}
