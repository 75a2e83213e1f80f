// Negative controls for the tls area.
import type { ControlTable } from '../../support/control.js';

const FS_ONLY = 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384';
/** TLS 1.2 suites without server authentication (TLS 1.3 has none) */
const ANON_ONLY = 'AECDH-AES128-SHA:AECDH-AES256-SHA:@SECLEVEL=0';

export const TLS_CONTROLS: ControlTable = {
  'rfc6120/tls/starttls-offered': {
    requirements: ['rfc6120-5.4.1-advertise-starttls', 'rfc7590-3.1-starttls-mandatory'],
    breaks: 'offers no STARTTLS',
    behaviour: { starttls: 'none' },
  },
  'rfc6120/tls/starttls-required-flag': {
    requirements: ['rfc6120-5.4.1-required-child'],
    breaks: 'requires TLS without saying <required/>',
    behaviour: { omitRequired: true },
  },
  'rfc6120/tls/no-sasl-before-required-tls': {
    requirements: ['rfc6120-5.3.1-only-starttls-when-required'],
    breaks: 'offers SASL before a required STARTTLS',
    behaviour: { saslBeforeTls: true },
  },
  'rfc6120/tls/proceed': {
    requirements: ['rfc6120-5.4.2.1-proceed-or-failure'],
    breaks: 'does not answer <starttls/>',
    behaviour: { starttlsAnswer: 'none' },
    also: [
      {
        requirements: ['rfc6120-5.4.2.3-proceed'],
        breaks: 'answers <proceed/> in jabber:client instead of the TLS namespace',
        behaviour: { starttlsAnswer: 'proceed-wrong-ns' },
      },
      {
        requirements: ['rfc6120-5.4.2.3-proceed', 'rfc6120-5.4.3.1-follow-tls', 'rfc6120-5.2-tls-support'],
        breaks: 'answers the ClientHello after <proceed/> with bytes that are no TLS record',
        behaviour: { starttlsAnswer: 'proceed-then-garbage' },
      },
      {
        requirements: ['rfc6120-5.4.3.1-protect-all-data'],
        breaks: 'writes its stream header after the handshake in the clear, under the TLS layer',
        behaviour: { restartFault: { after: 'tls', fault: 'plaintext-header' } },
      },
      {
        requirements: ['rfc6120-5.4.3.1-present-certificate'],
        breaks: 'negotiates only anonymous (aNULL) suites, presenting no certificate',
        behaviour: { tlsCiphers: ANON_ONLY, tlsMaxVersion: 'TLSv1.2' },
      },
    ],
  },
  'rfc6120/tls/restart-new-stream-id': {
    requirements: ['rfc6120-4.3.3-restart-new-stream-id', 'rfc6120-6.4.1-unique-stream-id', 'rfc6120-5.4.3.3-restart'],
    breaks: 'keeps the stream id across the restart',
    behaviour: { fixedStreamId: true },
    also: [
      {
        requirements: ['rfc6120-5.3.2-restart-after-tls', 'rfc6120-5.4.3.3-restart'],
        breaks: 'answers the new header after TLS with nothing',
        behaviour: { restartFault: { after: 'tls', fault: 'no-header' } },
      },
      {
        requirements: ['rfc6120-4.7.3-response-id'],
        breaks: "leaves 'id' out of its header after TLS",
        behaviour: { restartFault: { after: 'tls', fault: 'no-id' } },
      },
      {
        requirements: ['rfc6120-4.3.4-resend-features', 'rfc6120-5.4.3.3-features-after-tls'],
        breaks: 'sends no features after the TLS restart',
        behaviour: { restartFault: { after: 'tls', fault: 'no-features' } },
      },
      {
        requirements: ['rfc6120-4.3.3-restart-no-close-tag'],
        breaks: 'closes the old stream with </stream:stream> before its new header',
        behaviour: { restartFault: { after: 'tls', fault: 'close-tag' } },
      },
      {
        requirements: ['rfc6120-4.3.3-restart-keep-connection'],
        breaks: 'tears the connection down at the restart',
        behaviour: { restartFault: { after: 'tls', fault: 'drop-connection' } },
      },
    ],
  },
  'rfc6120/tls/no-starttls-after-tls': {
    requirements: ['rfc6120-5.4.3.3-no-starttls-again'],
    breaks: 'offers STARTTLS again inside TLS',
    behaviour: { starttlsAfterTls: true },
  },
  'rfc6120/tls/starttls-twice-refused': {
    requirements: [],
    breaks: 'answers a second <starttls/> with <proceed/>',
    behaviour: { proceedTwice: true },
    also: [
      {
        requirements: ['rfc6120-5.4.2.2-failure-close'],
        breaks: 'answers a second <starttls/> with <failure/> and keeps the stream open',
        behaviour: { secondStarttls: 'failure-open' },
      },
      { requirements: ['rfc6120-5.4.2.1-proceed-or-failure'], breaks: 'leaves a second <starttls/> unanswered', behaviour: { secondStarttls: 'silent' } },
    ],
  },
  'rfc6120/tls/no-plaintext-after-proceed': {
    requirements: ['rfc6120-5.4.2.3-tls-begins-after-proceed'],
    breaks: 'keeps reading plaintext after <proceed/>',
    behaviour: { plaintextAfterProceed: true },
  },
  'rfc7590/tls/version-1-2-or-later': {
    requirements: ['rfc7590-1-follow-bcp195', 'rfc7525-3.1.1-prefer-tls12'],
    breaks: 'speaks TLS 1.0 and 1.1 only',
    behaviour: { tlsMinVersion: 'TLSv1', tlsMaxVersion: 'TLSv1.1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' },
    also: [
      {
        requirements: ['rfc7525-3.1.1-prefer-tls12'],
        breaks: 'picks TLS 1.1 over 1.2 (it lacks 1.2, but has 1.3)',
        behaviour: { tlsMinVersion: 'TLSv1', tlsMaxVersion: 'TLSv1.3', tlsNo12: true, tlsCiphers: 'DEFAULT:@SECLEVEL=0' },
      },
    ],
  },
  'rfc8996/tls/refuses-tls-1-0': {
    requirements: ['rfc8996-4-no-tls-1-0'],
    breaks: 'accepts TLS 1.0',
    behaviour: { tlsMinVersion: 'TLSv1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' },
  },
  'rfc8996/tls/refuses-tls-1-1': {
    requirements: ['rfc8996-5-no-tls-1-1'],
    breaks: 'accepts TLS 1.1',
    behaviour: { tlsMinVersion: 'TLSv1.1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' },
  },
  'rfc7525/tls/forward-secrecy': {
    requirements: ['rfc7525-4.1-prefer-forward-secrecy'],
    breaks: 'negotiates static-RSA key exchange',
    behaviour: { tlsMaxVersion: 'TLSv1.2', tlsCiphers: 'AES128-GCM-SHA256' },
  },
  'rfc6120/tls/certificate-names-domain': {
    requirements: ['rfc6120-13.7.1.2.1-server-cert-xmpp-address'],
    breaks: 'presents a certificate for another name',
    behaviour: { certNames: ['wrong.example'] },
  },
  'rfc9325/tls/supports-tls-1-2': {
    requirements: ['rfc9325-3.1.1-support-tls-1-2', 'rfc7525-3.1.1-prefer-tls12'],
    breaks: 'speaks TLS 1.3 only',
    behaviour: { tlsMinVersion: 'TLSv1.3' },
  },
  'rfc9325/tls/supports-tls-1-3': {
    requirements: ['rfc9325-3.1.1-support-tls-1-3'],
    breaks: 'speaks TLS 1.2 at most',
    behaviour: { tlsMaxVersion: 'TLSv1.2' },
  },
  'rfc9325/tls/no-weak-cipher-suites': {
    requirements: ['rfc9325-4.1-no-null-suites'],
    breaks: 'also accepts a NULL-encryption suite',
    behaviour: { tlsCiphers: `${FS_ONLY}:NULL-SHA256:@SECLEVEL=0` },
    also: [
      {
        requirements: ['rfc6120-5.4.3.1-present-certificate'],
        breaks: 'also accepts an anonymous suite, where it presents no certificate',
        behaviour: { tlsCiphers: `${FS_ONLY}:${ANON_ONLY}` },
      },
      // Node's OpenSSL has none of these suites: the fake answers a hello offering one with a ServerHello choosing it
      {
        requirements: ['rfc9325-4.1-no-rc4-suites'],
        breaks: 'chooses an RC4 suite when a client offers one',
        behaviour: { tlsLegacySuites: 'rc4' },
        failsAt: /no RC4 \(RFC 7465 §2\) suite chosen/,
      },
      {
        requirements: ['rfc9325-4.1-no-suites-under-112-bits'],
        breaks: 'chooses an EXPORT or single-DES suite when a client offers one',
        behaviour: { tlsLegacySuites: 'under-112' },
        failsAt: /no EXPORT or single-DES/,
      },
    ],
  },
  // node's default server list has static-RSA suites, so the faithful peer here is ECDHE-only.
  'rfc9325/tls/no-static-key-exchange': {
    requirements: ['rfc9325-4.1-no-static-rsa'],
    breaks: 'also accepts static-RSA key exchange',
    faithful: { tlsCiphers: FS_ONLY },
    behaviour: { tlsCiphers: `${FS_ONLY}:AES128-GCM-SHA256` },
    also: [
      {
        requirements: ['rfc9325-4.1-no-static-dh'],
        breaks: 'chooses a static DH or ECDH suite when a client offers one',
        behaviour: { tlsLegacySuites: 'static-dh' },
        failsAt: /no static DH or ECDH suite chosen/,
      },
    ],
  },
  'rfc5280/tls/certificate-within-validity': {
    requirements: ['rfc5280-6.1.3-validity-period'],
    breaks: 'presents an expired certificate',
    behaviour: { certOptions: { expired: true } },
  },
  'rfc9325/tls/certificate-key-size': {
    requirements: ['rfc9325-4.5-rsa-2048'],
    breaks: 'presents a certificate with a 1024-bit RSA key',
    behaviour: { certOptions: { key: 'rsa:1024' } },
  },
};
