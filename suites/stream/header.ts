// RFC 6120 §4.7: attributes of the response stream header, and §4.3.2 stream features.
import { defineCase } from '../../harness/cases/index.js';
import { NS_STREAMS } from '../../harness/xml/index.js';
import { isStreamError, streamErrorCondition } from '../../harness/session/index.js';
import { clientHeader, rawOpen, headerThenStreamError, checkCondition, noteCondition, expectStreamErrorAndClose } from '../steps.js';

export const headerFrom = defineCase({
  id: 'rfc6120/stream/header-from',
  title: "the response stream header carries 'from' set to the server's domain",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.1', level: 'MUST' }],
  requirements: ['rfc6120-4.7.1-response-from', 'rfc6120-4.1-response-stream', 'rfc6120-5.4.1-response-header'],
  tags: ['header'],
  async run(t) {
    const s = await t.connect();
    const h = await s.open();
    const from = h.attrs['from'];
    t.check(from !== undefined, `from='${t.target.domain}' on the response header`, 'no from attribute');
    t.check(from?.toLowerCase() === t.target.domain, `from='${t.target.domain}'`, `from='${from}'`);
  },
});

export const headerId = defineCase({
  id: 'rfc6120/stream/header-id',
  title: "the response stream header carries a non-empty 'id', different on each stream",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.3', level: 'MUST' }],
  requirements: ['rfc6120-4.7.3-response-id', 'rfc6120-4.7.3-id-unique'],
  tags: ['header'],
  async run(t) {
    const a = await (await t.connect()).open();
    const b = await (await t.connect()).open();
    const ida = a.attrs['id'];
    const idb = b.attrs['id'];
    t.check(!!ida, 'a non-empty id attribute', ida === undefined ? 'no id attribute' : "id=''");
    t.check(ida !== idb, 'two streams with different ids', `both id='${ida}'`);
  },
});

export const headerIgnoresClientId = defineCase({
  id: 'rfc6120/stream/header-ignores-client-id',
  title: "an 'id' in the initial header is ignored: the server generates its own",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.3', level: 'MUST' }],
  requirements: ['rfc6120-4.7.3-ignore-initiator-id'],
  tags: ['header'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { id: 'client-chosen-id' }));
    const h = await s.expectHeader();
    t.check(!!h.attrs['id'] && h.attrs['id'] !== 'client-chosen-id', 'a server-generated stream id', `id='${h.attrs['id'] ?? ''}'`);
  },
});

export const headerVersion = defineCase({
  id: 'rfc6120/stream/header-version',
  title: "server answers version='1.0' in its response stream header",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-version-response'],
  tags: ['header', 'version'],
  async run(t) {
    const h = await (await t.connect()).open();
    t.check(h.attrs['version'] === '1.0', "version='1.0'", h.attrs['version'] === undefined ? 'no version attribute' : `version='${h.attrs['version']}'`);
  },
});

export const headerXmlLang = defineCase({
  id: 'rfc6120/stream/header-xml-lang',
  title: "the response stream header carries 'xml:lang'",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.4', level: 'MUST' }],
  requirements: ['rfc6120-4.7.4-response-xml-lang', 'rfc6120-4.7.4-lang-echo-supported'],
  tags: ['header', 'i18n'],
  async run(t) {
    // Our header asks for xml:lang='en'; every server supports English, so it comes back as is.
    const h = await (await t.connect()).open();
    t.check(!!h.attrs['xml:lang'], 'an xml:lang attribute on the response header', 'none');
    t.check(h.attrs['xml:lang']?.toLowerCase() === 'en', "xml:lang='en' (the language the client asked for)", `xml:lang='${h.attrs['xml:lang']}'`);
  },
});

export const headerNamespaces = defineCase({
  id: 'rfc6120/stream/header-namespaces',
  title: 'the response header and features are in the streams namespace',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.1', level: 'MUST' }],
  requirements: ['rfc6120-4.8.1-stream-namespace'],
  tags: ['header', 'namespace'],
  async run(t) {
    const s = await t.connect();
    const h = await s.open();
    t.check(h.name === 'stream' && h.ns === NS_STREAMS, `<stream xmlns='${NS_STREAMS}'>`, `<${h.name} xmlns='${h.ns}'>`);
    const f = await s.next({ what: '<stream:features/>' });
    t.check(f.ns === NS_STREAMS && f.name === 'features', '<stream:features/> in the streams namespace', `<${f.name} xmlns='${f.ns}'>`);
  },
});

export const headerTo = defineCase({
  id: 'rfc6120/stream/header-to',
  title: "when the client's header has 'from', the response header has 'to' set to that bare JID",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.2', level: 'MUST' }],
  requirements: ['rfc6120-4.7.2-response-to'],
  tags: ['header'],
  needs: { accounts: 1 },
  async run(t) {
    const jid = t.account(0).jid;
    const s = await rawOpen(t, clientHeader(t, { from: jid }));
    const h = await s.expectHeader();
    t.check(h.attrs['to'] === jid, `to='${jid}' on the response header`, h.attrs['to'] === undefined ? 'no to attribute' : `to='${h.attrs['to']}'`);
  },
});

export const featuresSent = defineCase({
  id: 'rfc6120/stream/features-after-header',
  title: "after a version='1.0' header the server sends <stream:features/>",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.3.2', level: 'MUST' }],
  requirements: ['rfc6120-4.3.2-send-features', 'rfc6120-4.5-single-connection-c2s', 'rfc6120-4.8.3-server-supports-jabber-client'],
  tags: ['features'],
  async run(t) {
    const s = await t.connect();
    await s.open();
    await s.readFeatures();
  },
});

export const versionHigher = defineCase({
  id: 'rfc6120/stream/version-higher',
  title: "a client header with version='2.0' gets version='1.0' back (the lower of the two)",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-version-lower-of-two'],
  tags: ['header', 'version'],
  async run(t) {
    // RFC 6120 §4.7.5: the response carries the lower of the two versions; <unsupported-version/>
    // is for the initiating entity to send, so refusing a higher client version is not an option.
    const s = await rawOpen(t, clientHeader(t, { version: '2.0' }));
    const h = await s.expectHeader();
    const v = h.attrs['version'];
    t.check(v === '1.0', "version='1.0' (the lower of 2.0 and the server's 1.0)", v === undefined ? 'no version attribute' : `version='${v}'`);
  },
});

export const versionLower = defineCase({
  id: 'rfc6120/stream/version-lower',
  title: "a client header with version='0.9' gets version='0.9' back (the lower of the two)",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-version-lower-of-two'],
  tags: ['header', 'version'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { version: '0.9' }));
    const h = await s.expectHeader();
    const v = h.attrs['version'];
    // A header without 'version' means 0.9 (same section), so it is accepted, with a note.
    if (v === undefined) t.note('server answered without a version attribute (which means 0.9)');
    t.check(v === '0.9' || v === undefined, "version='0.9' (the lower version)", `version='${v}'`);
  },
});

export const versionMissing = defineCase({
  id: 'rfc6120/stream/version-missing',
  title: "a client header without 'version' gets a response header without 'version'",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'SHOULD NOT' }],
  requirements: ['rfc6120-4.7.5-missing-version-no-response-version'],
  tags: ['header', 'version'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { version: undefined }));
    const h = await s.expectHeader();
    t.check(h.attrs['version'] === undefined, "a response header without a 'version' attribute", `version='${h.attrs['version']}'`);
  },
});

export const hostUnknown = defineCase({
  id: 'rfc6120/stream/host-unknown',
  title: "a header 'to' a domain the server does not serve gets <host-unknown/>, after a response header",
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.9.1.1', level: 'MUST' },
    { rfc: 6120, section: '4.9.1.2', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.9.1.1-error-then-close', 'rfc6120-4.9.1.2-header-before-error', 'rfc6120-4.9.3.6-host-unknown'],
  tags: ['header', 'stream-error'],
  async run(t) {
    // §4.9.1.1 asks for "an appropriate" condition; §4.9.3.6 defines <host-unknown/> as the one.
    const s = await rawOpen(t, clientHeader(t, { to: 'unknown-host.invalid' }));
    checkCondition(t, await headerThenStreamError(t, s), ['host-unknown']);
  },
});

/** RFC 6120 §4.7.1 and §4.9.1.3: the 'from' of a header sent before a setup error. */
function checkErrorHeaderFrom(t: Parameters<typeof hostUnknown.run>[0], from: string | undefined): void {
  if (from === undefined) {
    t.note("the response header has no 'from' (treated like the empty string)");
    return;
  }
  t.check(from === '' || from.toLowerCase() === t.target.domain, `from='${t.target.domain}' or from=''`, `from='${from}'`);
}

export const hostUnknownFrom = defineCase({
  id: 'rfc6120/stream/host-unknown-from',
  title: "the header sent before <host-unknown/> names the server's own domain (or '') in 'from', not the unknown one",
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.9.1.3', level: 'MUST' },
    { rfc: 6120, section: '4.7.1', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.9.1.3-error-header-from'],
  tags: ['header', 'stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { to: 'unknown-host.invalid' }));
    const h = await s.expectHeader();
    checkErrorHeaderFrom(t, h.attrs['from']);
  },
});

export const missingTo = defineCase({
  id: 'rfc6120/stream/missing-to',
  title: "a client header without 'to' is either served or refused after a header whose 'from' is the server's domain (or '')",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.1.3', level: 'MUST' }],
  requirements: ['rfc6120-4.9.1.3-error-header-from'],
  tags: ['header', 'stream-error'],
  async run(t) {
    // Leaving 'to' out breaks a client MUST (§4.7.2); what the server then does is open, but if it
    // refuses during setup, §4.9.1.3 constrains the 'from' of the header it sends first.
    const s = await rawOpen(t, clientHeader(t, { to: undefined }));
    const h = await s.expectHeader();
    const ev = await s.nextEvent('features or a stream error');
    if (ev.kind === 'element' && ev.el.name === 'features') {
      t.note("server served the stream without a 'to'");
      return;
    }
    if (ev.kind === 'element' && ev.el.name === 'error') t.note(`server refused with a stream error`);
    checkErrorHeaderFrom(t, h.attrs['from']);
  },
});

export const wrongStreamNamespace = defineCase({
  id: 'rfc6120/stream/wrong-stream-namespace',
  title: 'a header in a namespace other than the streams namespace is refused with a stream error',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.1', level: 'MUST' }],
  requirements: ['rfc6120-4.8.1-stream-namespace', 'rfc6120-4.8.1-wrong-stream-namespace-close'],
  tags: ['namespace', 'stream-error'],
  async run(t) {
    const header = clientHeader(t).replace(`xmlns:stream='${NS_STREAMS}'`, "xmlns:stream='http://example.com/wrong-streams'");
    const s = await rawOpen(t, header);
    noteCondition(t, await headerThenStreamError(t, s), ['invalid-namespace', 'bad-format']);
  },
});

export const wrongContentNamespace = defineCase({
  id: 'rfc6120/stream/wrong-content-namespace',
  title: "a stream whose content namespace is not 'jabber:client' is refused, at the latest at its first stanza, with <invalid-namespace/>",
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.8.3', level: 'MUST' },
    { rfc: 6120, section: '4.8.2', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.8.3-unsupported-content-namespace'],
  tags: ['namespace', 'stream-error'],
  async run(t) {
    // §4.8.3: a server MAY refuse an unsupported content namespace at once; a first-level element
    // qualified by one it does not support MUST get <invalid-namespace/>.
    const s = await rawOpen(t, clientHeader(t, {}, 'jabber:wrong'));
    await s.expectHeader();
    const first = await s.nextEvent('features or a stream error');
    if (first.kind === 'element' && isStreamError(first.el)) {
      noteCondition(t, streamErrorCondition(first.el) ?? '(none)', ['invalid-namespace']);
      t.note('refused at the stream header');
      return;
    }
    const declared = s.headerDeclarations[''];
    if (declared !== 'jabber:wrong') t.note(`the response header declared xmlns='${declared ?? ''}' (§4.8.2: both streams use one content namespace)`);
    s.sendRaw(`<iq type='get' id='${t.id()}'><ping xmlns='urn:xmpp:ping'/></iq>`);
    checkCondition(t, await expectStreamErrorAndClose(t, s), ['invalid-namespace']);
  },
});

export const undeclaredPrefix = defineCase({
  id: 'rfc6120/stream/undeclared-stream-prefix',
  title: "a header using the 'stream:' prefix without declaring it is rejected as not well-formed",
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '11.3', level: 'MUST' },
    { rfc: 6120, section: '4.8.5', level: 'MAY' },
  ],
  requirements: ['rfc6120-11.3-not-namespace-well-formed'],
  tags: ['namespace', 'stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t).replace(` xmlns:stream='${NS_STREAMS}'`, ''));
    checkCondition(t, await headerThenStreamError(t, s), ['not-well-formed', 'bad-namespace-prefix']);
  },
});

export const noToWithoutFrom = defineCase({
  id: 'rfc6120/stream/header-no-to-without-from',
  title: "when the client's header has no 'from', the response header has no 'to'",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.2', level: 'MUST NOT' }],
  requirements: ['rfc6120-4.7.2-no-response-to-without-from'],
  tags: ['header'],
  async run(t) {
    const h = await (await t.connect()).open();
    t.check(h.attrs['to'] === undefined, "no 'to' on the response header", `to='${h.attrs['to']}'`);
  },
});
