// Stream-level behaviour of the client (RFC 6120 §4): closing and stream errors, see-other-host,
// whitespace keepalives, arbitrary TCP segmentation, and features in any order or unknown.
import { defineClientCase, unknownFeature, type ClientCaseContext } from '../../harness/serve/index.js';
import { el } from '../../harness/xml/index.js';
import { answeredProbe, describeEnd, loggedIn, probeAnswered, short } from './steps.js';

export const streamErrorCloses = defineClientCase({
  id: 'rfc6120/client/stream-error-closes',
  title: 'after a stream error from the server the client closes its side and sends nothing more',
  refs: [{ rfc: 6120, section: '4.9.1.1', level: 'MUST' }],
  requirements: ['rfc6120-4.9.1.1-receiver-closes-after-error', 'rfc6120-4.4-no-data-after-close'],
  tags: ['stream', 'stream-error'],
  async play(t) {
    const { c } = await loggedIn(t);
    c.sendStreamError('system-shutdown');
    const r = await c.endsWithin(t.timeout);
    t.check(r.seen.length === 0, 'no stanzas after the stream error', r.seen.map(short).join(', '));
    t.check(r.ended, 'the client to close the stream or the connection', r.how ?? 'it kept the stream open');
    if (r.how !== 'closing </stream:stream> tag') return;
    // §4.4: after its closing tag the client sends nothing more; our own closing tag ends the
    // exchange, and anything before the connection ends is data after the close.
    c.closeStream();
    const after = await c.nextEvent(t.timeout);
    const what = !after || after.kind === 'eof' ? undefined : after.kind === 'element' ? short(after.el) : after.kind;
    t.check(what === undefined, 'nothing after the closing tag', () => `${what ?? ''} after the client's </stream:stream>`, {
      rfc: 6120,
      section: '4.4',
      level: 'MUST NOT',
    });
  },
});

export const closeReply = defineClientCase({
  id: 'rfc6120/client/close-reply',
  title: "the client answers the server's closing </stream:stream> with its own closing tag",
  refs: [{ rfc: 6120, section: '4.4', level: 'MUST' }],
  requirements: ['rfc6120-4.4-close-reply'],
  tags: ['stream', 'close'],
  async play(t) {
    const { c } = await loggedIn(t);
    c.closeStream();
    const r = await c.endsWithin(t.timeout);
    t.check(r.how === 'closing </stream:stream> tag', 'a closing </stream:stream> tag in reply', r.how ?? 'nothing: the stream stayed open');
  },
});

/** Logs in, redirects to a second port of ours, and returns the redirected connection (or skips/fails). */
async function redirected(t: ClientCaseContext) {
  const { c } = await loggedIn(t);
  const port = await t.otherPort();
  // RFC 6120 §4.9.3.19: the character data names the other host, an IP literal here, and its port
  c.sendStreamError('see-other-host', [], `127.0.0.1:${port}`);
  try {
    return await t.acceptOther(t.timeout * 2);
  } catch {
    return undefined;
  }
}

export const seeOtherHost = defineClientCase({
  id: 'rfc6120/client/see-other-host-reconnect',
  title: 'after <see-other-host/> naming another port the client reconnects there',
  refs: [{ rfc: 6120, section: '4.9.3.19', level: 'SHOULD' }],
  requirements: ['rfc6120-4.9.3.19-reconnect-same-host'],
  tags: ['stream', 'stream-error', 'redirect'],
  async play(t) {
    const other = await redirected(t);
    t.check(other !== undefined, 'a new connection to the host and port given in <see-other-host/>', 'none');
    await other!.readHeader('an initial stream header on the redirected connection');
  },
});

export const seeOtherHostTo = defineClientCase({
  id: 'rfc6120/client/see-other-host-same-to',
  title: "following <see-other-host/>, the client keeps the original domain in 'to' and its TLS policy",
  refs: [{ rfc: 6120, section: '4.9.3.19', level: 'MUST' }],
  requirements: ['rfc6120-4.9.3.19-redirect-same-to'],
  tags: ['stream', 'stream-error', 'redirect'],
  async play(t) {
    const other = await redirected(t);
    if (!other) return t.skip('the client did not follow the redirect (see see-other-host-reconnect)');
    const h = await other.readHeader('an initial stream header on the redirected connection');
    t.check(h.attrs['to']?.toLowerCase() === t.domain, `to='${t.domain}' on the redirected stream`, `to=${JSON.stringify(h.attrs['to'] ?? null)}`);
    other.unreadHeader(h);
    // only up to the SASL offer: whether the login then completes is not this rule's concern
    const rec = await other.untilSasl({ tls: 'optional' });
    t.check(rec.secured, 'STARTTLS on the redirected stream, as on the first one', 'the client went on without TLS');
  },
});

export const whitespaceKeepalive = defineClientCase({
  id: 'rfc6120/client/whitespace-keepalive',
  title: 'the client tolerates whitespace keepalives between top-level elements',
  refs: [{ rfc: 6120, section: '4.6.1', level: 'MAY' }],
  requirements: ['rfc6120-4.6.1-whitespace-keepalive'],
  tags: ['stream', 'keepalive'],
  async play(t) {
    const { c } = await loggedIn(t);
    // first find something the client answers on a plain stream, so that silence after the
    // keepalives means the keepalives, not a probe the client never answers
    const probe = await t.step('liveness probe before the keepalives', () => answeredProbe(t, c));
    if (!probe) {
      return t.skip(
        `the client answered neither a ping (XEP-0199) nor a roster push (RFC 6121 §2.1.6) on a stream without keepalives, so its liveness after them cannot be seen`,
      );
    }
    // RFC 6120 §4.6.1: whitespace between top-level elements, and before each of our stanzas
    for (let i = 0; i < 3; i++) c.sendRaw(' ');
    c.whitespace = true;
    const after = await t.step('the same probe after the keepalives', () => probeAnswered(t, c, probe));
    if (after.ended) t.fail('the stream to stay open after whitespace keepalives', describeEnd(after.ended));
    t.check(after.answered, `an answer to a ${probe} after whitespace keepalives, as before them`, 'none');
    const { ended } = await c.serve(300);
    if (ended) t.fail('the stream to stay open after whitespace keepalives', describeEnd(ended));
    t.note(`liveness probed with a ${probe}`);
  },
});

export const splitReads = defineClientCase({
  id: 'rfc6120/client/split-tcp-reads',
  title: 'the client parses our stream however TCP cuts it (7-byte segments of XML before STARTTLS, of TLS ciphertext after)',
  refs: [{ rfc: 6120, section: '4.3.2', level: 'MUST' }],
  requirements: ['rfc6120-4.3.2-negotiate-mandatory-features'],
  tags: ['stream', 'framing'],
  async play(t) {
    // the whole login goes through the cut stream: completing it is what shows the parsing works.
    // Our deadlines count from our last segment, so the slowness of the cutting is never the client's.
    const { c } = await loggedIn(t, { splitWrites: 7 }, { judgeLogin: true });
    const probe = await t.step('a probe through the cut stream', () => answeredProbe(t, c));
    const { ended } = await c.serve(300);
    if (ended) t.fail('the stream to stay open after a login cut into 7-byte segments', describeEnd(ended));
    t.note(probe ? `it also answered a ${probe} sent in 7-byte segments` : 'it answered no ping or roster push; judged on the login alone');
  },
});

export const featureOrder = defineClientCase({
  id: 'rfc6120/client/feature-order',
  title: 'the client negotiates mandatory features wherever they stand in <stream:features/>',
  refs: [{ rfc: 6120, section: '4.3.2', level: 'MUST' }],
  requirements: ['rfc6120-4.3.2-negotiate-mandatory-features'],
  tags: ['stream', 'features'],
  async play(t) {
    // a foreign feature first in every list, so <starttls/>, <mechanisms/> and <bind/> each come
    // after one the client does not know (each stage offers one usual feature here, so reversing
    // them changes nothing; it matters where a stage offers several). No -PLUS mechanism, so that
    // the case turns on order alone and not on channel binding (the scram-*-plus cases judge it).
    const caps = el('c', { xmlns: 'http://jabber.org/protocol/caps', hash: 'sha-1', node: 'urn:example', ver: 'x' });
    const rec = await loggedIn(t, { reverseFeatures: true, extraFeatures: [caps] }, { judgeLogin: true });
    t.check(rec.rec.secured, 'STARTTLS negotiated though it was not the first feature', 'no STARTTLS');
  },
});

export const unknownFeatureIgnored = defineClientCase({
  id: 'rfc6120/client/unknown-feature-ignored',
  title: 'the client passes over a stream feature it does not know and logs in',
  refs: [{ rfc: 6120, section: '4.3.2', level: 'MUST' }],
  requirements: ['rfc6120-4.3.2-negotiate-mandatory-features', 'rfc6120-11.4-client-ignore-nonconformant'],
  tags: ['stream', 'features', 'extensibility'],
  async play(t) {
    await loggedIn(t, { extraFeatures: [unknownFeature()] }, { judgeLogin: true });
  },
});

export const STREAM_CASES = [streamErrorCloses, closeReply, seeOtherHost, seeOtherHostTo, whitespaceKeepalive, splitReads, featureOrder, unknownFeatureIgnored];
