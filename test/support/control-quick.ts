// A faulty peer that stays silent costs its control a whole step timeout, often several: most of
// the negative controls' time went to such waits. In the unit loop (`npm run test:unit` sets
// XC_CONTROL_QUICK=1), where a control's failure is known to be a wait running out
// (test/support/control-timeouts.json, written by `npm run control-timeouts` from runs at the full
// timeout), its faulty half first runs at a quarter of the timeout, and that verdict counts only
// when the case fails with the very message the full runs gave (the wait that ran out is the same
// one, scaled). Anything else (a pass, another message, a wait that ran out earlier because the
// machine was busy) runs again at the full timeout, and that run is judged as before. `npm test`
// leaves XC_CONTROL_QUICK unset, so every faulty half it runs is judged at the full timeout: a
// record gone stale (a fake changed to answer late, after the quick deadline and before the full
// one) could make a quick run fail where the full run passes, and the suite's own proof of its
// controls does not rest on the record.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from '../../harness/runner/index.js';

/** The quick run's timeout, as a fraction of the control's full one. */
export const QUICK_FRACTION = 0.25;

const RECORD_FILE = fileURLToPath(new URL('../../../test/support/control-timeouts.json', import.meta.url));

/** case id → what the broken peer does (its `breaks`) → the failure message at the full timeout, normalised */
export type TimeoutRecord = Readonly<Record<string, Readonly<Record<string, string>>>>;

let loaded: TimeoutRecord | undefined;

export function timeoutRecord(): TimeoutRecord {
  loaded ??= (JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as { controls: TimeoutRecord }).controls;
  return loaded;
}

/**
 * A failure message with what differs between runs taken out: every "N ms" that is a multiple of a
 * quarter of `timeoutMs` becomes "<N/timeoutMs>T ms" (so the same wait reads the same at any
 * timeout), any other "N ms" (an elapsed time) becomes "? ms", loopback ports become PORT, and
 * the session counter in the harness's own stanza ids ('s17-2', numbered per process) becomes 's#-2'.
 */
export function normalisedFailure(message: string, timeoutMs: number): string {
  return message
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\bs\d+-(\d+)\b/g, 's#-$1')
    .replace(/\b(\d+) ms\b/g, (_, n: string) => {
      const ratio = Number(n) / timeoutMs;
      return Number.isInteger(ratio * 4) ? `${ratio}T ms` : '? ms';
    });
}

/** Whether a normalised message names a wait that is a multiple of the timeout (a wait that ran out). */
export function namesTimedWait(normalised: string): boolean {
  return /\b\d+(\.\d+)?T ms\b/.test(normalised);
}

/**
 * The faulty half's result: at QUICK_FRACTION of `fullTimeoutMs` where XC_CONTROL_QUICK=1, `record`
 * lists this (case, breaks) and the quick run fails with the recorded message; otherwise at
 * `fullTimeoutMs`. Always at the full timeout while XC_CONTROL_DUMP is set (the dump is what the
 * record is made from).
 */
export async function faultyHalf(
  caseId: string,
  breaks: string,
  fullTimeoutMs: number,
  run: (timeoutMs: number) => Promise<CaseResult>,
  record?: TimeoutRecord,
): Promise<CaseResult> {
  // npm test (no XC_CONTROL_QUICK) never reads the record
  const quickOn = process.env['XC_CONTROL_QUICK'] === '1' && !process.env['XC_CONTROL_DUMP'];
  const expected = quickOn ? (record ?? timeoutRecord())[caseId]?.[breaks] : undefined;
  if (expected !== undefined) {
    const quickMs = Math.round(fullTimeoutMs * QUICK_FRACTION);
    const quick = await run(quickMs);
    if (quick.status === 'failed' && normalisedFailure(quick.message ?? '', quickMs) === expected) return quick;
  }
  return run(fullTimeoutMs);
}
