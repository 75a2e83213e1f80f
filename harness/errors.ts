// Errors the harness raises. Each has a stable `code`; the CLI maps them to exit codes
// (docs/reference.md): UsageError → 2, UnreachableError → 3; in a case, ExpectationError and
// TimeoutError mean `failed`, SkipError `skipped`, anything else `errored`.
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
  | 'LAB';

export class HarnessError extends Error {
  override readonly name: string = 'HarnessError';
  constructor(readonly code: HarnessErrorCode, message: string) {
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
  constructor(message: string, readonly ref?: SpecRef) {
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

/** One line for a user: the message, never a stack. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
