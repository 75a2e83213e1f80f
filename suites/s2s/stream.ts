// RFC 6120 §4.7-§4.8 on the target's server-to-server port, with the harness as the initiating
// server: the response header's namespace and addressing.
import { checkAttr } from './steps.js';
import { defineCase } from '../../harness/cases/index.js';
import { describe, el, NS_SERVER, type XmlElement } from '../../harness/xml/index.js';
import { isStreamError, offersStarttls, starttlsRequired } from '../../harness/session/index.js';

export const s2sContentNamespace = defineCase({
  id: 'rfc6120/s2s/jabber-server-namespace',
  title: "a server-to-server stream in 'jabber:server' is answered in 'jabber:server' and goes on to stream features",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.3', level: 'MUST' }],
  requirements: ['rfc6120-4.8.3-server-supports-jabber-server'],
  tags: ['s2s', 'stream-header', 'namespace'],
  async run(t) {
    const s2s = t.s2s();
    // opened() reads the stream features, so a refusal (a stream error, a close) fails here
    const s = await s2s.opened();
    const declared = s.headerDeclarations[''];
    t.check(
      declared === NS_SERVER,
      `a response header declaring the default namespace '${NS_SERVER}'`,
      declared === undefined ? 'no default namespace declared' : `'${declared}'`,
    );
  },
});

export const s2sResponseTo = defineCase({
  id: 'rfc6120/s2s/response-to-is-initiator',
  title: "after TLS, the response header's 'to' is the domain the harness put in 'from'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.2', level: 'MUST' }],
  requirements: ['rfc6120-4.7.2-s2s-response-to'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const s2s = t.s2s();
    const s = await s2s.secured();
    checkAttr(t, s.header, 'to', s2s.localDomain, { ignoreCase: true, expected: `to='${s2s.localDomain}' on the response header after STARTTLS` });
  },
});

export const s2sResponseId = defineCase({
  id: 'rfc6120/s2s/response-id',
  title: "the response header on a server-to-server stream carries a stream 'id'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.3', level: 'MUST' }],
  requirements: ['rfc6120-4.7.3-response-id'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const s = await t.s2s().opened();
    const id = s.header?.attrs['id'];
    t.check(id !== undefined && id !== '', "a non-empty 'id' on the response header", id === undefined ? "no 'id'" : "id=''");
  },
});

export const s2sRestartNewId = defineCase({
  id: 'rfc6120/s2s/restart-new-stream-id',
  title: 'after STARTTLS the restarted server-to-server stream gets a new stream id',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.3.3', level: 'MUST' }],
  requirements: ['rfc6120-4.3.3-restart-new-stream-id'],
  tags: ['s2s', 'stream-header', 'tls'],
  async run(t) {
    const s2s = t.s2s();
    const s = await s2s.opened();
    const before = s.header?.attrs['id'];
    if (!s.features || !offersStarttls(s.features)) t.skip('the target offers no STARTTLS on its server-to-server port (see rfc6120/s2s/starttls-offered)');
    await s.starttls();
    const after = s.header?.attrs['id'];
    t.check(after !== undefined && after !== before, `a stream id other than '${before ?? ''}'`, after === undefined ? "no 'id'" : `'${after}'`);
  },
});

export const s2sResponseFrom = defineCase({
  id: 'rfc6120/s2s/response-from',
  title: "the response header on a server-to-server stream names the target's domain in 'from'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.1', level: 'MUST' }],
  requirements: ['rfc6120-4.7.1-response-from'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const s2s = t.s2s();
    const s = await s2s.opened();
    checkAttr(t, s.header, 'from', s2s.targetDomain, { ignoreCase: true });
  },
});

export const s2sResponseVersion = defineCase({
  id: 'rfc6120/s2s/response-version',
  title: "the response header on a server-to-server stream answers version='1.0' to version='1.0'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-version-response'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const s = await t.s2s().opened();
    checkAttr(t, s.header, 'version', '1.0');
  },
});

export const s2sHeaderHostUnknown = defineCase({
  id: 'rfc6120/s2s/header-to-unserved-domain',
  title: "a server-to-server stream header whose 'to' is a domain the target does not serve gets <host-unknown/>",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.3.6', level: 'MUST' }],
  requirements: ['rfc6120-4.9.3.6-host-unknown'],
  tags: ['s2s', 'stream-header', 'stream-error'],
  async run(t) {
    const s2s = t.s2s();
    const s = await s2s.connect();
    await s.open({ to: `not-served.${s2s.targetDomain}` });
    const { condition } = await s.expectStreamError();
    t.check(condition === 'host-unknown', 'stream error <host-unknown/>', `<${condition}/>`);
  },
});

export const s2sStarttlsOffered = defineCase({
  id: 'rfc6120/s2s/starttls-offered',
  title: 'the server-to-server port offers STARTTLS in its first stream features',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '5.2', level: 'MUST' }],
  requirements: ['rfc6120-5.2-tls-support'],
  tags: ['s2s', 'tls'],
  async run(t) {
    const s = await t.s2s().opened();
    // direct TLS (XEP-0368) has TLS already: nothing to offer
    if (s.secure) t.skip('the s2s target is direct TLS; STARTTLS is for the xmpp:// port');
    t.check(s.features !== undefined && offersStarttls(s.features), '<starttls/> among the stream features', describe(s.features ?? el('none')));
  },
});

export const s2sFeaturesAfterRestart = defineCase({
  id: 'rfc6120/s2s/features-after-tls',
  title: 'after STARTTLS the restarted server-to-server stream gets new stream features',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.3.4', level: 'MUST' }],
  requirements: ['rfc6120-4.3.4-resend-features'],
  tags: ['s2s', 'stream-features', 'tls'],
  async run(t) {
    // secured() restarts and reads the features: a restart without them fails there
    const s = await t.s2s().secured();
    t.check(s.features !== undefined, 'stream features after the restart', 'none');
  },
});

export const s2sCloseReply = defineCase({
  id: 'rfc6120/s2s/close-reply',
  title: 'the target answers the harness closing an authenticated server-to-server stream with its own closing tag',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.4', level: 'MUST' }],
  requirements: ['rfc6120-4.4-close-reply'],
  tags: ['s2s', 'close'],
  async run(t) {
    const s = await t.s2s().authenticated();
    s.sendRaw('</stream:stream>');
    const how = await s.expectClose();
    t.check(how === 'close-tag', '</stream:stream> from the target', 'the connection closed without it');
  },
});

export const s2sResponseLang = defineCase({
  id: 'rfc6120/s2s/response-xml-lang',
  title: "the response header on a server-to-server stream carries 'xml:lang'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.4', level: 'MUST' }],
  requirements: ['rfc6120-4.7.4-response-xml-lang'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const s = await t.s2s().opened();
    const lang = s.header?.attrs['xml:lang'];
    t.check(lang !== undefined && lang !== '', "an 'xml:lang' on the response header", lang === undefined ? "no 'xml:lang'" : "xml:lang=''");
  },
});

export const s2sTlsMandatory = defineCase({
  id: 'rfc6120/s2s/sasl-before-required-tls-refused',
  title: 'SASL EXTERNAL asked for before the STARTTLS the target requires does not succeed',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '5.3.1', level: 'MUST' }],
  requirements: ['rfc6120-5.3.1-tls-mandatory-to-negotiate'],
  tags: ['s2s', 'tls', 'sasl'],
  async run(t) {
    const s2s = t.s2s();
    const s = await s2s.opened();
    if (s.secure) t.skip('the s2s target is direct TLS: there is no STARTTLS to skip');
    if (!s.features || !starttlsRequired(s.features)) t.skip('the target does not mark STARTTLS required on its server-to-server port');
    const answer = await s2s.external(s).catch((e: unknown) => e);
    if (answer instanceof Error) {
      t.note(`the target ended the stream: ${answer.message.slice(0, 120)}`);
      return;
    }
    const a = answer as XmlElement;
    t.check(a.name !== 'success', 'no <success/> before TLS', describe(a));
    t.note(`answered ${describe(a).slice(0, 120)}`);
  },
});

export const s2sWrongStreamNs = defineCase({
  id: 'rfc6120/s2s/wrong-stream-namespace',
  title: 'a server-to-server stream header in another namespace than the streams namespace is refused with a stream error',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.1', level: 'MUST' }],
  requirements: ['rfc6120-4.8.1-wrong-stream-namespace-close'],
  tags: ['s2s', 'stream-header', 'namespace'],
  async run(t) {
    const s2s = t.s2s();
    const s = await s2s.connect();
    s.sendRaw(
      `<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='urn:example:not-streams' from='${s2s.localDomain}' to='${s2s.targetDomain}' version='1.0'>`,
    );
    const ev = await s.nextEvent('a stream error');
    // a response header may come first (RFC 6120 §4.9.1.2), then the error
    const next = ev.kind === 'open' ? await s.nextEvent('a stream error') : ev;
    t.check(next.kind === 'element' && isStreamError(next.el), 'a stream error', next.kind === 'element' ? describe(next.el) : next.kind);
  },
});
