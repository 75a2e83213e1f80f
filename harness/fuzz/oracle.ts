// The parser oracles. A parser fails an input when it crashes (throws, dies), hangs past the
// deadline, exceeds its memory cap, accepts what RFC 6120 §11 / XML 1.0 forbid, rejects what they
// allow, or answers differently when the same bytes arrive cut into other chunks.
import { isDeepStrictEqual } from 'node:util';
import { concatBytes, type FuzzInput } from './inputs.js';
import type { ParserTarget, Verdict } from './targets.js';

export type ParserFailureKind = 'crash' | 'hang' | 'memory' | 'accepts-forbidden' | 'rejects-allowed' | 'chunking';

export interface OracleFailure {
  readonly kind: ParserFailureKind;
  readonly message: string;
}

function parserFault(v: Verdict, how: string): OracleFailure | undefined {
  if (v.kind === 'crash' || v.kind === 'hang' || v.kind === 'memory') return { kind: v.kind, message: `${v.message} (${how})` };
  return undefined;
}

/** undefined: the target behaved; else what it did wrong. 'not-applicable' inputs pass. */
export async function judge(target: ParserTarget, input: FuzzInput): Promise<OracleFailure | undefined> {
  const whole: FuzzInput = input.strings
    ? { ...input, strings: [input.strings.join('')] }
    : { ...input, chunks: [concatBytes(input.chunks)] };
  const w = await target.parse(whole);
  if (w.kind === 'not-applicable') return undefined;
  const fault = parserFault(w, 'input in one chunk');
  if (fault) return fault;
  if (w.kind !== 'answered') return undefined;
  if (input.expect === 'accept' && !w.outcome.ok) {
    return { kind: 'rejects-allowed', message: `rejected a valid stream: ${w.outcome.error}` };
  }
  if (input.expect === 'reject' && w.outcome.ok) {
    return { kind: 'accepts-forbidden', message: `accepted ${input.reason}` };
  }
  const pieces = input.strings?.length ?? input.chunks.length;
  if (pieces < 2) return undefined;
  const c = await target.parse(input);
  const cutFault = parserFault(c, `input in ${pieces} chunks`);
  if (cutFault) return cutFault;
  if (c.kind !== 'answered') return undefined;
  if (c.outcome.ok !== w.outcome.ok) {
    const how = (o: typeof c.outcome) => (o.ok ? 'accepted' : `rejected (${o.error})`);
    return { kind: 'chunking', message: `in one chunk ${how(w.outcome)}, in ${pieces} chunks ${how(c.outcome)}` };
  }
  if (target.hasEvents && c.outcome.ok && w.outcome.ok && !isDeepStrictEqual(c.outcome.events, w.outcome.events)) {
    return { kind: 'chunking', message: `different events in ${pieces} chunks than in one: ${firstDifference(w.outcome.events, c.outcome.events)}` };
  }
  return undefined;
}

function firstDifference(a: readonly unknown[], b: readonly unknown[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!isDeepStrictEqual(a[i], b[i])) return `event ${i}: ${JSON.stringify(a[i])?.slice(0, 160)} vs ${JSON.stringify(b[i])?.slice(0, 160)}`;
  }
  return '(none)';
}
