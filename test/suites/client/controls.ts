// Client cases' negative controls: each case against the scripted client with the one flaw that
// breaks its rule (test/support/clients/scripted-client.ts).
import type { ClientControlTable } from '../../support/client-control.js';

export const CLIENT_CONTROLS: ClientControlTable = {
  'rfc6120/client/header-version': {
    requirements: ['rfc6120-4.7.5-initiator-highest-version'],
    breaks: "leaves version='1.0' off its stream header",
    flaw: 'header-no-version',
    also: [{ requirements: ['rfc6120-4.7.5-no-leading-zeros'], breaks: "sends version='01.0'", flaw: 'header-version-leading-zero' }],
  },
  'rfc6120/client/header-to': { requirements: ['rfc6120-4.7.2-initiator-to'], breaks: "leaves 'to' off its stream header", flaw: 'header-no-to' },
  'rfc6120/client/header-no-id': { requirements: ['rfc6120-4.7.3-initiator-no-id'], breaks: "puts an 'id' on its initial stream header", flaw: 'header-id' },
  'rfc6120/client/header-namespaces': {
    requirements: ['rfc6120-4.8.3-client-no-jabber-server'],
    breaks: 'uses jabber:server as its content namespace',
    flaw: 'header-jabber-server',
    also: [
      {
        requirements: ['rfc6120-4.8.1-stream-namespace'],
        breaks: 'puts its stream root in a namespace other than the streams one',
        flaw: 'header-wrong-stream-ns',
      },
      { requirements: ['rfc6120-4.8.3-client-supports-jabber-client'], breaks: 'declares no default content namespace', flaw: 'header-no-content-ns' },
      {
        requirements: ['rfc6120-4.8.5-stream-ns-declared'],
        breaks: 'writes its stream root unprefixed in the streams namespace',
        flaw: 'header-unprefixed-stream',
        failsAt: /declared with a prefix/,
      },
    ],
  },
  'rfc6120/client/header-xml-lang': {
    requirements: ['rfc6120-4.7.4-initiator-xml-lang'],
    breaks: 'leaves xml:lang off its stream header',
    flaw: 'header-no-lang',
    also: [{ requirements: ['rfc6120-4.7.4-lang-syntax'], breaks: "sends xml:lang='en_GB'", flaw: 'header-bad-lang' }],
  },
  'rfc6120/client/starttls-required': {
    requirements: [
      'rfc6120-5.3.1-tls-mandatory-to-negotiate',
      'rfc6120-4.3.2-negotiate-mandatory-features',
      'rfc6120-5.2-tls-support',
      'rfc7590-3.1-starttls-mandatory',
    ],
    breaks: 'ignores a required STARTTLS and authenticates in the clear',
    flaw: 'ignore-tls',
  },
  'rfc7590/client/starttls-offered': {
    requirements: ['rfc7590-3.1-attempt-tls', 'rfc6120-5.2-use-tls-before-sasl', 'rfc6120-5.3.4-tls-before-sasl'],
    breaks: 'ignores an offered STARTTLS and authenticates in the clear',
    flaw: 'ignore-tls',
  },
  'rfc6120/client/tls-failure-stops': {
    // going on in the clear where STARTTLS was required is not negotiating the mandatory TLS (RFC 6120 §5.3.1)
    requirements: ['rfc6120-5.4.3.1-no-xml-during-tls', 'rfc6120-5.4.2.3-client-tls-begins-after-proceed', 'rfc6120-5.3.1-tls-mandatory-to-negotiate'],
    breaks: 'goes on in the clear after <proceed/>',
    flaw: 'plaintext-after-proceed',
    variants: [{ behaves: 'does not use TLS (judged by starttls-required)', flaw: 'ignore-tls', expect: 'skipped' }],
  },
  'rfc6120/client/cert-wrong-name': {
    requirements: [
      'rfc6120-5.4.3.1-validate-server-cert',
      'rfc6125-6.6.4-no-match-terminate',
      'rfc7590-3.4-clients-authenticate-servers',
      'rfc6120-4.7.1-verify-peer-identity',
    ],
    breaks: "does not check the certificate's name",
    flaw: 'no-name-check',
  },
  'rfc6120/client/cert-untrusted': {
    requirements: ['rfc6120-5.4.3.1-validate-server-cert', 'rfc7590-3.4-clients-authenticate-servers'],
    breaks: "does not check the certificate's chain",
    flaw: 'no-chain-check',
  },
  'rfc6120/client/cert-expired': {
    requirements: ['rfc6120-5.4.3.1-validate-server-cert', 'rfc7590-3.4-clients-authenticate-servers'],
    breaks: "does not check the certificate's validity",
    flaw: 'no-chain-check',
  },
  'rfc6120/client/restart-after-tls': {
    requirements: ['rfc6120-5.4.3.3-restart', 'rfc6120-4.3.3-restart-no-close-tag'],
    breaks: 'closes the old stream before restarting after TLS',
    flaw: 'no-restart-tls',
    also: [
      {
        requirements: ['rfc6120-5.3.2-restart-after-tls', 'rfc6120-4.3.3-restart-new-initial-header'],
        breaks: 'sends no new stream header after TLS and goes on with <auth/>',
        flaw: 'no-header-after-tls',
        failsAt: /restart after TLS/,
      },
      {
        requirements: ['rfc6120-4.3.3-restart-keep-connection'],
        breaks: 'drops the connection after TLS and opens a new one',
        flaw: 'reconnect-after-tls',
        failsAt: /restart after TLS/,
      },
    ],
    variants: [{ behaves: 'does not use TLS (judged by starttls-required)', flaw: 'ignore-tls', expect: 'skipped' }],
  },
  'rfc6120/client/restart-after-sasl': {
    requirements: ['rfc6120-6.4.6-restart', 'rfc6120-4.3.3-previous-stream-replaced'],
    breaks: 'closes the old stream before restarting after SASL',
    flaw: 'no-restart-sasl',
    also: [
      {
        requirements: ['rfc6120-6.3.2-restart-after-sasl'],
        breaks: 'sends no new stream header after <success/> and asks to bind on the old stream',
        flaw: 'no-header-after-sasl',
        failsAt: /restart after SASL/,
      },
    ],
    variants: [
      { behaves: 'knows none of the mechanisms offered and closes', quirks: ['scram-sha-512-only'], expect: 'skipped' },
      { behaves: 'sends a wrong SCRAM proof (judged by the scram-* cases)', flaw: 'bad-proof', expect: 'skipped' },
    ],
  },
  'rfc5802/client/scram-sha-1': {
    requirements: ['rfc5802-3-client-proof', 'rfc6120-6.4.3-response-data'],
    breaks: 'sends a wrong SCRAM proof',
    flaw: 'bad-proof',
    also: [{ requirements: ['rfc6120-6.3.5-base64'], breaks: 'puts a line feed inside the base64 of its SASL response', flaw: 'base64-line-break' }],
    // a key derivation that outlasts the step timeout is no broken rule
    variants: [{ behaves: 'takes 3.5 s (over twice the step timeout) to answer the SCRAM challenge', quirks: ['slow-scram'], expect: 'passed' }],
  },
  'rfc7677/client/scram-sha-256': {
    requirements: ['rfc5802-3-client-proof', 'rfc7677-3-scram-sha-256'],
    breaks: 'sends a wrong SCRAM proof',
    flaw: 'bad-proof',
  },
  'rfc5802/client/scram-sha-512': {
    requirements: ['rfc5802-3-client-proof', 'rfc5802-4-scram-sha-512'],
    breaks: 'sends a wrong SCRAM proof',
    flaw: 'bad-proof',
  },
  'rfc5802/client/scram-sha-1-plus': {
    requirements: ['rfc5802-6-client-channel-binding'],
    breaks: 'sends wrong channel-binding data',
    flaw: 'bad-cb',
    also: [{ requirements: ['rfc5802-3-client-proof'], breaks: 'sends a wrong SCRAM proof', flaw: 'bad-proof' }],
  },
  'rfc7677/client/scram-sha-256-plus': {
    requirements: ['rfc5802-6-client-channel-binding'],
    breaks: 'sends wrong channel-binding data',
    flaw: 'bad-cb',
    also: [{ requirements: ['rfc7677-3-scram-sha-256'], breaks: 'sends a wrong SCRAM proof', flaw: 'bad-proof' }],
  },
  'rfc5802/client/scram-sha-512-plus': {
    requirements: ['rfc5802-6-client-channel-binding'],
    breaks: 'sends wrong channel-binding data',
    flaw: 'bad-cb',
    also: [{ requirements: ['rfc5802-4-scram-sha-512'], breaks: 'sends a wrong SCRAM proof', flaw: 'bad-proof' }],
  },
  'rfc5802/client/server-signature-verified': {
    requirements: ['rfc5802-3-client-verify-server-signature'],
    breaks: 'accepts a wrong server signature',
    flaw: 'ignore-server-signature',
    variants: [
      { behaves: 'has no SCRAM (PLAIN only) and closes when offered only SCRAM', quirks: ['plain-only'], expect: 'skipped' },
      { behaves: 'has only SCRAM-SHA-512', quirks: ['scram-sha-512-only'], expect: 'passed' },
      { behaves: 'sends a wrong SCRAM proof (judged by the scram-* cases)', flaw: 'bad-proof', expect: 'skipped' },
    ],
  },
  'rfc6120/client/sasl-failure-stops': {
    requirements: ['rfc6120-6.3.1-sasl-mandatory'],
    breaks: 'restarts the stream after a SASL failure',
    flaw: 'ignore-sasl-failure',
    variants: [{ behaves: 'knows none of the mechanisms offered and closes', quirks: ['scram-sha-512-only'], expect: 'skipped' }],
  },
  'rfc6120/client/sasl-unknown-condition': {
    requirements: ['rfc6120-6.5-unknown-sasl-condition'],
    breaks: 'treats an unknown SASL failure condition as success',
    flaw: 'ignore-unknown-sasl-condition',
  },
  'rfc4616/client/no-plain-in-clear': {
    requirements: ['rfc4616-5-client-no-plain-in-clear', 'rfc6120-5.2-use-tls-before-sasl'],
    breaks: 'sends PLAIN on a stream without TLS',
    flaw: 'plain-in-clear',
  },
  'rfc6120/client/no-common-mechanism': {
    requirements: ['rfc6120-6.3.3-no-unlisted-mechanism'],
    breaks: 'tries a mechanism the server did not offer',
    flaw: 'unlisted-mechanism',
  },
  'rfc6120/client/no-authzid': {
    requirements: ['rfc6120-6.3.8-no-authzid-otherwise'],
    breaks: 'sends its own JID as authorization identity',
    flaw: 'sends-authzid',
    variants: [{ behaves: 'knows none of the mechanisms offered and closes', quirks: ['scram-sha-512-only'], expect: 'skipped' }],
  },
  'rfc6120/client/binds-resource': {
    requirements: ['rfc6120-7.1-client-must-bind', 'rfc6120-7.4-client-binds-when-offered', 'rfc6120-4.3.5-no-stanzas-before-negotiation'],
    breaks: 'sends presence before binding a resource',
    flaw: 'presence-before-bind',
    variants: [
      { behaves: 'knows none of the mechanisms offered and closes', quirks: ['scram-sha-512-only'], expect: 'skipped' },
      { behaves: 'takes 3.5 s (over twice the step timeout) to answer the SCRAM challenge', quirks: ['slow-scram'], expect: 'passed' },
    ],
  },
  'rfc6120/client/bind-iq-id': {
    requirements: ['rfc6120-8.1.3-iq-id-required', 'rfc6120-8.2.3-iq-id-required'],
    breaks: "sends its bind iq without an 'id'",
    flaw: 'iq-no-id',
    also: [
      {
        requirements: ['rfc6120-8.2.3-iq-type-required'],
        breaks: "sends its roster get, right after binding, with type 'fetch'",
        flaw: 'iq-bad-type',
        failsAt: /a type of get, set, result or error/,
      },
    ],
  },
  'rfc6120/client/assigned-resource': {
    requirements: ['rfc6120-4.3.6-client-no-guess-jid'],
    breaks: 'keeps the resource it asked for instead of the assigned one',
    flaw: 'keeps-requested-resource',
  },
  'rfc6120/client/iq-get-unknown-answered': {
    requirements: ['rfc6120-8.2.3-reply-to-get-set', 'rfc6120-8.3.1-iq-error-required'],
    breaks: 'leaves an unknown iq get unanswered',
    flaw: 'ignore-unknown-iq',
    variants: [
      { behaves: 'knows none of the mechanisms offered and closes', quirks: ['scram-sha-512-only'], expect: 'skipped' },
      { behaves: 'closes its stream right after binding', quirks: ['leaves-after-bind'], expect: 'skipped' },
    ],
  },
  'rfc6120/client/iq-set-unknown-answered': {
    requirements: ['rfc6120-8.2.3-reply-to-get-set', 'rfc6120-8.3.1-iq-error-required'],
    breaks: 'leaves an unknown iq set unanswered',
    flaw: 'ignore-unknown-iq',
  },
  'rfc6120/client/iq-error-condition': {
    requirements: ['rfc6120-8.3.2-defined-condition'],
    breaks: 'answers an unknown iq with an error without a condition',
    flaw: 'error-without-condition',
    also: [
      { requirements: ['rfc6120-8.3.2-error-type'], breaks: "answers an unknown iq with an <error/> without 'type'", flaw: 'error-without-type' },
      {
        requirements: ['rfc6120-8.3.1-error-child', 'rfc6120-8.2.3-error-child'],
        breaks: 'answers an unknown iq with an error iq without <error/>',
        flaw: 'error-without-error-child',
      },
    ],
  },
  'rfc6120/client/iq-answer-same-id': {
    requirements: ['rfc6120-8.2.3-iq-response-id', 'rfc6120-8.1.3-response-id-match', 'rfc6120-8.3.1-error-id'],
    breaks: 'answers an iq with a different id',
    flaw: 'wrong-error-id',
  },
  'rfc6120/client/iq-result-not-answered': {
    requirements: ['rfc6120-8.2.3-no-reply-to-result-error'],
    breaks: "answers an unsolicited <iq type='result'>",
    flaw: 'answers-results',
  },
  'rfc6120/client/iq-error-not-answered': {
    requirements: ['rfc6120-8.2.3-no-reply-to-result-error', 'rfc6120-8.3.1-no-error-loop'],
    breaks: "answers an <iq type='error'>",
    flaw: 'answers-results',
  },
  'rfc6120/client/stream-error-closes': {
    requirements: ['rfc6120-4.9.1.1-receiver-closes-after-error'],
    breaks: 'keeps sending after a stream error',
    flaw: 'ignore-stream-error',
    also: [{ requirements: ['rfc6120-4.4-no-data-after-close'], breaks: 'sends a presence after its own closing tag', flaw: 'data-after-close' }],
  },
  'rfc6120/client/close-reply': {
    requirements: ['rfc6120-4.4-close-reply'],
    breaks: 'drops the connection without its own closing tag',
    flaw: 'no-close-reply',
  },
  'rfc6120/client/see-other-host-reconnect': {
    requirements: ['rfc6120-4.9.3.19-reconnect-same-host'],
    breaks: 'does not follow <see-other-host/>',
    flaw: 'ignore-redirect',
  },
  'rfc6120/client/see-other-host-same-to': {
    requirements: ['rfc6120-4.9.3.19-redirect-same-to'],
    breaks: "puts the redirect's address in 'to' after <see-other-host/>",
    flaw: 'redirect-wrong-to',
  },
  'rfc6120/client/whitespace-keepalive': {
    requirements: ['rfc6120-4.6.1-whitespace-keepalive'],
    breaks: 'breaks on whitespace between elements',
    flaw: 'whitespace-breaks',
    variants: [
      { behaves: 'tolerates keepalives but never answers unknown iqs (it answers pings)', flaw: 'ignore-unknown-iq', expect: 'passed' },
      { behaves: 'answers no iq at all, so its liveness cannot be seen', quirks: ['answers-no-iq'], expect: 'skipped' },
      { behaves: 'cannot log in with the mechanisms offered', quirks: ['scram-sha-512-only'], expect: 'skipped' },
    ],
    also: [{ requirements: ['rfc6120-4.6.1-whitespace-keepalive'], breaks: 'stops acting on the stream after a keepalive', flaw: 'whitespace-hangs' }],
  },
  'rfc6120/client/split-tcp-reads': {
    requirements: [],
    breaks: 'breaks when an element is cut across TCP segments',
    flaw: 'chunk-breaks',
    also: [
      {
        requirements: ['rfc6120-4.3.2-negotiate-mandatory-features'],
        breaks: 'passes over the required STARTTLS and authenticates in the clear',
        flaw: 'ignore-tls',
      },
    ],
    variants: [
      { behaves: 'never answers unknown iqs', flaw: 'ignore-unknown-iq', expect: 'passed' },
      { behaves: 'answers no iq at all (judged on the login alone)', quirks: ['answers-no-iq'], expect: 'passed' },
      { behaves: 'knows only PLAIN', quirks: ['plain-only'], expect: 'passed' },
      // 150 ms per TLS record: tiny records, one per piece, would take it seconds per step
      { behaves: 'acts on one TLS record per turn of its event loop, slowly', quirks: ['one-record-per-turn'], expect: 'passed' },
    ],
  },
  'rfc6120/client/feature-order': {
    requirements: ['rfc6120-4.3.2-negotiate-mandatory-features'],
    breaks: 'looks only at the first stream feature',
    flaw: 'first-feature-only',
    variants: [
      { behaves: 'knows only SCRAM-SHA-512', quirks: ['scram-sha-512-only'], expect: 'passed' },
      { behaves: 'sends a wrong SCRAM proof (judged by the scram-* cases)', flaw: 'bad-proof', expect: 'skipped' },
    ],
  },
  'rfc6120/client/unknown-feature-ignored': {
    requirements: ['rfc6120-11.4-client-ignore-nonconformant'],
    breaks: 'gives up on a stream feature it does not know',
    flaw: 'unknown-feature-breaks',
    also: [
      {
        requirements: ['rfc6120-4.3.2-negotiate-mandatory-features'],
        breaks: 'passes over the required STARTTLS and authenticates in the clear',
        flaw: 'ignore-tls',
      },
    ],
  },
  'rfc6120/client/sent-stanza-kinds': {
    requirements: ['rfc6120-8-stanza-support'],
    breaks: 'sends a <note/> in jabber:client, which is no stanza',
    flaw: 'sends-unknown-stanza',
    variants: [{ behaves: 'cannot log in, so sends no stanza', quirks: ['scram-sha-512-only'], expect: 'skipped' }],
  },
  'rfc6120/client/sent-iq-id': {
    requirements: ['rfc6120-8.1.3-iq-id-required', 'rfc6120-8.2.3-iq-id-required'],
    breaks: "sends its bind iq without an 'id'",
    flaw: 'iq-no-id',
  },
  'rfc6120/client/sent-iq-type': { requirements: ['rfc6120-8.2.3-iq-type-required'], breaks: "sends an iq of type 'fetch'", flaw: 'iq-bad-type' },
  'rfc6120/client/sent-iq-children': {
    requirements: ['rfc6120-8.2.3-one-child'],
    breaks: 'sends a roster get with two children',
    flaw: 'iq-two-children',
    failsAt: /a get with 2 child elements/,
    also: [
      {
        requirements: ['rfc6120-8.2.3-result-child-count'],
        breaks: 'answers a ping with a result holding two children',
        flaw: 'ping-result-two-children',
        failsAt: /a result with 2 child elements/,
      },
      {
        requirements: ['rfc6120-8.2.3-error-child'],
        breaks: 'answers a ping with an error iq without <error/>',
        flaw: 'ping-error-without-error',
        failsAt: /an error without <error\/>/,
      },
    ],
  },
  'rfc6120/client/sent-error-shape': {
    requirements: ['rfc6120-8.3.2-defined-condition'],
    breaks: 'answers an unknown iq with an <error/> without a condition',
    flaw: 'error-without-condition',
    also: [
      { requirements: ['rfc6120-8.3.2-error-type'], breaks: "answers an unknown iq with an <error/> without 'type'", flaw: 'error-without-type' },
      { requirements: ['rfc6120-8.3.1-error-child'], breaks: 'answers an unknown iq with an error iq without <error/>', flaw: 'error-without-error-child' },
    ],
    variants: [
      { behaves: 'never answers unknown iqs, so sends no error stanza', flaw: 'ignore-unknown-iq', expect: 'skipped' },
      { behaves: 'answers no iq at all', quirks: ['answers-no-iq'], expect: 'skipped' },
    ],
  },
  'rfc6121/client/sent-presence-show': {
    requirements: ['rfc6121-4.7.2.1-show-values'],
    breaks: 'sends <show>busy</show>',
    flaw: 'presence-bad-show',
    also: [
      { requirements: ['rfc6121-4.7.2.1-one-show'], breaks: 'sends two <show/> elements in one presence', flaw: 'presence-two-show' },
      { requirements: ['rfc6121-4.7.2.1-show-no-mixed'], breaks: 'mixes an element into the text of <show/>', flaw: 'presence-mixed-show' },
    ],
  },
  'rfc6121/client/sent-presence-status': {
    requirements: ['rfc6121-4.7.2.2-status-distinct-lang'],
    breaks: 'sends two <status/> elements with the same language',
    flaw: 'presence-status-same-lang',
    also: [{ requirements: ['rfc6121-4.7.2.2-status-no-mixed'], breaks: 'mixes an element into the text of <status/>', flaw: 'presence-mixed-status' }],
  },
  'rfc6121/client/sent-presence-priority': {
    requirements: ['rfc6121-4.7.2.3-priority-range'],
    breaks: 'sends <priority>200</priority>',
    flaw: 'presence-bad-priority',
    also: [
      { requirements: ['rfc6121-4.7.2.3-one-priority'], breaks: 'sends two <priority/> elements in one presence', flaw: 'presence-two-priority' },
      { requirements: ['rfc6121-4.7.2.3-priority-no-mixed'], breaks: 'mixes an element into the text of <priority/>', flaw: 'presence-mixed-priority' },
    ],
  },
  'rfc6121/client/sent-no-probe': {
    requirements: ['rfc6121-4.3-client-no-probe', 'rfc6121-4.7.1-client-no-probe'],
    breaks: "probes its own account with a presence of type 'probe'",
    flaw: 'sends-probe',
    variants: [{ behaves: 'closes right after binding, before sending any presence', quirks: ['leaves-after-bind'], expect: 'skipped' }],
  },
  'rfc6121/client/sent-message-type': {
    requirements: ['rfc6121-5.2.2-type-values'],
    breaks: "sends a message of type 'private'",
    flaw: 'message-bad-type',
    variants: [{ behaves: 'closes right after binding, before sending any message', quirks: ['leaves-after-bind'], expect: 'skipped' }],
  },
  'rfc6120/client/header-from-after-tls': {
    requirements: ['rfc6120-4.7.1-initiator-from-after-tls'],
    breaks: "leaves 'from' off its stream headers under TLS",
    flaw: 'header-no-from',
    variants: [{ behaves: 'never gets TLS going (it ignores STARTTLS)', flaw: 'ignore-tls', expect: 'skipped' }],
  },
};
