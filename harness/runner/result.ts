// Plain data produced by a run: what reporters consume and what report.json holds (CONTRACT.md).
import type { TranscriptEntry } from '../session/index.js';

export type { TranscriptEntry };
import type { CaseMeta } from '../cases/index.js';
import type { SpecRef } from '../spec.js';

export type Status = 'passed' | 'failed' | 'skipped' | 'errored';


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
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
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
}

export function emptySummary(): Summary {
  return { total: 0, passed: 0, failed: 0, skipped: 0, errored: 0 };
}

export function summarize(results: readonly CaseResult[]): Summary {
  const s = emptySummary();
  for (const r of results) {
    s.total += 1;
    s[r.status] += 1;
  }
  return s;
}
