// A directed pair's federation results as an ordinary report (what the HTML reporter and the
// interop matrix take), and the pairs of a federation report read back for the matrix page.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { CaseResult, Report, Summary } from '../runner/index.js';
import { TOOL_VERSION } from '../version.js';

export const FEDERATION_REPORT_SCHEMA = 'xmpp-conformance/federation-report@1';

export interface FederationPairReport {
  readonly from: { readonly server: string; readonly version: string; readonly domain: string };
  readonly to: { readonly server: string; readonly version: string; readonly domain: string };
  readonly summary: Summary;
  readonly results: readonly CaseResult[];
}

/** The pair `key` ('prosody->ejabberd') as a report whose target is the pair. */
export function pairAsReport(key: string, p: FederationPairReport, startedAt: string, baseline?: string): Report {
  return {
    schema: 'xmpp-conformance/report@1',
    tool: { name: 'xmpp-conformance', version: TOOL_VERSION },
    target: { url: `federation ${key}`, domain: `${p.from.domain} -> ${p.to.domain}` },
    seed: 0,
    startedAt,
    durationMs: p.results.reduce((n, r) => n + r.durationMs, 0),
    summary: p.summary,
    results: p.results,
    ...(baseline !== undefined ? { baseline } : {}),
  };
}

/** Every directed pair of the federation report in `file`, in its order, as reports. */
export function readFederationPairs(file: string): Report[] {
  let parsed: { schema?: unknown; startedAt?: unknown; baseline?: unknown; pairs?: Record<string, FederationPairReport> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (e) {
    throw new UsageError(`${file}: not a readable federation report (${e instanceof Error ? e.message : String(e)})`);
  }
  if (parsed.schema !== FEDERATION_REPORT_SCHEMA || typeof parsed.pairs !== 'object' || parsed.pairs === null) {
    throw new UsageError(`${file} is not a ${FEDERATION_REPORT_SCHEMA} file`);
  }
  const startedAt = typeof parsed.startedAt === 'string' ? parsed.startedAt : '';
  const baseline = typeof parsed.baseline === 'string' ? parsed.baseline : undefined;
  return Object.entries(parsed.pairs).map(([key, p]) => {
    if (!Array.isArray(p?.results) || !p.summary || !p.from || !p.to) throw new UsageError(`${file}: pair '${key}' has no results`);
    return pairAsReport(key, p, startedAt, baseline);
  });
}
