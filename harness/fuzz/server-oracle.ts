// The protocol oracle shared by both `fuzz server` stages: what a server must send back when a
// sequence hands it bad input, and the error that marks a finding (anything else a sequence
// throws is the harness's own trouble, not the server's).
import type { Session } from '../session/index.js';
import type { XmlElement } from '../xml/index.js';
import { isStreamError, streamErrorCondition } from '../session/index.js';

export class ServerFuzzFailure extends Error {
  constructor(
    readonly kind: 'liveness' | 'protocol',
    message: string,
  ) {
    super(message);
  }
}

/** The stream error conditions RFC 6120 allows for malformed or restricted XML. */
export const BAD_XML_CONDITIONS = new Set(['not-well-formed', 'restricted-xml', 'bad-format', 'invalid-xml', 'unsupported-encoding', 'bad-namespace-prefix', 'policy-violation', 'invalid-namespace']);

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
  if (!BAD_XML_CONDITIONS.has(condition)) throw new ServerFuzzFailure('protocol', `stream error <${condition}/> for ${reason}; RFC 6120 §4.9.3 / §11 name not-well-formed or restricted-xml`);
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
