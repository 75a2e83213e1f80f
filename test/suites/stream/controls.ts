// Negative controls for the stream area: each entry breaks exactly the rule its case checks.
import type { ControlTable } from '../../support/control.js';

export const STREAM_CONTROLS: ControlTable = {
  'rfc6120/stream/header-from': {
    requirements: ['rfc6120-4.7.1-response-from'],
    breaks: "leaves 'from' out of its header",
    behaviour: { omitFrom: true },
    also: [
      {
        requirements: ['rfc6120-4.1-response-stream', 'rfc6120-5.4.1-response-header'],
        breaks: 'opens no response stream on the connection',
        behaviour: { restartFault: { after: 'initial', fault: 'no-header' } },
      },
    ],
  },
  'rfc6120/stream/header-id': {
    requirements: ['rfc6120-4.7.3-id-unique'],
    breaks: 'gives every stream the same id',
    behaviour: { fixedStreamId: true },
    also: [
      {
        requirements: ['rfc6120-4.7.3-response-id'],
        breaks: "leaves 'id' out of its response header",
        behaviour: { restartFault: { after: 'initial', fault: 'no-id' } },
      },
    ],
  },
  'rfc6120/stream/header-ignores-client-id': {
    requirements: ['rfc6120-4.7.3-ignore-initiator-id'],
    breaks: "echoes the client's id",
    behaviour: { echoClientId: true },
  },
  'rfc6120/stream/header-version': {
    requirements: ['rfc6120-4.7.5-version-response'],
    breaks: "answers version='0.9'",
    behaviour: { versionAnswer: () => '0.9' },
  },
  'rfc6120/stream/header-xml-lang': {
    requirements: ['rfc6120-4.7.4-response-xml-lang'],
    breaks: "leaves 'xml:lang' out",
    behaviour: { omitXmlLang: true },
    also: [
      {
        requirements: ['rfc6120-4.7.4-lang-echo-supported'],
        breaks: "answers xml:lang='de' to a client asking for 'en', which it supports",
        behaviour: { responseLang: () => 'de' },
      },
    ],
  },
  'rfc6120/stream/header-namespaces': {
    requirements: ['rfc6120-4.8.1-stream-namespace'],
    breaks: 'sends <features/> in jabber:client',
    behaviour: { featuresInWrongNamespace: true },
  },
  'rfc6120/stream/header-to': {
    requirements: ['rfc6120-4.7.2-response-to'],
    breaks: "leaves 'to' out when the client sent 'from'",
    behaviour: { omitTo: true },
  },
  'rfc6120/stream/features-after-header': {
    requirements: ['rfc6120-4.3.2-send-features'],
    breaks: 'sends no features',
    behaviour: { noFeatures: true },
    also: [
      {
        requirements: ['rfc6120-4.5-single-connection-c2s'],
        breaks: "closes the client's connection on its header instead of answering on it",
        behaviour: { restartFault: { after: 'initial', fault: 'drop-connection' } },
      },
      {
        requirements: ['rfc6120-4.8.3-server-supports-jabber-client'],
        breaks: 'refuses jabber:client as the content namespace',
        behaviour: { rejectJabberClient: true },
      },
    ],
  },
  'rfc6120/stream/version-higher': {
    requirements: ['rfc6120-4.7.5-version-lower-of-two'],
    breaks: "echoes version='2.0'",
    behaviour: { versionAnswer: (v) => v },
  },
  'rfc6120/stream/version-lower': {
    requirements: ['rfc6120-4.7.5-version-lower-of-two'],
    breaks: "answers version='1.0' to '0.9'",
    behaviour: { versionAnswer: () => '1.0' },
  },
  'rfc6120/stream/version-missing': {
    requirements: ['rfc6120-4.7.5-missing-version-no-response-version'],
    breaks: "answers version='1.0' to a header without version",
    behaviour: { versionAnswer: () => '1.0' },
  },
  'rfc6120/stream/host-unknown': {
    requirements: ['rfc6120-4.9.3.6-host-unknown'],
    breaks: 'serves any host name',
    behaviour: { serveAnyHost: true },
    also: [
      { requirements: ['rfc6120-4.9.1.1-error-then-close'], breaks: 'keeps the stream open after the stream error', behaviour: { keepOpenAfterError: true } },
      { requirements: ['rfc6120-4.9.1.2-header-before-error'], breaks: 'sends the error without a stream header', behaviour: { noHeaderBeforeError: true } },
    ],
  },
  'rfc6120/stream/host-unknown-from': {
    requirements: ['rfc6120-4.9.1.3-error-header-from'],
    breaks: "names the unknown host in the 'from' of its error header",
    behaviour: { errorHeaderFromTo: true },
  },
  'rfc6120/stream/missing-to': {
    requirements: ['rfc6120-4.9.1.3-error-header-from'],
    breaks: "names another host in the 'from' of its error header",
    behaviour: { errorHeaderFromTo: true },
  },
  'rfc6120/stream/wrong-stream-namespace': {
    requirements: ['rfc6120-4.8.1-wrong-stream-namespace-close', 'rfc6120-4.8.1-stream-namespace'],
    breaks: 'serves a stream in the wrong namespace',
    behaviour: { ignoreStreamNamespace: true },
  },
  'rfc6120/stream/wrong-content-namespace': {
    requirements: ['rfc6120-4.8.3-unsupported-content-namespace'],
    breaks: 'ignores the content namespace',
    behaviour: { ignoreContentNamespace: true },
  },
  'rfc6120/stream/undeclared-stream-prefix': {
    requirements: ['rfc6120-11.3-not-namespace-well-formed'],
    breaks: 'reports XML errors as <bad-format/>',
    behaviour: { xmlErrorMode: 'wrong-condition' },
  },
  'rfc6120/stream/not-well-formed-mismatched-tag': {
    requirements: ['rfc6120-11.3-not-well-formed', 'rfc6120-4.9.1.1-error-then-close'],
    breaks: 'stays silent on malformed XML',
    behaviour: { xmlErrorMode: 'silent' },
  },
  'rfc6120/stream/not-well-formed-garbage': {
    requirements: ['rfc6120-11.3-not-well-formed'],
    breaks: 'reports XML errors as <bad-format/>',
    behaviour: { xmlErrorMode: 'wrong-condition' },
  },
  'rfc6120/stream/error-before-header': {
    requirements: ['rfc6120-4.9.1.2-header-before-error'],
    breaks: 'sends the error without a stream header',
    behaviour: { noHeaderBeforeError: true },
    also: [{ requirements: ['rfc6120-11.3-not-well-formed'], breaks: 'reports XML errors as <bad-format/>', behaviour: { xmlErrorMode: 'wrong-condition' } }],
  },
  'rfc6120/stream/unbound-prefix-in-stanza': {
    requirements: ['rfc6120-11.3-not-namespace-well-formed'],
    breaks: 'stays silent on an unbound prefix',
    behaviour: { xmlErrorMode: 'silent' },
  },
  'rfc6120/stream/close-handshake': {
    requirements: ['rfc6120-4.4-close-reply'],
    breaks: 'drops TCP without </stream:stream>',
    behaviour: { noCloseReply: true },
  },
  'rfc6120/stream/close-after-error': {
    requirements: ['rfc6120-4.9.1.1-error-then-close'],
    breaks: 'keeps the stream open after a stream error',
    behaviour: { keepOpenAfterError: true },
  },
  'rfc6120/stream/error-structure': {
    requirements: ['rfc6120-4.9.2-error-syntax'],
    breaks: 'puts two conditions in a stream error',
    behaviour: { errorTwoConditions: true },
    also: [
      {
        requirements: ['rfc6120-4.9-send-stream-error'],
        breaks: 'closes the stream on an error without sending <stream:error/>',
        behaviour: { streamErrorFault: 'no-error' },
      },
      {
        requirements: ['rfc6120-4.9.2-text-namespace'],
        breaks: 'puts <text/> in jabber:client in its stream errors',
        behaviour: { streamErrorFault: 'text-wrong-ns' },
      },
      {
        requirements: ['rfc6120-4.9.2-app-condition-namespace'],
        breaks: 'puts an application condition in the streams-error namespace',
        behaviour: { streamErrorFault: 'app-condition-in-streams-ns' },
      },
    ],
  },
  'rfc6120/stream/stanza-before-auth': {
    requirements: ['rfc6120-4.3.5-not-authorized-before-negotiation', 'rfc7590-3.4-servers-authenticate-clients', 'rfc6120-6.3.1-sasl-mandatory'],
    breaks: 'answers a stanza before authentication with a stanza error',
    behaviour: { stanzaErrorBeforeAuth: true },
    also: [
      {
        requirements: ['rfc6120-4.9.3.12-no-processing-before-not-authorized'],
        breaks: 'acts on a stanza before authentication (bounces it), then sends <not-authorized/>',
        behaviour: { actBeforeNotAuthorized: true },
      },
    ],
  },
  'rfc6120/stream/whitespace-keepalive': {
    requirements: ['rfc6120-11.7-whitespace-between-elements'],
    breaks: 'treats whitespace as an error',
    behaviour: { whitespaceIsError: true },
  },
  'rfc6120/stream/unsupported-stanza-type': {
    requirements: ['rfc6120-4.8.4-no-routing-other-namespaces', 'rfc6120-4.8.4-arbitrary-first-level'],
    breaks: 'routes unknown top-level elements to their addressee',
    behaviour: { routeUnknownTopLevel: true },
  },
  'rfc6120/stream/restricted-comment': { requirements: ['rfc6120-11.1-reject-restricted'], breaks: 'ignores comments', behaviour: { xmlErrorMode: 'silent' } },
  'rfc6120/stream/restricted-processing-instruction': {
    requirements: ['rfc6120-11.1-reject-restricted'],
    breaks: 'ignores processing instructions',
    behaviour: { xmlErrorMode: 'silent' },
  },
  'rfc6120/stream/restricted-undefined-entity': {
    requirements: ['rfc6120-11.1-reject-restricted'],
    breaks: 'ignores undefined entities',
    behaviour: { xmlErrorMode: 'silent' },
  },
  'rfc6120/stream/restricted-nul-char-ref': {
    requirements: ['rfc6120-11.3-not-well-formed'],
    breaks: 'reports &#0; as <bad-format/>',
    behaviour: { xmlErrorMode: 'wrong-condition' },
  },
  'rfc6120/stream/restricted-comment-condition': {
    requirements: ['rfc6120-11.1-restricted-xml-condition'],
    breaks: 'reports a comment as <not-well-formed/>',
    behaviour: { restrictedAsNotWellFormed: true },
  },
  'rfc6120/stream/restricted-doctype': { requirements: ['rfc6120-11.1-reject-restricted'], breaks: 'ignores a DOCTYPE', behaviour: { xmlErrorMode: 'silent' } },
  'rfc6120/stream/predefined-entities-accepted': {
    requirements: ['rfc6120-11.1-allow-predefined-entities'],
    breaks: 'rejects entity references',
    behaviour: { rejectEntities: true },
  },
  'rfc6120/stream/bom-before-header': {
    requirements: ['rfc6120-11.6-feff-as-zwnbsp'],
    breaks: 'drops a U+FEFF before the header as a byte order mark',
    behaviour: { stripLeadingBom: true },
  },
  'rfc6120/stream/fifth-edition-names': {
    requirements: ['rfc6120-11.3-accept-well-formed'],
    breaks: 'refuses every non-ASCII element or attribute name (the Fifth Edition additions among them)',
    behaviour: { asciiOnlyNames: true },
  },
  'rfc6120/stream/unsupported-encoding': { requirements: ['rfc6120-11.6-utf8-only'], breaks: 'accepts ISO-8859-1', behaviour: { xmlErrorMode: 'silent' } },
  'rfc6120/stream/invalid-utf8': {
    requirements: ['rfc6120-11.6-utf8-only'],
    breaks: 'ignores bytes that are not UTF-8',
    behaviour: { xmlErrorMode: 'silent' },
  },
  'rfc6120/stream/server-stream-output': {
    requirements: ['rfc6120-11.5-no-standalone'],
    breaks: "declares standalone='no'",
    behaviour: { standaloneDecl: true },
    also: [
      { requirements: ['rfc6120-11.6-no-bom'], breaks: 'starts its stream with a byte order mark', behaviour: { outputFault: 'bom' } },
      { requirements: ['rfc6120-11.6-no-other-encoding'], breaks: "declares encoding='ISO-8859-1'", behaviour: { outputFault: 'latin1-declared' } },
      {
        requirements: ['rfc6120-11.5-xml-declaration-rules'],
        breaks: 'writes encoding before version in its XML declaration',
        behaviour: { outputFault: 'declaration-out-of-order' },
      },
      {
        requirements: ['rfc6120-4.8.5-stream-ns-declared'],
        breaks: 'writes <stream/> in the default namespace, with no prefix for the streams namespace',
        behaviour: { outputFault: 'unprefixed-stream' },
      },
      {
        requirements: ['rfc6120-4.8.5-stream-prefix-consistent'],
        breaks: 'sends <s:features/> under a second prefix for the streams namespace',
        behaviour: { outputFault: 'second-stream-prefix' },
      },
      {
        requirements: ['rfc6120-4.8.5-no-content-prefix'],
        breaks: 'sends its stanzas as <c:iq/> with a prefix for jabber:client',
        behaviour: { outputFault: 'prefixed-content' },
      },
      { requirements: ['rfc6120-4.7.5-no-leading-zeros'], breaks: "answers version='01.0'", behaviour: { outputFault: 'version-leading-zero' } },
      { requirements: ['rfc6120-4.7.4-lang-syntax'], breaks: "answers xml:lang='en_GB'", behaviour: { outputFault: 'bad-lang' } },
      { requirements: ['rfc6120-11.1-no-inject-restricted'], breaks: 'writes a comment before each message', behaviour: { outputFault: 'comment' } },
      {
        requirements: ['rfc6120-11.3-no-generate-not-well-formed'],
        breaks: 'writes a stray end tag before each message',
        behaviour: { outputFault: 'not-well-formed' },
      },
      {
        requirements: ['rfc6120-11.3-no-generate-not-ns-well-formed'],
        breaks: 'writes an element with an undeclared prefix before each message',
        behaviour: { outputFault: 'unbound-prefix' },
      },
      {
        requirements: ['rfc6120-4.8.2-content-namespace'],
        breaks: "answers a jabber:client header with xmlns='jabber:server'",
        behaviour: { outputFault: 'server-content-ns' },
      },
      {
        requirements: ['rfc6120-4.8.2-content-not-stream-namespace'],
        breaks: 'declares the streams namespace as its content namespace',
        behaviour: { outputFault: 'stream-content-ns' },
      },
    ],
  },
  'rfc6120/stream/header-no-to-without-from': {
    requirements: ['rfc6120-4.7.2-no-response-to-without-from'],
    breaks: "puts its own domain in 'to' when the client sent no 'from'",
    behaviour: { toWithoutFrom: true },
  },
};
