// Behaviour knobs for the stream itself: the response header (RFC 6120 §4.7), stream errors (§4.9), XML restrictions (§11),
// restarts, and what it writes on the wire (§4.8, §11.5, §11.6); read by fake-connection.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

/**
 * A fault in the server's own stream output, each breaking one rule: a byte order mark (§11.6), an
 * encoding other than UTF-8 declared (§11.6), an XML declaration whose pseudo-attributes are out of
 * order (§11.5), a stream root in the default namespace instead of a prefix (§4.8.5), features under
 * a second prefix for the streams namespace (§4.8.5), stanzas with a prefix for jabber:client
 * (§4.8.5), version='01.0' (§4.7.5), xml:lang='en_GB' (§4.7.4), a comment before each message
 * (§11.1), a stray end tag before each message (§11.3), an element with an undeclared prefix before
 * each message (§11.3), jabber:server as the default namespace of a client stream (§4.8.2), the
 * streams namespace as the default namespace (§4.8.2).
 */
export type OutputFault =
  | 'bom'
  | 'latin1-declared'
  | 'declaration-out-of-order'
  | 'unprefixed-stream'
  | 'second-stream-prefix'
  | 'prefixed-content'
  | 'version-leading-zero'
  | 'bad-lang'
  | 'comment'
  | 'not-well-formed'
  | 'unbound-prefix'
  | 'server-content-ns'
  | 'stream-content-ns';

export interface StreamBehaviour {
  omitFrom: boolean;
  fixedStreamId: boolean;
  echoClientId: boolean;
  /** version in the response header for the client's version (undefined: attribute left out) */
  versionAnswer: (clientVersion: string | undefined) => string | undefined;
  omitXmlLang: boolean;
  omitTo: boolean;
  featuresInWrongNamespace: boolean;
  noFeatures: boolean;
  serveAnyHost: boolean;
  acceptMissingTo: boolean;
  ignoreStreamNamespace: boolean;
  ignoreContentNamespace: boolean;
  /** on a setup error for an unknown or missing 'to', names that host (or another) in the header's 'from' */
  errorHeaderFromTo: boolean;
  /** refuses a header whose default namespace is jabber:client with <invalid-namespace/> (RFC 6120 §4.8.3) */
  rejectJabberClient: boolean;
  /** the xml:lang of its response header (faithful: the client's, which it supports) */
  responseLang: ((clientLang: string | undefined) => string) | undefined;
  /** closes the stream with no <error/> in it; or adds <text/> in jabber:client, or an application condition in the streams-error namespace */
  streamErrorFault: 'no-error' | 'text-wrong-ns' | 'app-condition-in-streams-ns' | undefined;
  /** before authentication, acts on a stanza (bounces it with a stanza error) and only then sends <not-authorized/> */
  actBeforeNotAuthorized: boolean;
  /** faithful: the parser's condition; silent: say nothing; wrong-condition: <bad-format/> */
  xmlErrorMode: 'faithful' | 'silent' | 'wrong-condition';
  restrictedAsNotWellFormed: boolean;
  noHeaderBeforeError: boolean;
  keepOpenAfterError: boolean;
  errorTwoConditions: boolean;
  noCloseReply: boolean;
  processBeforeAuth: boolean;
  /** before auth, answers a stanza to another entity with a stanza error instead of <not-authorized/> */
  stanzaErrorBeforeAuth: boolean;
  whitespaceIsError: boolean;
  rejectEntities: boolean;
  /** a parser whose names are ASCII only: any non-ASCII character in an element or attribute name is not-well-formed (stricter than libexpat, which refuses only what the Fifth Edition added) */
  asciiOnlyNames: boolean;
  /** drops a U+FEFF before the stream header as a byte order mark (RFC 6120 §11.6 says it is a ZWNBSP) */
  stripLeadingBom: boolean;
  ignoreUnknownTopLevel: boolean;
  routeUnknownTopLevel: boolean;
  /** writes standalone='no' in its XML declaration (RFC 6120 §11.5) */
  standaloneDecl: boolean;
  /** one fault in what it writes on a stream (RFC 6120 §4.7, §4.8, §11), see OutputFault */
  outputFault: OutputFault | undefined;
  /**
   * one fault in how it answers the client's header, the first one or the new one after TLS or SASL
   * (RFC 6120 §4.1, §4.3.3, §4.3.4, §4.7.3, §5.4.3.3, §6.4.6): no response header at all, a header without 'id', no features, a
   * '</stream:stream>' for the old stream first, the TCP connection torn down, or (after TLS) the
   * header written in the clear under the TLS layer
   */
  restartFault:
    | {
        readonly after: 'initial' | 'tls' | 'sasl';
        readonly fault: 'no-header' | 'no-id' | 'no-features' | 'close-tag' | 'drop-connection' | 'plaintext-header';
      }
    | undefined;
  toWithoutFrom: boolean;
}

export const STREAM_DEFAULTS: Readonly<StreamBehaviour> = {
  omitFrom: false,
  fixedStreamId: false,
  echoClientId: false,
  versionAnswer: (v: string | undefined) => (v === undefined ? undefined : Number(v) >= 1 ? '1.0' : v),
  omitXmlLang: false,
  omitTo: false,
  featuresInWrongNamespace: false,
  noFeatures: false,
  serveAnyHost: false,
  acceptMissingTo: false,
  ignoreStreamNamespace: false,
  ignoreContentNamespace: false,
  errorHeaderFromTo: false,
  rejectJabberClient: false,
  responseLang: undefined,
  streamErrorFault: undefined,
  actBeforeNotAuthorized: false,
  xmlErrorMode: 'faithful',
  restrictedAsNotWellFormed: false,
  noHeaderBeforeError: false,
  keepOpenAfterError: false,
  errorTwoConditions: false,
  noCloseReply: false,
  processBeforeAuth: false,
  stanzaErrorBeforeAuth: false,
  whitespaceIsError: false,
  rejectEntities: false,
  asciiOnlyNames: false,
  stripLeadingBom: false,
  ignoreUnknownTopLevel: false,
  routeUnknownTopLevel: false,
  standaloneDecl: false,
  outputFault: undefined,
  restartFault: undefined,
  toWithoutFrom: false,
};
