// How the server treats TLS at the XMPP layer: STARTTLS offered and required (RFC 6120 §5.3.1,
// §5.4.1), what it offers before and after TLS, and what it does when a client skips STARTTLS and
// tries to authenticate anyway.
import { randomBytes } from 'node:crypto';
import { HarnessError } from '../errors.js';
import { XmppStream } from '../stream/index.js';
import { offersStarttls, saslMechanisms, starttlsRequired } from '../session/index.js';
import { el, NS_SASL, NS_STREAM_ERRORS, NS_STREAMS, NS_TLS } from '../xml/index.js';
import { children, type XmlElement } from '../xml/index.js';
import { channelBindingReport } from './channel-binding.js';
import { SocketTransport } from '../transport/index.js';
import { connectAndHandshake, eventText, openStream, type ProbeTarget } from './connection.js';
import type { AuthWithoutTlsOutcome, ChannelBindingReport, StartTlsReport } from './types.js';

/** Feature names for the report: "starttls(required)", "mechanisms", "register", … */
export function featureNames(features: XmlElement): string[] {
  return children(features).map((f) => (f.name === 'starttls' && f.ns === NS_TLS ? (starttlsRequired(features) ? 'starttls(required)' : 'starttls') : f.name));
}

export interface BehaviourResult {
  readonly starttls: StartTlsReport;
  readonly channelBinding?: ChannelBindingReport;
}

/** Features after TLS, read over a fresh connection with default TLS parameters. */
async function afterTls(target: ProbeTarget): Promise<{ before?: XmlElement; after: XmlElement; alpn: string | null; cb: ChannelBindingReport } | string> {
  const c = await connectAndHandshake(target, {});
  if (!('transport' in c)) return `${c.stage}: ${c.error}`;
  try {
    // RFC 6120 §5.4.3.3: after the handshake the client opens a new stream; direct TLS starts with one.
    c.stream.restart();
    const after = await openStream(c.stream, target.domain, target.timeoutMs);
    const cb = channelBindingReport(after, saslMechanisms(after), c.transport.tlsSocket);
    return { ...(c.featuresBeforeTls ? { before: c.featuresBeforeTls } : {}), after, alpn: c.result.ok ? c.result.alpn : null, cb };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    c.transport.destroy();
  }
}

function scramClientFirst(): string {
  // RFC 5802 §5.1: gs2-header "n,," then n=user,r=nonce; no secret is involved.
  return Buffer.from(`n,,n=xct-probe,r=${randomBytes(12).toString('base64')}`).toString('base64');
}

/**
 * Skips STARTTLS and sends <auth/>: SCRAM's first message when SCRAM is offered (it carries no secret),
 * else PLAIN for a random, nonexistent account. Classifies the first answer.
 */
async function authWithoutTls(target: ProbeTarget, features: XmlElement, stream: XmppStream): Promise<NonNullable<StartTlsReport['authWithoutTls']>> {
  const offered = saslMechanisms(features);
  const scram = offered.find((m) => /^SCRAM-SHA-[0-9]+$/.test(m));
  const mechanism = scram ?? 'PLAIN';
  const payload = scram
    ? scramClientFirst()
    : Buffer.from(`\0xct-probe-${randomBytes(4).toString('hex')}\0${randomBytes(9).toString('base64')}`).toString('base64');
  stream.send(el('auth', { xmlns: NS_SASL, mechanism }, payload));
  let outcome: AuthWithoutTlsOutcome;
  let detail: string;
  try {
    const ev = await stream.take(target.timeoutMs, 'the answer to <auth/>');
    if (ev.kind === 'element') {
      const first = children(ev.el)[0];
      if (ev.el.ns === NS_SASL && ev.el.name === 'failure') {
        outcome = 'sasl-failure';
        detail = `<failure><${first?.name ?? ''}/></failure>`;
      } else if (ev.el.ns === NS_SASL && ev.el.name === 'challenge') {
        outcome = 'challenge';
        detail = '<challenge/>: the server went on with SASL in the clear';
      } else if (ev.el.ns === NS_SASL && ev.el.name === 'success') {
        outcome = 'success';
        detail = '<success/>';
      } else if (ev.el.ns === NS_STREAMS && ev.el.name === 'error') {
        outcome = 'stream-error';
        detail = `<stream:error><${children(ev.el).find((c) => c.ns === NS_STREAM_ERRORS)?.name ?? '?'}/></stream:error>`;
      } else {
        outcome = 'other';
        detail = eventText(ev);
      }
    } else if (ev.kind === 'close' || ev.kind === 'eof') {
      outcome = 'closed';
      detail = eventText(ev);
    } else {
      outcome = 'other';
      detail = eventText(ev);
    }
  } catch (e) {
    outcome = 'timeout';
    detail = e instanceof Error ? e.message : String(e);
  }
  return { mechanism, outcome, detail };
}

export async function probeBehaviour(target: ProbeTarget): Promise<BehaviourResult> {
  if (target.mode === 'direct-tls') {
    const r = await afterTls(target);
    if (typeof r === 'string') return { starttls: { mode: 'direct-tls', featuresAfterTls: [], mechanismsAfterTls: [], error: r } };
    return {
      starttls: { mode: 'direct-tls', featuresAfterTls: featureNames(r.after), mechanismsAfterTls: saslMechanisms(r.after), alpn: r.alpn },
      channelBinding: r.cb,
    };
  }
  // Connection 1: the features of a plain stream, then <auth/> without STARTTLS.
  const transport = await SocketTransport.connectTcp(target.endpoint, target.timeoutMs);
  const stream = new XmppStream(transport);
  let before: XmlElement;
  let auth: StartTlsReport['authWithoutTls'];
  try {
    before = await openStream(stream, target.domain, target.timeoutMs);
    auth = await authWithoutTls(target, before, stream);
  } catch (e) {
    throw new HarnessError('TLS', `reading the stream features before TLS failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    transport.destroy();
  }
  const offered = offersStarttls(before);
  const names = featureNames(before);
  // RFC 6120 §5.3.1: TLS is mandatory-to-negotiate with <required/>, or when STARTTLS is the only feature.
  const required = offered && (starttlsRequired(before) || names.length === 1);
  const base = {
    mode: 'starttls' as const,
    offered,
    required,
    featuresBeforeTls: names,
    mechanismsBeforeTls: saslMechanisms(before),
    ...(auth ? { authWithoutTls: auth } : {}),
  };
  if (!offered) return { starttls: { ...base, featuresAfterTls: [], mechanismsAfterTls: [], error: 'STARTTLS is not offered' } };
  // Connection 2: STARTTLS, then the features after TLS.
  const r = await afterTls(target);
  if (typeof r === 'string') return { starttls: { ...base, featuresAfterTls: [], mechanismsAfterTls: [], error: r } };
  return {
    starttls: { ...base, featuresAfterTls: featureNames(r.after), mechanismsAfterTls: saslMechanisms(r.after) },
    channelBinding: r.cb,
  };
}
