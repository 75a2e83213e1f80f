// RFC 6120 §4.4 (closing), §4.9 (stream errors), §4.6.1 (whitespace), and what a server does
// with stanzas and junk before the stream is authenticated.
import { defineCase } from '../../harness/cases/index.js';
import { NS_STREAMS } from '../../harness/xml/index.js';
import { checkCondition, clientHeader, errorOf, expectStreamErrorAndClose, headerThenStreamError, noteCondition, rawOpen } from '../steps.js';
import { isStreamError, streamErrorCondition } from '../../harness/session/index.js';

export const notWellFormedMismatch = defineCase({
  id: 'rfc6120/stream/not-well-formed-mismatched-tag',
  title: 'a mismatched end tag gets <not-well-formed/>, then the stream and connection close',
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '11.3', level: 'MUST' },
    { rfc: 6120, section: '4.9.1.1', level: 'MUST' },
  ],
  requirements: ['rfc6120-11.3-not-well-formed', 'rfc6120-4.9.1.1-error-then-close'],
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
  refs: [{ rfc: 6120, section: '11.3', level: 'MUST' }],
  requirements: ['rfc6120-11.3-not-well-formed'],
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
    { rfc: 6120, section: '11.3', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.9.1.2-header-before-error', 'rfc6120-11.3-not-well-formed'],
  tags: ['stream-error', 'xml'],
  async run(t) {
    const s = await rawOpen(t, '<<<not xml>>>');
    checkCondition(t, await headerThenStreamError(t, s), ['not-well-formed']);
  },
});

export const unboundPrefixInStanza = defineCase({
  id: 'rfc6120/stream/unbound-prefix-in-stanza',
  title: 'a stanza with an undeclared prefix gets <not-well-formed/> (or a <not-acceptable/> stanza error)',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.3', level: 'MUST' }],
  // Not listed: rfc6120-11.3-no-route-not-ns-well-formed (the stanza goes to the server itself before authentication, so whether it would be routed cannot be seen).
  requirements: ['rfc6120-11.3-not-namespace-well-formed'],
  tags: ['stream-error', 'xml', 'namespace'],
  async run(t) {
    // §11.3: data that is not namespace-well-formed gets either a <not-acceptable/> stanza error
    // or (preferably) a <not-well-formed/> stream error; §4.8.5 adds <bad-namespace-prefix/>.
    const s = await t.opened();
    s.sendRaw(`<foo:message to='${t.target.domain}'><body>x</body></foo:message>`);
    const ev = await s.nextEvent('a stream error or a stanza error');
    if (ev.kind === 'element' && isStreamError(ev.el)) {
      checkCondition(t, streamErrorCondition(ev.el) ?? '(none)', ['not-well-formed', 'bad-namespace-prefix']);
      return;
    }
    if (ev.kind === 'element' && ev.el.attrs['type'] === 'error') {
      const { condition } = errorOf(t, ev.el);
      t.check(condition === 'not-acceptable', 'a <not-acceptable/> stanza error', `<${condition ?? 'no condition'}/>`);
      t.note('server answered with a <not-acceptable/> stanza error');
      return;
    }
    t.fail('<not-well-formed/> or a <not-acceptable/> stanza error', ev.kind === 'element' ? `<${ev.el.name}>` : ev.kind);
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
    // §4.4: the server answers with its own closing tag; ending TCP is then up to us, the closer.
    const how = await s.expectClose();
    t.check(how === 'close-tag', 'the closing </stream:stream> tag before the connection ends', 'the connection ended without it');
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
  },
});

export const streamErrorShape = defineCase({
  id: 'rfc6120/stream/error-structure',
  title: 'a stream error has exactly one defined condition, and <text/> only in the streams-error namespace',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.2', level: 'MUST' }],
  requirements: ['rfc6120-4.9.2-error-syntax', 'rfc6120-4.9-send-stream-error', 'rfc6120-4.9.2-text-namespace', 'rfc6120-4.9.2-app-condition-namespace'],
  tags: ['stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { to: 'unknown-host.invalid' }));
    await s.expectHeader();
    const { el } = await s.expectStreamError();
    const kids = el.children.filter((c) => typeof c === 'object');
    const conditions = kids.filter((c) => typeof c === 'object' && c.ns === 'urn:ietf:params:xml:ns:xmpp-streams' && c.name !== 'text');
    t.check(conditions.length === 1, 'exactly one defined condition', `${conditions.length} condition elements`);
    // §4.9.2: <text/> lives in the xmpp-streams namespace; any other extra child is an
    // application condition in a namespace of its own (so it cannot be a second defined one).
    for (const k of kids) {
      if (typeof k === 'object' && k.name === 'text')
        t.check(k.ns === 'urn:ietf:params:xml:ns:xmpp-streams', '<text/> in the xmpp-streams namespace', `<text xmlns='${k.ns}'>`);
    }
    t.check(el.ns === NS_STREAMS, '<error/> in the streams namespace', el.ns);
  },
});

export const stanzaBeforeAuth = defineCase({
  id: 'rfc6120/stream/stanza-before-auth',
  title: 'a stanza to another entity before authentication closes the stream with <not-authorized/>',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.3.5', level: 'MUST' }],
  requirements: [
    'rfc6120-4.3.5-not-authorized-before-negotiation',
    'rfc6120-4.9.3.12-no-processing-before-not-authorized',
    'rfc6120-6.3.1-sasl-mandatory',
    'rfc7590-3.4-servers-authenticate-clients',
  ],
  tags: ['auth', 'stream-error'],
  async run(t) {
    // §4.3.5: until negotiation completes a client may address only itself or the server; a
    // stanza to anyone else MUST NOT be accepted and MUST end the stream with <not-authorized/>.
    // Sent after TLS so that a STARTTLS-required policy is not what answers.
    const s = await t.secured();
    s.sendRaw(`<message to='nobody-${t.id()}@${t.target.domain}' type='chat'><body>before auth</body></message>`);
    checkCondition(t, await expectStreamErrorAndClose(t, s), ['not-authorized']);
  },
});

export const whitespaceKeepalive = defineCase({
  id: 'rfc6120/stream/whitespace-keepalive',
  title: 'whitespace between top-level elements is accepted (keepalives)',
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '11.7', level: 'MAY' },
    { rfc: 6120, section: '4.6.1', level: 'MAY' },
  ],
  requirements: ['rfc6120-11.7-whitespace-between-elements'],
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
  title: 'an unknown first-level element is ignored or refused with a stream error, never routed',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.4', level: 'MUST' }],
  requirements: ['rfc6120-4.8.4-arbitrary-first-level', 'rfc6120-4.8.4-no-routing-other-namespaces'],
  tags: ['stream-error'],
  needs: { accounts: 1 },
  async run(t) {
    // §4.8.4: arbitrary first-level elements are ignored or answered with a stream error (which
    // SHOULD be <unsupported-stanza-type/>), and are never delivered to another entity. Addressed
    // to our own full JID here, so delivery would bring it straight back.
    const s = await t.login(0);
    s.sendRaw(`<foo xmlns='urn:example:unknown' to='${s.jid ?? ''}'/>`);
    const pingId = t.id();
    s.sendRaw(`<iq type='get' id='${pingId}' to='${t.target.domain}'><ping xmlns='urn:xmpp:ping'/></iq>`);
    for (;;) {
      const ev = await s.nextEvent(`a stream error or the answer to ping ${pingId}`);
      if (ev.kind !== 'element') return t.fail('a stream error or the ping answer', ev.kind);
      if (isStreamError(ev.el)) {
        noteCondition(t, streamErrorCondition(ev.el) ?? '(none)', ['unsupported-stanza-type']);
        return;
      }
      if (ev.el.name === 'foo') return t.fail('the unknown element not delivered', 'it was delivered back to us');
      if (ev.el.name === 'iq' && ev.el.attrs['id'] === pingId) {
        t.note('server ignored the unknown element');
        return;
      }
    }
  },
});
