// Errors the harness raises, every one a HarnessError with a stable `code`. The CLI maps them to
// exit codes in one place (harness/cli/exit-codes.ts, docs/reference.md): USAGE → 2, UNREACHABLE
// → 3, LAB → 1, anything else (and anything not a HarnessError) → 4, an internal error. In a case,
// ExpectationError and TimeoutError mean `failed`, SkipError `skipped`, anything else `errored`.
import { formatRef, type SpecRef } from './spec.js';

export type HarnessErrorCode =
  | 'USAGE'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'EXPECTATION'
  | 'SKIP'
  | 'STREAM_ERROR'
  | 'XML'
  | 'SASL'
  | 'TLS'
  | 'CLOSED'
  | 'LIMIT'
  | 'LAB'
  /** a case declared with bad metadata: a bug in the suite, found when it loads */
  | 'DEFINITION'
  /** a string that is not a valid address part (RFC 7622, RFC 3492) */
  | 'JID'
  /** a finding of `fuzz server`: the target broke liveness or the protocol */
  | 'FINDING'
  /** the tool's own failure: an exception it did not expect */
  | 'INTERNAL';

export class HarnessError extends Error {
  override readonly name: string = 'HarnessError';
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A bad flag, URL or file: one line on stderr, exit 2. */
export class UsageError extends HarnessError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** The target could not be reached at all (refused, DNS, TLS never established): exit 3. */
export class UnreachableError extends HarnessError {
  override readonly name = 'UnreachableError';
  constructor(message: string) {
    super('UNREACHABLE', message);
  }
}

/** A wait ran past its deadline. Inside a case this is a failure of the peer. */
export class TimeoutError extends HarnessError {
  override readonly name = 'TimeoutError';
  constructor(
    message: string,
    readonly ref?: SpecRef,
  ) {
    super('TIMEOUT', ref ? `${message} (${formatRef(ref)})` : message);
  }
}

/** The peer broke a requirement: what was expected, what arrived, and the rule. */
export class ExpectationError extends HarnessError {
  override readonly name = 'ExpectationError';
  constructor(
    readonly expected: string,
    readonly received: string,
    readonly ref?: SpecRef,
  ) {
    super('EXPECTATION', `expected ${expected}; got ${received}${ref ? ` (${formatRef(ref)})` : ''}`);
  }
}

/** The case does not apply to this target (feature not offered): status `skipped`. */
export class SkipError extends HarnessError {
  override readonly name = 'SkipError';
  constructor(reason: string) {
    super('SKIP', reason);
  }
}

/** A connection closed while we were still waiting for something on it. */
export class ClosedError extends HarnessError {
  override readonly name = 'ClosedError';
  constructor(message: string) {
    super('CLOSED', message);
  }
}

/** Malformed or restricted XML (RFC 6120 §11), with the stream error condition it maps to. */
export class XmlError extends HarnessError {
  override readonly name = 'XmlError';
  constructor(
    message: string,
    readonly condition: 'not-well-formed' | 'restricted-xml' | 'unsupported-encoding' | 'policy-violation' | 'bad-format',
  ) {
    super('XML', message);
  }
}

/** A buffer or size cap was exceeded. */
export class LimitError extends HarnessError {
  override readonly name = 'LimitError';
  constructor(message: string) {
    super('LIMIT', message);
  }
}

/** The tool failed in a way it did not expect (a bug, a broken reporter): exit 4. */
export class InternalError extends HarnessError {
  override readonly name = 'InternalError';
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

/** One line for a user: the message, never a stack. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The codes an error may end a command with and still be the user's or the target's doing. */
const OUTSIDE_CODES: ReadonlySet<HarnessErrorCode> = new Set<HarnessErrorCode>(['USAGE', 'UNREACHABLE', 'LAB']);

/**
 * Whether an error that ends a command (or cuts a run) is the tool's own: anything that is not a
 * HarnessError, and any HarnessError other than a usage error, an unreachable target or a lab that
 * did not start or stop (a case's timeout escaping the runner, a suite that does not load).
 */
export function isInternalError(err: unknown): boolean {
  return !(err instanceof HarnessError) || !OUTSIDE_CODES.has(err.code);
}

/** One line for an error that ends a command: its message, and for an internal error that it is one. */
export function errorLine(err: unknown): string {
  return isInternalError(err) ? `internal error: ${namedLine(err)}` : oneLine(err);
}

/** The reason of a run an internal error cut short (the reports' `incomplete.reason`). */
export function cutByInternalError(err: unknown): string {
  return `the run was cut by an internal error: ${namedLine(err)}`;
}

/** The message in one line, after the error's class when that says more than "Error" (TypeError: …). */
function namedLine(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  const kind = name && name !== 'Error' && name !== 'HarnessError' && name !== 'InternalError' ? `${name}: ` : '';
  return `${kind}${oneLine(err)}`;
}
