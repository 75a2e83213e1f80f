// How a negative control is judged: the case must fail, and where the control says at which check
// (`failsAt`, a pattern the failure message must match), it must fail there and not earlier for
// another reason (a setup step timing out, a login refused). XC_CONTROL_DUMP=<file> appends each
// control's verdict as one JSON line, so an audit can read every failure message side by side.
import { appendFileSync } from 'node:fs';
import { expect } from 'chai';
import type { CaseResult } from '../../harness/runner/index.js';

/** What every kind of control (fake server, client, s2s, component, federation) may state about its failure. */
export interface FailurePoint {
  /** the catalog requirement ids the broken peer violates */
  readonly requirements: readonly string[];
  /** what the broken peer does, in words */
  readonly breaks: string;
  /**
   * the check the requirement names: the case's failure message must match this pattern, so the
   * control shows the case fails at that check and not before it for an unrelated reason
   */
  readonly failsAt?: RegExp;
}

/**
 * Asserts the case failed on `peer` (and at `peer.failsAt` when given); `explain` renders the
 * result for the assertion; `timeoutMs`, the step timeout it ran with, goes into the dump line.
 */
export function expectControlFailure(caseId: string, peer: FailurePoint, r: CaseResult, explain: (r: CaseResult) => string, timeoutMs?: number): void {
  const dump = process.env['XC_CONTROL_DUMP'];
  if (dump) {
    appendFileSync(
      dump,
      JSON.stringify({
        case: caseId,
        requirements: peer.requirements,
        breaks: peer.breaks,
        status: r.status,
        message: r.message ?? '',
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      }) + '\n',
    );
  }
  expect(r.status, explain(r)).to.equal('failed');
  if (peer.failsAt) {
    expect(r.message ?? '', `the case fails, but not at the check ${String(peer.failsAt)} names:\n${explain(r)}`).to.match(peer.failsAt);
  }
}
