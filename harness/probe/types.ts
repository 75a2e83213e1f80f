// The shapes of a TLS probe report (`xmpp-conformance tls --json`). Plain data only: the report is
// printed as JSON and graded by pure functions (grade.ts, findings.ts).
import type { Level } from '../spec.js';
import type { SanEntry } from '../util/index.js';

/** The protocol versions node:tls can name; SSL 2/3 are listed under `untestable`. */
export type TlsVersion = 'TLSv1.3' | 'TLSv1.2' | 'TLSv1.1' | 'TLSv1';
export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1'];

export type ProbeMode = 'starttls' | 'direct-tls';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Grade = 'A+' | 'A' | 'A-' | 'B' | 'C' | 'D' | 'E' | 'F';
export const GRADES: readonly Grade[] = ['A+', 'A', 'A-', 'B', 'C', 'D', 'E', 'F'];

export interface Finding {
  /** stable id, e.g. `protocol-tls1.0` */
  readonly id: string;
  readonly severity: Severity;
  readonly message: string;
  /** what we saw, in one line */
  readonly evidence: string;
  /** the RFC/BCP/XEP section, e.g. `RFC 9325 §3.1.1 (BCP 195)` */
  readonly ref: string;
  readonly level?: Level;
  /** the highest grade possible while this finding stands (docs/tls-grading.md) */
  readonly cap?: Grade;
}

export interface Untestable {
  readonly what: string;
  readonly reason: string;
}

export interface EphemeralKey {
  /** 'ECDH' or 'DH' as node reports it */
  readonly type: string;
  /** the group, e.g. X25519 or prime256v1 (DH groups have no name) */
  readonly name?: string;
  readonly size: number;
}

export interface VersionResult {
  readonly version: TlsVersion;
  /** null: could not be tested here (see `untestable`) */
  readonly accepted: boolean | null;
  /** the suite the server picked when we offered all we have */
  readonly cipher?: string;
  readonly ephemeral?: EphemeralKey;
  /** why the handshake failed (alert or reset), for refused versions */
  readonly error?: string;
}

export interface CipherInfo {
  /** OpenSSL name, e.g. ECDHE-RSA-AES128-GCM-SHA256 (TLS 1.3: TLS_AES_128_GCM_SHA256) */
  readonly name: string;
  /** IANA name as node reports it, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
  readonly iana: string;
  readonly version: TlsVersion;
  /** key exchange: ECDHE, DHE, RSA (static), anon-ECDH, anon-DH, TLS1.3 */
  readonly kx: string;
  readonly bits: number;
  readonly forwardSecrecy: boolean;
  readonly aead: boolean;
  readonly anonymous: boolean;
  /** weaknesses by name: NULL, EXPORT, RC4, DES, 3DES, MD5, CBC */
  readonly weak: readonly string[];
  readonly ephemeral?: EphemeralKey;
}

export interface VersionCiphers {
  readonly version: TlsVersion;
  readonly tested: number;
  readonly accepted: readonly CipherInfo[];
  /** true: the server picks by its own order; false: it follows ours; null: fewer than two suites */
  readonly serverPreference: boolean | null;
  readonly preferenceEvidence?: string;
}

export interface GroupsResult {
  readonly version: TlsVersion;
  readonly tested: readonly string[];
  readonly accepted: readonly string[];
}

/** One subjectAltName entry (read by harness/util/x509.ts). */
export type { SanEntry } from '../util/index.js';

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly fingerprint256: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly expired: boolean;
  readonly notYetValid: boolean;
  readonly selfSigned: boolean;
  readonly isCa: boolean;
  readonly key: { readonly type: string; readonly bits?: number; readonly curve?: string };
  readonly signatureAlgorithm: { readonly oid: string; readonly name: string };
  readonly san: readonly SanEntry[];
  readonly commonName?: string;
}

export interface NameCheck {
  readonly domain: string;
  readonly dnsId: boolean;
  readonly srvId: boolean;
  readonly xmppAddr: boolean;
  /** CN-ID, only consulted when the SAN has no DNS-ID/SRV-ID/URI-ID (RFC 6125 §6.4.4) */
  readonly commonName: boolean;
  readonly matched: boolean;
  readonly matchedBy: readonly string[];
}

export interface TrustResult {
  readonly trusted: boolean;
  readonly error?: string;
}

export interface CertificateReport {
  /** in the order the server sent it, leaf first */
  readonly chain: readonly CertificateInfo[];
  readonly names: NameCheck;
  readonly trust: {
    /** node's default CA store (its bundled Mozilla roots, or what NODE_EXTRA_CA_CERTS adds) */
    readonly systemStore: TrustResult;
    /** against --ca only, when given */
    readonly ca?: TrustResult & { readonly file?: string };
  };
  /** trusted by --ca when given, else by the system store */
  readonly trusted: boolean;
  readonly chainIssues: readonly string[];
}

export type AuthWithoutTlsOutcome = 'not-attempted' | 'stream-error' | 'sasl-failure' | 'challenge' | 'success' | 'closed' | 'timeout' | 'other';

export interface StartTlsReport {
  readonly mode: ProbeMode;
  /** STARTTLS only: offered in the first features */
  readonly offered?: boolean;
  readonly required?: boolean;
  readonly featuresBeforeTls?: readonly string[];
  readonly mechanismsBeforeTls?: readonly string[];
  readonly featuresAfterTls: readonly string[];
  readonly mechanismsAfterTls: readonly string[];
  /** what the server did when we skipped STARTTLS and sent <auth/> */
  readonly authWithoutTls?: { readonly mechanism: string; readonly outcome: AuthWithoutTlsOutcome; readonly detail: string };
  /** direct TLS: the ALPN protocol the server selected */
  readonly alpn?: string | null;
  readonly error?: string;
}

export interface ChannelBindingReport {
  readonly plusMechanisms: readonly string[];
  /** XEP-0440 <sasl-channel-binding/> types; null when not advertised */
  readonly advertisedTypes: readonly string[] | null;
  /** on the TLS session the features were read over */
  readonly protocol: string | null;
  /** which binding data node can compute on that session */
  readonly computable: Readonly<Record<string, boolean>>;
}

export interface ResumptionResult {
  readonly version: TlsVersion;
  readonly ticketOrIdIssued: boolean;
  readonly resumed: boolean;
  readonly error?: string;
}

export interface GradeResult {
  readonly grade: Grade;
  /** the weighted score (0-100) before caps */
  readonly score: number;
  readonly scores: { readonly protocol: number; readonly keyExchange: number; readonly cipher: number };
  /** the finding ids that lowered the grade, with their caps */
  readonly cappedBy: readonly { readonly id: string; readonly cap: Grade }[];
  /** the grade if the certificate's trust, name and dates were fine (as SSL Labs shows for T/M grades) */
  readonly ignoringTrust: Grade;
  readonly plusReasons?: readonly string[];
}

/** Everything measured; findings and the grade are derived from this. */
export interface ProbeFacts {
  readonly target: string;
  readonly domain: string;
  readonly mode: ProbeMode;
  readonly versions: readonly VersionResult[];
  readonly ciphers: readonly VersionCiphers[];
  readonly groups?: GroupsResult;
  readonly certificate?: CertificateReport;
  readonly starttls: StartTlsReport;
  readonly channelBinding?: ChannelBindingReport;
  readonly resumption: readonly ResumptionResult[];
  readonly untestable: readonly Untestable[];
}

export interface TlsProbeReport extends ProbeFacts {
  readonly tool: { readonly name: string; readonly node: string; readonly openssl: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly handshakes: number;
  readonly findings: readonly Finding[];
  readonly grade: GradeResult;
}

export interface TlsProbeOptions {
  /** xmpp://host:port (STARTTLS) or xmpps://host:port (direct TLS, XEP-0368) */
  readonly target: string;
  /** the XMPP domain (stream `to`, SNI, certificate name); default: the URL's host */
  readonly domain?: string;
  /** PEM of CA certificates to judge trust against, besides the system store */
  readonly ca?: string;
  readonly caFile?: string;
  /** per-handshake deadline, ms; default 5000 */
  readonly timeoutMs?: number;
  /** parallel handshakes; default 4, at most 8 */
  readonly concurrency?: number;
  /** progress lines (for the CLI's stderr) */
  readonly log?: (line: string) => void;
}
