// The protocol oracle shared by both `fuzz server` stages: what a server must send back when a
// sequence hands it bad input (or a ping after input that needed no answer), and the error that
// marks a finding (anything else a sequence throws is the harness's own trouble, not the server's).
import { HarnessError } from '../errors.js';
import { isStreamError, streamErrorCondition, type Session } from '../session/index.js';
import { el, NS_PING, type XmlElement } from '../xml/index.js';

/** A finding: the server is down (liveness) or answered against RFC 6120 (protocol). */
export class ServerFuzzFailure extends HarnessError {
  override readonly name = 'ServerFuzzFailure';
  constructor(
    readonly kind: 'liveness' | 'protocol',
    message: string,
    /** the error behind a liveness failure, when there was one */
    readonly reason?: unknown,
  ) {
    super('FINDING', message);
  }
}

/** The stream error conditions RFC 6120 allows for malformed or restricted XML. */
export const BAD_XML_CONDITIONS = new Set([
  'not-well-formed',
  'restricted-xml',
  'bad-format',
  'invalid-xml',
  'unsupported-encoding',
  'bad-namespace-prefix',
  'policy-violation',
  'invalid-namespace',
]);

/**
 * Stream errors that say the server's XML parser refused the input: a stanza well-formed by
 * construction must not get one (§4.9.3.13 keeps not-well-formed for data that breaks [XML], the
 * Fifth Edition). Not invalid-xml: that is about validation (§4.9.3.11), which §11.4 leaves to
 * the server, and generated payloads may well be invalid against a schema it knows.
 */
export const WELL_FORMED_REJECTIONS = new Set(['not-well-formed', 'restricted-xml', 'bad-namespace-prefix', 'unsupported-encoding']);

/**
 * What a ping after an input that needed no answer found: nothing wrong ('answered'), a stream
 * error or close that ended the session, or silence on a stream still open.
 */
export type PingOutcome = { readonly kind: 'answered' } | { readonly kind: 'ended'; readonly condition: string | undefined } | { readonly kind: 'silent' };

/**
 * Pings the server (XEP-0199; any iq get gets a result or an error, RFC 6120 §8.2.3) and reads to
 * the answer, so whatever the server made of the input before it shows up now.
 */
export async function pingThrough(s: Session, domain: string, timeoutMs: number): Promise<PingOutcome> {
  try {
    await s.iq(el('iq', { type: 'get', to: domain }, el('ping', { xmlns: NS_PING })), { within: timeoutMs });
    return { kind: 'answered' };
  } catch {
    const errorEv = s.stream.pending().find((ev) => ev.kind === 'element' && isStreamError(ev.el));
    const condition = s.receivedStreamError ?? (errorEv?.kind === 'element' ? (streamErrorCondition(errorEv.el) ?? '(none)') : undefined);
    return condition !== undefined || s.stream.closed ? { kind: 'ended', condition } : { kind: 'silent' };
  }
}

/**
 * RFC 6120 §11 / §4.9: after bad XML the server sends a stream error with an XML condition, then
 * the closing tag. Reads until the close, EOF or the deadline; the caller drops the connection.
 */
export async function expectBadXmlAnswer(s: Session, reason: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let condition: string | undefined;
  while (Date.now() < deadline) {
    const ev = await s.stream.take(Math.max(1, deadline - Date.now()), 'a stream error').catch(() => undefined);
    if (!ev) break;
    if (ev.kind === 'element' && isStreamError(ev.el)) condition = streamErrorCondition(ev.el) ?? '(none)';
    if (ev.kind === 'close' || ev.kind === 'eof') break;
  }
  if (condition === undefined) throw new ServerFuzzFailure('protocol', `no stream error within ${timeoutMs} ms for ${reason} (RFC 6120 §11)`);
  if (!BAD_XML_CONDITIONS.has(condition))
    throw new ServerFuzzFailure('protocol', `stream error <${condition}/> for ${reason}; RFC 6120 §4.9.3 / §11 name not-well-formed or restricted-xml`);
}

/**
 * RFC 6120 §4.7.1 and §4.9.1.2: the receiving entity answers an initial stream header with its
 * own, even when it then reports a stream error about that header.
 */
export async function expectHeaderAnswer(s: Session, what: string, timeoutMs: number): Promise<XmlElement> {
  const ev = await s.stream.take(timeoutMs, 'a stream header', (e) => e.kind === 'open').catch(() => undefined);
  if (ev?.kind === 'open') return ev.header;
  const how = ev?.kind === 'eof' ? 'the connection was closed' : `nothing within ${timeoutMs} ms`;
  throw new ServerFuzzFailure('protocol', `no stream header in answer to ${what}: ${how} (RFC 6120 §4.7.1, §4.9.1.2)`);
}
