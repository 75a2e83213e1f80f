// Public API of harness/probe: probe and grade a server's TLS (the `tls` command; cases may reuse it).
import net from 'node:net';
import { parseTarget } from '../config.js';
import { UnreachableError, UsageError } from '../errors.js';
import { localCapabilities } from './capabilities.js';
import { certificateReport } from './certificate.js';
import { scanCiphers, scanGroups } from './ciphers.js';
import { handshake, type ProbeTarget } from './connection.js';
import { deriveFindings } from './findings.js';
import { gradeFacts } from './grade.js';
import { probeResumption } from './resumption.js';
import { probeBehaviour } from './starttls-behaviour.js';
import {
  TLS_VERSIONS,
  type GroupsResult,
  type ProbeFacts,
  type ResumptionResult,
  type TlsProbeOptions,
  type TlsProbeReport,
  type TlsVersion,
  type Untestable,
} from './types.js';
import { scanVersions } from './versions.js';

export type * from './types.js';
export { TLS_VERSIONS, GRADES } from './types.js';
export { deriveFindings, finding, FINDING_DEFS, TRUST_FINDINGS, type FindingId } from './findings.js';
export { gradeFacts, scoreGrade, plusShortfalls, worse } from './grade.js';
export { parseSubjectAltName, signatureAlgorithmOid, OID_XMPP_ADDR, OID_DNS_SRV } from '../util/index.js';
export { checkNames, dnsNameMatches, describeCertificate } from './certificate.js';
export { classifySuite } from './cipher-suites.js';
export { renderReport } from './render.js';
export { localCapabilities } from './capabilities.js';
export {
  probeVersionsFor,
  probeCiphersFor,
  probeCertificateFor,
  negotiateVersionFor,
  type CaseProbeTarget,
  type CaseCipherScan,
  type NegotiatedVersion,
} from './case-probe.js';
export {
  offerLegacySuites,
  LEGACY_SUITES,
  clientHello,
  offeredSuites,
  serverHello,
  readAnswer,
  type LegacySuiteClass,
  type RawSuite,
  type RawOfferResult,
} from './raw-hello.js';

const DEFAULT_TIMEOUT = 5000;

/**
 * Probes the TLS of an XMPP server: versions, suites, groups, certificate, STARTTLS behaviour, channel
 * binding and resumption; then findings and a grade. Throws UsageError for a bad target and
 * UnreachableError when no TLS session could be established at all.
 */
export async function probeTls(options: TlsProbeOptions): Promise<TlsProbeReport> {
  const started = Date.now();
  const resolved = parseTarget(options.target, options.domain);
  if (resolved.scheme !== 'xmpp' && resolved.scheme !== 'xmpps') {
    throw new UsageError(`tls: --target must be xmpp:// (STARTTLS) or xmpps:// (direct TLS), got ${resolved.scheme}://`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT;
  const concurrency = Math.max(1, Math.min(8, options.concurrency ?? 4));
  const log = options.log ?? (() => undefined);
  const target: ProbeTarget = {
    endpoint: { host: resolved.host, port: resolved.port },
    mode: resolved.scheme === 'xmpps' ? 'direct-tls' : 'starttls',
    domain: resolved.domain,
    timeoutMs,
    stats: { handshakes: 0 },
  };
  const where = `${resolved.host}:${resolved.port}`;
  const caps = await localCapabilities();

  log(`tls: protocol versions of ${where} (${target.mode})`);
  const vs = await scanVersions(target, concurrency);
  if (vs.unreachable) throw new UnreachableError(`cannot reach ${where} (${target.mode}): ${vs.unreachable}`);
  const accepted = TLS_VERSIONS.filter((v) => vs.results.some((r) => r.version === v && r.accepted === true));
  const best = accepted[0];
  const bestHs = best ? vs.handshakes[best] : undefined;
  if (!best || !bestHs || !bestHs.ok) {
    const why = vs.results.map((r) => `${r.version}: ${r.error ?? 'untested'}`).join('; ');
    throw new UnreachableError(`TLS never established with ${where} (${target.mode}): ${why}`);
  }

  log('tls: certificate');
  let ca: { trusted: boolean; error?: string; file?: string } | undefined;
  if (options.ca !== undefined) {
    const withCa = await handshake(target, { minVersion: best, maxVersion: best, ca: options.ca });
    ca = withCa.ok
      ? {
          trusted: withCa.authorized,
          ...(withCa.authorizationError ? { error: withCa.authorizationError } : {}),
          ...(options.caFile ? { file: options.caFile } : {}),
        }
      : { trusted: false, error: withCa.error, ...(options.caFile ? { file: options.caFile } : {}) };
  }
  const certificate = certificateReport({
    peer: bestHs.peer,
    domain: target.domain,
    systemStore: { trusted: bestHs.authorized, ...(bestHs.authorizationError ? { error: bestHs.authorizationError } : {}) },
    ...(ca ? { ca } : {}),
  });

  log(`tls: cipher suites for ${accepted.join(', ')}`);
  const cs = await scanCiphers(target, accepted, concurrency);
  let groups: GroupsResult | undefined;
  const ecdhe = cs.ciphers.find((v) => v.version === best)?.accepted.find((c) => c.kx === 'ECDHE');
  if (best === 'TLSv1.3' || ecdhe) groups = (await scanGroups(target, best, concurrency, ecdhe?.name)).groups;

  log('tls: STARTTLS behaviour, channel binding');
  const behaviour = await probeBehaviour(target);

  log('tls: session resumption');
  const resumption: ResumptionResult[] = [];
  for (const v of ['TLSv1.3', 'TLSv1.2'] as TlsVersion[]) if (accepted.includes(v)) resumption.push(await probeResumption(target, v));

  const untestable: Untestable[] = [...caps.untestable, ...cs.untestable];
  if (net.isIP(target.domain)) untestable.push({ what: 'SNI', reason: 'the domain is an IP literal; no server_name is sent (RFC 6066 §3)' });
  const facts: ProbeFacts = {
    target: resolved.url,
    domain: target.domain,
    mode: target.mode,
    versions: vs.results,
    ciphers: cs.ciphers,
    ...(groups ? { groups } : {}),
    ...(certificate ? { certificate } : {}),
    starttls: behaviour.starttls,
    ...(behaviour.channelBinding ? { channelBinding: behaviour.channelBinding } : {}),
    resumption,
    untestable,
  };
  const findings = deriveFindings(facts);
  return {
    tool: { name: 'xmpp-conformance', node: process.versions.node, openssl: process.versions.openssl },
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    handshakes: target.stats?.handshakes ?? 0,
    ...facts,
    findings,
    grade: gradeFacts(facts, findings),
  };
}
