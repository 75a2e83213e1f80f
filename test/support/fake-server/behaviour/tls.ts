// Behaviour knobs for STARTTLS and the TLS layer (RFC 6120 §5, RFC 7590) and the certificate it shows; read by
// fake-connection.ts and fake-server.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.
import type { LegacySuiteClass } from '../../../../harness/probe/index.js';

export interface TlsBehaviour {
  starttls: 'required' | 'optional' | 'none';
  omitRequired: boolean;
  saslBeforeTls: boolean;
  /** proceed-wrong-ns: <proceed/> in jabber:client; proceed-then-garbage: <proceed/>, then bytes that are no TLS record for the ClientHello */
  starttlsAnswer: 'proceed' | 'failure' | 'none' | 'proceed-wrong-ns' | 'proceed-then-garbage';
  starttlsAfterTls: boolean;
  proceedTwice: boolean;
  plaintextAfterProceed: boolean;
  tlsMinVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  tlsMaxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  tlsCiphers: string | undefined;
  /** answers a ClientHello offering a suite of this class (RC4, under 112 bits, static DH) with a ServerHello choosing it, as a server that accepts such suites would; other hellos get the usual TLS */
  tlsLegacySuites: LegacySuiteClass | undefined;
  /** leaves TLS 1.2 out of the versions between tlsMinVersion and tlsMaxVersion */
  tlsNo12: boolean;
  /** how it answers a <starttls/> inside TLS: <failure/> and close (faithful), <failure/> and stay open, a stream error, or not at all */
  secondStarttls: 'failure' | 'failure-open' | 'stream-error' | 'silent';
  /** names on the certificate (default: the domain) */
  certNames: readonly string[] | undefined;
  /** an expired certificate or a small key (test/support/certs.ts); default: valid, RSA 2048 */
  certOptions: { readonly expired?: boolean; readonly key?: string } | undefined;
}

export const TLS_DEFAULTS: Readonly<TlsBehaviour> = {
  starttls: 'required',
  omitRequired: false,
  saslBeforeTls: false,
  starttlsAnswer: 'proceed',
  starttlsAfterTls: false,
  proceedTwice: false,
  plaintextAfterProceed: false,
  tlsMinVersion: 'TLSv1.2',
  tlsMaxVersion: 'TLSv1.3',
  tlsCiphers: undefined,
  tlsLegacySuites: undefined,
  tlsNo12: false,
  secondStarttls: 'failure',
  certNames: undefined,
  certOptions: undefined,
};
