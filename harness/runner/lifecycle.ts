// One case's lifecycle, the same for server cases (run), client cases (serve) and federation
// cases: the case body under an overall deadline, teardown whatever happened, and one way of
// turning what happened into a status (docs/reference.md, "Statuses"):
//   ExpectationError, TimeoutError, ClosedError, and a SASL or TLS error → failed (the peer broke
//   a rule or went silent); SkipError → skipped; anything else → errored (the harness could not
//   carry the case out). A failure whose error names no rule cites the case's own.
import type { CaseMeta } from '../cases/index.js';
import { ClosedError, ExpectationError, HarnessError, SkipError, TimeoutError, UnreachableError, oneLine, type HarnessErrorCode } from '../errors.js';
import type { Transcript } from '../session/index.js';
import { CITED_RE, formatRef, type SpecRef } from '../spec.js';
import { withTimeout } from '../util/index.js';
import type { CaseResult, Status } from './result.js';

/** HarnessError codes that are the peer's doing: a SASL exchange or TLS that broke its rules. */
const PEER_CODES: ReadonlySet<HarnessErrorCode> = new Set<HarnessErrorCode>(['SASL', 'TLS']);

export interface StatusOptions {
  /** malformed XML from the peer counts as its failure (serve: the client under test wrote it) */
  readonly xmlIsPeers?: boolean;
}

/** The status a case ends with when it throws `err`: decided by the error's type alone. */
export function statusOf(err: unknown, opts: StatusOptions = {}): Status {
  if (err instanceof SkipError) return 'skipped';
  if (err instanceof ExpectationError || err instanceof TimeoutError || err instanceof ClosedError) return 'failed';
  if (err instanceof HarnessError && (PEER_CODES.has(err.code) || (opts.xmlIsPeers === true && err.code === 'XML'))) return 'failed';
  return 'errored';
}

/**
 * Whether the error already names the rule it is about: its structured `ref` (an expectation or
 * a timeout of a step that gave one), else a citation its text carries (the XML parser's and
 * SASL's errors name their section in the message).
 */
export function citesRule(err: unknown): boolean {
  if ((err instanceof ExpectationError || err instanceof TimeoutError) && err.ref !== undefined) return true;
  return err instanceof HarnessError && CITED_RE.test(err.message);
}

/** "[step] what went wrong (the case's rule, when the error names none and the case failed)". */
export function failureMessage(err: unknown, status: Status, step: string | undefined, ref: SpecRef | undefined): string {
  const cite = status === 'failed' && ref && !citesRule(err) ? ` (${formatRef(ref)})` : '';
  const unreachable = err instanceof UnreachableError ? ' [target unreachable]' : '';
  return `${step ? `[${step}] ` : ''}${oneLine(err)}${cite}${unreachable}`;
}

/** Upper bound on a whole case of `run` and of federation: generous, but a case can never hang the run. */
export function caseDeadline(stepTimeout: number): number {
  return Math.max(30_000, stepTimeout * 8);
}

/** Runs `fns` last registered first, each bounded by `limitMs`; what fails becomes a line. */
export async function runCleanups(fns: readonly (() => Promise<void>)[], limitMs: number): Promise<string[]> {
  const problems: string[] = [];
  for (const fn of [...fns].reverse()) {
    try {
      await withTimeout(fn(), limitMs, 'cleanup', { message: `cleanup did not finish within ${limitMs} ms` });
    } catch (e) {
      problems.push(`cleanup failed: ${oneLine(e)}`);
    }
  }
  return problems;
}

/** What a case's context tells the lifecycle about where it was when it ended. */
export interface CaseTrace {
  /** the innermost step running when it ended */
  readonly currentStep: string | undefined;
  readonly notes: readonly string[];
  /** the rule a failure cites when its error names none */
  readonly ref: SpecRef | undefined;
}

export interface LifecycleOptions extends StatusOptions {
  /** the overall deadline of the case, ms */
  readonly limit: number;
  /** a stopped run: `onStop` runs at once (closing the case's connections) */
  readonly signal?: AbortSignal | undefined;
  readonly onStop?: () => void;
  /** a stopped run ends the case at once, as errored (its waits are not left to end on their own) */
  readonly stopEndsCase?: boolean;
  /** a line added to the message of an errored case (serve: what the client printed last) */
  readonly erroredDetail?: () => string | undefined;
  /** teardown after the case whatever its outcome; returns problems to add to the message */
  readonly teardown: () => Promise<readonly string[]>;
}

export interface CaseOutcome {
  readonly status: Status;
  readonly message?: string;
  /** the case ended on a timeout (its own deadline or a step's) */
  readonly timedOut: boolean;
}

/** Runs `body` under the case deadline, tears down, and says how the case ended. */
export async function runLifecycle(trace: CaseTrace, body: () => Promise<void>, opts: LifecycleOptions): Promise<CaseOutcome> {
  let status: Status = 'passed';
  let message: string | undefined;
  let timedOut = false;
  const stop = stopped(opts.signal, opts.stopEndsCase === true);
  const onStop = (): void => opts.onStop?.();
  opts.signal?.addEventListener('abort', onStop, { once: true });
  try {
    await withTimeout(Promise.race([body(), stop.promise]), opts.limit, 'the case', { message: `the case did not finish within ${opts.limit} ms` });
    if (trace.notes.length) message = trace.notes.join('; ');
  } catch (err) {
    status = statusOf(err, opts);
    message = [failureMessage(err, status, trace.currentStep, trace.ref), ...trace.notes].join('; ');
    const detail = status === 'errored' ? opts.erroredDetail?.() : undefined;
    if (detail) message += ` [client said: ${detail}]`;
    timedOut = err instanceof TimeoutError;
  } finally {
    stop.release();
    opts.signal?.removeEventListener('abort', onStop);
    const problems = await opts.teardown();
    if (problems.length) message = [message, ...problems].filter(Boolean).join('; ');
  }
  return { status, ...(message !== undefined ? { message } : {}), timedOut };
}

/** Rejects once `signal` aborts, when `active`; `release` removes its listener. */
function stopped(signal: AbortSignal | undefined, active: boolean): { promise: Promise<never>; release(): void } {
  if (!signal || !active) return { promise: new Promise<never>(() => undefined), release: () => undefined };
  let onAbort = (): void => undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(new HarnessError('CLOSED', 'the run was stopped'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, release: () => signal.removeEventListener('abort', onAbort) };
}

/** A case's result: its metadata, the outcome, how long it took and the exchange (`transcript: false` leaves it out). */
export function caseResult(
  meta: Pick<CaseResult, 'id' | 'title' | 'refs' | 'requirements' | 'tags'> & Pick<CaseMeta, 'area' | 'role'>,
  outcome: Pick<CaseOutcome, 'status' | 'message'>,
  durationMs: number,
  transcript: Transcript | false,
): CaseResult {
  return {
    id: meta.id,
    title: meta.title,
    area: meta.area,
    role: meta.role,
    refs: meta.refs,
    requirements: meta.requirements,
    tags: meta.tags,
    status: outcome.status,
    durationMs,
    ...(outcome.message !== undefined ? { message: outcome.message } : {}),
    ...(transcript ? { transcript: transcript.snapshot() } : {}),
  };
}
