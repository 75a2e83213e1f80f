// RFC 6120 §4.4 (closing), §4.9 (stream errors), §4.6.1 (whitespace), and what a server does
// with stanzas and junk before the stream is authenticated.
import { defineCase } from '../../harness/cases/index.js';
import { NS_STREAMS } from '../../harness/xml/ns.js';
import { checkCondition, clientHeader, expectStreamErrorAndClose, headerThenStreamError, rawOpen } from '../steps.js';

export const notWellFormedMismatch = defineCase({
  id: 'rfc6120/stream/not-well-formed-mismatched-tag',
  title: 'a mismatched end tag gets <not-well-formed/>, then the stream and connection close',
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.9.3.13', level: 'MUST' },
    { rfc: 6120, section: '4.9.1.1', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.9.3.13-not-well-formed', 'rfc6120-4.9.1.1-error-then-close'],
  tags: ['stream-error', 'xml'],
  async run(t) {
    const s = await t.opened();
    s.sendRaw(`<message to='${t.target.domain}'><body>x</message>`);
    checkCondition(t, await expectStreamErrorAndClose(t, s), ['not-well-formed']);
  },
});

export const notWellFormedGarbage = defineCase({
  id: 'rfc6120/stream/not-well-formed-garbage',
  title: "garbage ('<<<>>>&&&') after the header gets <not-well-formed/>",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.3.13', level: 'MUST' }],
  requirements: ['rfc6120-4.9.3.13-not-well-formed'],
  tags: ['stream-error', 'xml'],
  async run(t) {
    const s = await t.opened();
    s.sendRaw('<<<>>>&&&');
    checkCondition(t, await expectStreamErrorAndClose(t, s), ['not-well-formed']);
  },
});

export const garbageBeforeHeader = defineCase({
  id: 'rfc6120/stream/error-before-header',
  title: 'junk instead of a stream header gets a response header, then <not-well-formed/>, then close',
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.9.1.2', level: 'MUST' },
    { rfc: 6120, section: '4.9.3.13', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.9.1.2-header-before-error', 'rfc6120-4.9.3.13-not-well-formed'],
  tags: ['stream-error', 'xml'],
  async run(t) {
    const s = await rawOpen(t, '<<<not xml>>>');
    checkCondition(t, await headerThenStreamError(t, s), ['not-well-formed']);
  },
});

export const unboundPrefixInStanza = defineCase({
  id: 'rfc6120/stream/unbound-prefix-in-stanza',
  title: 'a stanza with an undeclared prefix is rejected as not well-formed',
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.9.3.13', level: 'MUST' },
    { rfc: 6120, section: '4.9.3.2', level: 'MAY' },
  ],
  requirements: ['rfc6120-4.9.3.13-not-well-formed'],
  tags: ['stream-error', 'xml', 'namespace'],
  async run(t) {
    const s = await t.opened();
    s.sendRaw(`<foo:message to='${t.target.domain}'><body>x</body></foo:message>`);
    checkCondition(t, await expectStreamErrorAndClose(t, s), ['not-well-formed', 'bad-namespace-prefix']);
  },
});

export const closeHandshake = defineCase({
  id: 'rfc6120/stream/close-handshake',
  title: 'when the client closes its stream, the server closes its own and ends the TCP connection',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.4', level: 'MUST' }],
  requirements: ['rfc6120-4.4-close-reply'],
  tags: ['close'],
  async run(t) {
    const s = await t.opened();
    s.sendRaw('</stream:stream>');
    const how = await s.expectClose();
    t.check(how === 'close-tag', 'the closing </stream:stream> tag before the connection ends', 'the connection ended without it');
    await s.expectEof();
  },
});

export const closeAfterError = defineCase({
  id: 'rfc6120/stream/close-after-error',
  title: 'after sending a stream error the server closes the stream and the TCP connection',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.1.1', level: 'MUST' }],
  requirements: ['rfc6120-4.9.1.1-error-then-close'],
  tags: ['close', 'stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { to: 'unknown-host.invalid' }));
    await s.expectHeader();
    await s.expectStreamError();
    const how = await s.expectClose();
    t.check(how === 'close-tag', '</stream:stream> after the stream error', 'the connection ended without the closing tag');
    await s.expectEof();
  },
});

export const streamErrorShape = defineCase({
  id: 'rfc6120/stream/error-structure',
  title: 'a stream error has exactly one defined condition, and <text/> only in the streams-error namespace',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.2', level: 'MUST' }],
  requirements: ['rfc6120-4.9.2-error-syntax'],
  tags: ['stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { to: 'unknown-host.invalid' }));
    await s.expectHeader();
    const { el } = await s.expectStreamError();
    const kids = el.children.filter((c) => typeof c === 'object');
    const conditions = kids.filter((c) => typeof c === 'object' && c.ns === 'urn:ietf:params:xml:ns:xmpp-streams' && c.name !== 'text');
    t.check(conditions.length === 1, 'exactly one defined condition', `${conditions.length} condition elements`);
    t.check(el.ns === NS_STREAMS, '<error/> in the streams namespace', el.ns);
  },
});

export const stanzaBeforeAuth = defineCase({
  id: 'rfc6120/stream/stanza-before-auth',
  title: 'an iq sent before authentication is not processed (an error, never a result)',
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.9.3.12', level: 'MUST' },
    { rfc: 6120, section: '6.4.1', level: 'MUST' },
  ],
  requirements: ['rfc6120-6.4.1-no-stanzas-before-auth'],
  tags: ['auth'],
  async run(t) {
    const s = await t.opened();
    s.sendRaw("<iq type='get' id='pre-auth-1'><query xmlns='jabber:iq:roster'/></iq>");
    const ev = await s.nextEvent('an error for the pre-authentication iq');
    if (ev.kind === 'element' && ev.el.name === 'iq') {
      t.check(ev.el.attrs['type'] === 'error', "an iq of type 'error' (or a stream error)", `iq type='${ev.el.attrs['type']}'`);
      t.note('server answered with a stanza error and kept the stream');
      return;
    }
    if (ev.kind === 'element' && ev.el.name === 'error' && ev.el.ns === NS_STREAMS) {
      t.note('server closed the stream with a stream error');
      return;
    }
    if (ev.kind === 'eof' || ev.kind === 'close') {
      t.note('server closed the connection');
      return;
    }
    t.fail('an error, a stream error or the connection closing', ev.kind === 'element' ? `<${ev.el.name}>` : ev.kind);
  },
});

export const whitespaceKeepalive = defineCase({
  id: 'rfc6120/stream/whitespace-keepalive',
  title: 'whitespace between top-level elements is accepted (keepalives)',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.6.1', level: 'MUST' }],
  requirements: ['rfc6120-4.6.1-whitespace-keepalive'],
  tags: ['keepalive'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await t.login(0);
    s.sendRaw(' \n \t ');
    s.sendRaw(' ');
    const id = t.id();
    s.sendRaw(`<iq type='get' id='${id}' to='${t.target.domain}'><ping xmlns='urn:xmpp:ping'/></iq>`);
    const res = await s.next({ what: `the answer to ping ${id}` });
    t.check(res.name === 'iq' && res.attrs['id'] === id, `the answer to iq '${id}'`, `<${res.name} id='${res.attrs['id'] ?? ''}'>`);
  },
});

export const unsupportedStanzaType = defineCase({
  id: 'rfc6120/stream/unsupported-stanza-type',
  title: 'an unknown top-level element after authentication gets <unsupported-stanza-type/>',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.3.24', level: 'MUST' }],
  requirements: ['rfc6120-4.9.3.24-unsupported-stanza-type'],
  tags: ['stream-error'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await t.login(0);
    s.sendRaw("<foo xmlns='urn:example:unknown'/>");
    checkCondition(t, await expectStreamErrorAndClose(t, s), ['unsupported-stanza-type']);
  },
});
