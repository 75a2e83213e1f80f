// The grade (docs/tls-grading.md): a weighted score as the IM Observatory and SSL Labs compute it
// (protocol 30 %, key exchange 30 %, cipher strength 40 %), then the caps of the findings, then A+.
import { TRUST_FINDINGS } from './findings.js';
import type { CipherInfo, Finding, Grade, GradeResult, ProbeFacts, TlsVersion } from './types.js';
import { GRADES } from './types.js';

const PROTOCOL_SCORE: Readonly<Record<TlsVersion, number>> = { 'TLSv1.3': 100, 'TLSv1.2': 100, 'TLSv1.1': 95, TLSv1: 90 };

/** The weaker of two grades. */
export function worse(a: Grade, b: Grade): Grade {
  return GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b;
}

export function protocolScore(accepted: readonly TlsVersion[]): number {
  if (accepted.length === 0) return 0;
  const s = accepted.map((v) => PROTOCOL_SCORE[v]);
  return (Math.max(...s) + Math.min(...s)) / 2;
}

/** RSA-equivalent strength of an EC key or group of `bits` (NIST SP 800-57 Part 1, Table 2). */
export function ecToRsaBits(bits: number): number {
  if (bits >= 512) return 15360;
  if (bits >= 384) return 7680;
  if (bits >= 250) return 3072; // P-256 and X25519 (253)
  if (bits >= 224) return 2048;
  if (bits >= 160) return 1024;
  return 512;
}

function strengthScore(rsaBits: number): number {
  if (rsaBits < 512) return 20;
  if (rsaBits < 1024) return 40;
  if (rsaBits < 2048) return 80;
  if (rsaBits < 4096) return 90;
  return 100;
}

/** The weakest of the certificate key and every ephemeral key seen; 0 with anonymous suites. */
export function keyExchangeScore(facts: ProbeFacts, all: readonly CipherInfo[]): number {
  if (all.some((c) => c.anonymous)) return 0;
  const sizes: number[] = [];
  const key = facts.certificate?.chain[0]?.key;
  if (key?.bits !== undefined) sizes.push(key.type === 'ec' || key.type.startsWith('ed') ? ecToRsaBits(key.bits) : key.bits);
  for (const e of [...all.map((c) => c.ephemeral), ...facts.versions.map((v) => v.ephemeral)]) {
    if (!e || !e.size) continue;
    sizes.push(e.type === 'DH' ? e.size : ecToRsaBits(e.size));
  }
  return sizes.length ? strengthScore(Math.min(...sizes)) : 0;
}

function bitsScore(bits: number): number {
  if (bits === 0) return 0;
  if (bits < 128) return 20;
  if (bits < 256) return 80;
  return 100;
}

export function cipherScore(all: readonly CipherInfo[]): number {
  if (all.length === 0) return 0;
  const s = all.map((c) => bitsScore(c.bits));
  return (Math.max(...s) + Math.min(...s)) / 2;
}

export function scoreGrade(score: number): Grade {
  if (score >= 80) return 'A';
  if (score >= 65) return 'B';
  if (score >= 50) return 'C';
  if (score >= 35) return 'D';
  if (score >= 20) return 'E';
  return 'F';
}

/** What A+ asks beyond A; empty when all hold. */
export function plusShortfalls(facts: ProbeFacts, findings: readonly Finding[]): string[] {
  const why: string[] = [];
  const acc = (v: TlsVersion): boolean => facts.versions.some((r) => r.version === v && r.accepted === true);
  if (!acc('TLSv1.3')) why.push('TLS 1.3 not accepted');
  if (acc('TLSv1.1') || acc('TLSv1')) why.push('TLS 1.0/1.1 accepted');
  const legacy = facts.ciphers.filter((v) => v.version !== 'TLSv1.3').flatMap((v) => v.accepted);
  if (legacy.some((c) => !c.forwardSecrecy || !c.aead)) why.push('a TLS ≤ 1.2 suite without forward secrecy or AEAD is accepted');
  if (facts.mode === 'starttls' && facts.starttls.required !== true) why.push('STARTTLS is not required');
  const notable = findings.filter((f) => f.severity !== 'info');
  if (notable.length) why.push(`findings above info: ${notable.map((f) => f.id).join(', ')}`);
  return why;
}

export function gradeFacts(facts: ProbeFacts, findings: readonly Finding[]): GradeResult {
  const all = facts.ciphers.flatMap((v) => v.accepted);
  const accepted = facts.versions.filter((v) => v.accepted === true).map((v) => v.version);
  const scores = { protocol: protocolScore(accepted), keyExchange: keyExchangeScore(facts, all), cipher: cipherScore(all) };
  const score = Math.round(0.3 * scores.protocol + 0.3 * scores.keyExchange + 0.4 * scores.cipher);
  const base = scoreGrade(score);
  const cappedBy: { id: string; cap: Grade }[] = [];
  let grade = base;
  let ignoringTrust = base;
  for (const f of findings) {
    if (!f.cap) continue;
    if (GRADES.indexOf(f.cap) > GRADES.indexOf(base)) cappedBy.push({ id: f.id, cap: f.cap });
    grade = worse(grade, f.cap);
    if (!(TRUST_FINDINGS as readonly string[]).includes(f.id)) ignoringTrust = worse(ignoringTrust, f.cap);
  }
  const shortfalls = plusShortfalls(facts, findings);
  const plus = (g: Grade): Grade => (g === 'A' && shortfalls.length === 0 ? 'A+' : g);
  const nonTrust = findings.filter((f) => !(TRUST_FINDINGS as readonly string[]).includes(f.id));
  const plusIgnoringTrust = plusShortfalls(facts, nonTrust).length === 0;
  return {
    grade: plus(grade),
    score,
    scores,
    cappedBy,
    ignoringTrust: ignoringTrust === 'A' && plusIgnoringTrust ? 'A+' : ignoringTrust,
    ...(grade === 'A' && shortfalls.length ? { plusReasons: shortfalls } : {}),
  };
}
