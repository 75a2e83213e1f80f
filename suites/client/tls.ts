// STARTTLS from the client's side (RFC 6120 §5, RFC 7590): it negotiates TLS when offered, never
// goes on in the clear once TLS fails, and refuses certificates that do not prove the domain
// (RFC 6120 §13.7.2, RFC 6125 §6, RFC 7590 §3.4).
import { defineClientCase, mechanismsFeature, starttlsFeature, type CertKind, type ClientCaseContext } from '../../harness/serve/index.js';
import { NS_TLS, STREAM_CLOSE } from '../../harness/xml/index.js';
import type { SpecRef } from '../../harness/spec.js';
import { short } from './steps.js';

export const starttlsRequired = defineClientCase({
  id: 'rfc6120/client/starttls-required',
  title: 'the client negotiates STARTTLS when the server offers it as required',
  refs: [{ rfc: 6120, section: '5.3.1', level: 'MUST' }],
  requirements: [
    'rfc6120-5.3.1-tls-mandatory-to-negotiate',
    'rfc6120-4.3.2-negotiate-mandatory-features',
    'rfc6120-5.2-tls-support',
    'rfc7590-3.1-starttls-mandatory',
  ],
  tags: ['tls', 'starttls'],
  async play(t) {
    const c = await t.accept();
    await c.readHeader();
    c.sendHeader();
    c.sendFeatures(starttlsFeature(true));
    const first = await c.next('<starttls/>');
    t.check(first.name === 'starttls' && first.ns === NS_TLS, '<starttls/> as the first thing after the features', short(first));
    const r = await c.proceedTls('good');
    t.check(r.ok, 'a completed TLS handshake with a certificate from the trusted CA', r.ok ? '' : r.error, { rfc: 6120, section: '5.4.3.1', level: 'MUST' });
  },
});

export const starttlsOptional = defineClientCase({
  id: 'rfc7590/client/starttls-offered',
  title: 'the client uses STARTTLS when it is offered, even if not required, before authenticating',
  refs: [
    { rfc: 7590, section: '3.1', level: 'SHOULD' },
    { rfc: 6120, section: '5.2', level: 'SHOULD' },
  ],
  requirements: ['rfc7590-3.1-attempt-tls', 'rfc6120-5.2-use-tls-before-sasl', 'rfc6120-5.3.4-tls-before-sasl'],
  tags: ['tls', 'starttls'],
  async play(t) {
    const c = await t.accept();
    await c.readHeader();
    c.sendHeader();
    c.sendFeatures(starttlsFeature(false), mechanismsFeature(['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN']));
    const first = await c.next('<starttls/>');
    t.check(first.name === 'starttls' && first.ns === NS_TLS, '<starttls/> before any SASL', short(first));
  },
});

export const tlsFailureStops = defineClientCase({
  id: 'rfc6120/client/tls-failure-stops',
  title: 'when the TLS handshake after <proceed/> fails, the client does not go on in the clear',
  refs: [
    { rfc: 6120, section: '5.3.1', level: 'MUST' },
    { rfc: 6120, section: '5.4.3.1', level: 'MUST NOT' },
  ],
  requirements: ['rfc6120-5.3.1-tls-mandatory-to-negotiate', 'rfc6120-5.4.3.1-no-xml-during-tls', 'rfc6120-5.4.2.3-client-tls-begins-after-proceed'],
  tags: ['tls', 'starttls', 'failure'],
  async play(t) {
    const c = await t.accept();
    await c.readHeader();
    c.sendHeader();
    c.sendFeatures(starttlsFeature(true));
    const first = await c.next('<starttls/>');
    // starttls-required judges a client that does not start TLS; this case needs one that does
    if (first.name !== 'starttls' || first.ns !== NS_TLS)
      t.skip(`the client did not start TLS (sent ${short(first)}), so a failed handshake cannot be staged; see starttls-required`);
    c.sendRaw(`<proceed xmlns='${NS_TLS}'/>`);
    // Instead of a TLS handshake the client gets XML, as from a broken or hostile middlebox.
    c.stream.restart();
    c.sendRaw(
      `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>${STREAM_CLOSE}`,
    );
    const until = Date.now() + t.timeout;
    for (;;) {
      const ev = await c.nextEvent(until - Date.now());
      if (!ev || ev.kind === 'eof' || ev.kind === 'xml-error' || ev.kind === 'close') return;
      // RFC 6120 §5.4.3.1: only TLS may follow <proceed/>; a header or stanza here is XMPP in the clear
      t.fail(
        'a TLS handshake or the end of the connection after <proceed/>',
        ev.kind === 'open' ? 'a new stream header in the clear' : `${short(ev.el)} in the clear`,
        t.refs[1],
      );
    }
  },
});

/** Presents a bad certificate; the client must not go on to XMPP over that TLS session. */
async function rejectsCert(t: ClientCaseContext, kind: CertKind, ref: SpecRef): Promise<void> {
  const c = await t.accept();
  await c.readHeader();
  c.sendHeader();
  c.sendFeatures(starttlsFeature(true));
  const first = await c.next('<starttls/>');
  if (first.name !== 'starttls' || first.ns !== NS_TLS) t.skip(`the client did not start TLS (sent ${short(first)}), so its certificate check cannot be seen`);
  const r = await c.proceedTls(kind);
  if (!r.ok) {
    t.note(`the client refused the handshake: ${r.error}`);
    return;
  }
  // Some clients finish the handshake and then hang up: that is a refusal too. A header is not.
  const ev = await c.nextEvent(t.timeout);
  if (!ev || ev.kind !== 'open') {
    t.note(`the client completed the handshake, then ${ev ? (ev.kind === 'element' ? short(ev.el) : ev.kind) : 'went silent'}`);
    if (ev?.kind === 'element') t.fail('no XMPP traffic over a TLS session whose certificate does not verify', short(ev.el), ref);
    return;
  }
  t.fail(`the ${kind} certificate refused`, 'the client accepted it and sent a new stream header over that TLS session', ref);
}

export const certWrongName = defineClientCase({
  id: 'rfc6120/client/cert-wrong-name',
  title: 'the client refuses a CA-signed certificate for another name',
  refs: [
    { rfc: 6120, section: '5.4.3.1', level: 'MUST' },
    { rfc: 6125, section: '6.6.4', level: 'MUST' },
    { rfc: 7590, section: '3.4', level: 'MUST' },
  ],
  requirements: [
    'rfc6120-5.4.3.1-validate-server-cert',
    'rfc6125-6.6.4-no-match-terminate',
    'rfc7590-3.4-clients-authenticate-servers',
    'rfc6120-4.7.1-verify-peer-identity',
  ],
  tags: ['tls', 'certificate'],
  play: (t) => rejectsCert(t, 'wrong-name', { rfc: 6125, section: '6.6.4', level: 'MUST' }),
});

export const certUntrusted = defineClientCase({
  id: 'rfc6120/client/cert-untrusted',
  title: 'the client refuses a self-signed certificate for its domain that no trusted CA issued',
  refs: [
    { rfc: 6120, section: '5.4.3.1', level: 'MUST' },
    { rfc: 7590, section: '3.4', level: 'MUST' },
  ],
  requirements: ['rfc6120-5.4.3.1-validate-server-cert', 'rfc7590-3.4-clients-authenticate-servers'],
  tags: ['tls', 'certificate'],
  play: (t) => rejectsCert(t, 'untrusted', { rfc: 6120, section: '5.4.3.1', level: 'MUST' }),
});

export const certExpired = defineClientCase({
  id: 'rfc6120/client/cert-expired',
  title: 'the client refuses a certificate from the trusted CA whose validity period has ended',
  refs: [
    { rfc: 6120, section: '5.4.3.1', level: 'MUST' },
    { rfc: 7590, section: '3.4', level: 'MUST' },
  ],
  requirements: ['rfc6120-5.4.3.1-validate-server-cert', 'rfc7590-3.4-clients-authenticate-servers'],
  tags: ['tls', 'certificate'],
  play: (t) => rejectsCert(t, 'expired', { rfc: 6120, section: '5.4.3.1', level: 'MUST' }),
});

export const TLS_CASES = [starttlsRequired, starttlsOptional, tlsFailureStops, certWrongName, certUntrusted, certExpired];
