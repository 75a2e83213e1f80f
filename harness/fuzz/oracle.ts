// The parser oracles. A parser fails an input when it crashes (throws, dies), hangs past the
// deadline, exceeds its memory cap, accepts what RFC 6120 §11 / XML 1.0 forbid, rejects what they
// allow, or answers differently when the same text arrives cut into other chunks.
import { isDeepStrictEqual } from 'node:util';
import { piecesOf, wholeOf, type Expectation, type FuzzInput } from './inputs.js';
import type { ParserTarget, Verdict } from './targets.js';

export type ParserFailureKind = 'crash' | 'hang' | 'memory' | 'accepts-forbidden' | 'rejects-allowed' | 'chunking';

export interface OracleFailure {
  readonly kind: ParserFailureKind;
  readonly message: string;
}

export type Pieces = readonly (string | Uint8Array)[];

/** How a parse was given its input, for messages: 'input in one chunk' or 'input in N chunks'. */
export function howGiven(pieces: number): string {
  return pieces === 1 ? 'input in one chunk' : `input in ${pieces} chunks`;
}

function parserFault(v: Verdict, how: string): OracleFailure | undefined {
  if (v.kind === 'crash' || v.kind === 'hang' || v.kind === 'memory') return { kind: v.kind, message: `${v.message} (${how})` };
  return undefined;
}

/** undefined: the target behaved; else what it did wrong. 'not-applicable' inputs pass. */
export async function judge(target: ParserTarget, input: FuzzInput): Promise<OracleFailure | undefined> {
  const pieces = piecesOf(target.takes, input);
  if (!pieces) return undefined;
  return judgePieces((p) => target.parsePieces(p), target.hasEvents, input.expect, input.reason, pieces);
}

/**
 * The oracles over any parse function: the pieces joined into one, then as cut. Used in the
 * campaign's worker too, where `parse` runs the parser in the same thread.
 */
export async function judgePieces(
  parse: (pieces: Pieces) => Verdict | Promise<Verdict>,
  hasEvents: boolean,
  expect: Expectation,
  reason: string,
  pieces: Pieces,
): Promise<OracleFailure | undefined> {
  const w = await parse(wholeOf(pieces));
  if (w.kind === 'not-applicable') return undefined;
  const fault = parserFault(w, howGiven(1));
  if (fault) return fault;
  if (w.kind !== 'answered') return undefined;
  if (expect === 'accept' && !w.outcome.ok) {
    return { kind: 'rejects-allowed', message: `rejected a valid stream: ${w.outcome.error}` };
  }
  if (expect === 'reject' && w.outcome.ok) {
    return { kind: 'accepts-forbidden', message: `accepted ${reason}` };
  }
  const n = pieces.length;
  if (n < 2) return undefined;
  const c = await parse(pieces);
  const cutFault = parserFault(c, howGiven(n));
  if (cutFault) return cutFault;
  if (c.kind !== 'answered') return undefined;
  if (c.outcome.ok !== w.outcome.ok) {
    const how = (o: typeof c.outcome) => (o.ok ? 'accepted' : `rejected (${o.error})`);
    return { kind: 'chunking', message: `in one chunk ${how(w.outcome)}, in ${n} chunks ${how(c.outcome)}` };
  }
  if (hasEvents && c.outcome.ok && w.outcome.ok && !isDeepStrictEqual(c.outcome.events, w.outcome.events)) {
    return { kind: 'chunking', message: `different events in ${n} chunks than in one: ${firstDifference(w.outcome.events, c.outcome.events)}` };
  }
  return undefined;
}

function firstDifference(a: readonly unknown[], b: readonly unknown[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!isDeepStrictEqual(a[i], b[i])) return `event ${i}: ${JSON.stringify(a[i])?.slice(0, 160)} vs ${JSON.stringify(b[i])?.slice(0, 160)}`;
  }
  return '(none)';
}
