// RFC 6120 §4.7: attributes of the response stream header, and §4.3.2 stream features.
import { defineCase } from '../../harness/cases/index.js';
import { NS_STREAMS } from '../../harness/xml/ns.js';
import { clientHeader, rawOpen, headerThenStreamError, checkCondition } from '../steps.js';

export const headerFrom = defineCase({
  id: 'rfc6120/stream/header-from',
  title: "the response stream header carries 'from' set to the server's domain",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.1', level: 'MUST' }],
  requirements: ['rfc6120-4.7.1-response-from'],
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
  requirements: ['rfc6120-4.7.3-response-id'],
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
  requirements: ['rfc6120-4.7.4-response-xml-lang'],
  tags: ['header', 'i18n'],
  async run(t) {
    const h = await (await t.connect()).open();
    t.check(!!h.attrs['xml:lang'], "an xml:lang attribute on the response header", 'none');
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
  refs: [{ rfc: 6120, section: '4.7.2', level: 'SHOULD' }],
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
  requirements: ['rfc6120-4.3.2-send-features'],
  tags: ['features'],
  async run(t) {
    const s = await t.connect();
    await s.open();
    await s.readFeatures();
  },
});

export const versionHigher = defineCase({
  id: 'rfc6120/stream/version-higher',
  title: "a client header with version='2.0' gets version='1.0' back (the lower) or <unsupported-version/>",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-version-lower-of-two'],
  tags: ['header', 'version'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { version: '2.0' }));
    const h = await s.expectHeader();
    if (h.attrs['version'] === '1.0') {
      t.note("server answered version='1.0'");
      return;
    }
    const ev = await s.nextEvent('features or a stream error');
    if (ev.kind === 'element' && ev.el.name === 'error' && ev.el.ns === NS_STREAMS) {
      const cond = ev.el.children.find((c) => typeof c === 'object' && c.name !== 'text');
      t.check(typeof cond === 'object' && cond.name === 'unsupported-version', '<unsupported-version/>', typeof cond === 'object' ? `<${cond.name}/>` : 'no condition');
      t.note('server refused with <unsupported-version/>');
      return;
    }
    t.fail("version='1.0' or <unsupported-version/>", `version='${h.attrs['version'] ?? ''}'`);
  },
});

export const versionLower = defineCase({
  id: 'rfc6120/stream/version-lower',
  title: "a client header with version='0.9' gets version='0.9' back (the lower of the two) or <unsupported-version/>",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-version-lower-of-two'],
  tags: ['header', 'version'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { version: '0.9' }));
    const h = await s.expectHeader();
    const v = h.attrs['version'];
    if (v === '0.9' || v === undefined) {
      t.note(v === undefined ? 'server answered without a version (treated as 0.9)' : "server answered version='0.9'");
      return;
    }
    const ev = await s.nextEvent('a stream error');
    if (ev.kind === 'element' && ev.el.name === 'error' && ev.el.ns === NS_STREAMS) {
      const cond = ev.el.children.find((c) => typeof c === 'object' && c.name !== 'text');
      if (typeof cond === 'object' && cond.name === 'unsupported-version') {
        t.note('server refused with <unsupported-version/>');
        return;
      }
    }
    t.fail("version='0.9' (the lower version) or <unsupported-version/>", `version='${v}'`);
  },
});

export const versionMissing = defineCase({
  id: 'rfc6120/stream/version-missing',
  title: "a client header without 'version' is treated as version 0.9: the response does not claim '1.0'",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'SHOULD NOT' }],
  requirements: ['rfc6120-4.7.5-missing-version'],
  tags: ['header', 'version'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { version: undefined }));
    const h = await s.expectHeader();
    t.check(h.attrs['version'] !== '1.0', "a response header without version='1.0'", `version='${h.attrs['version']}'`);
  },
});

export const hostUnknown = defineCase({
  id: 'rfc6120/stream/host-unknown',
  title: "a header 'to' a domain the server does not serve gets <host-unknown/>",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.9.3.6', level: 'MUST' }],
  requirements: ['rfc6120-4.9.3.6-host-unknown'],
  tags: ['header', 'stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { to: 'unknown-host.invalid' }));
    checkCondition(t, await headerThenStreamError(t, s), ['host-unknown']);
  },
});

export const missingTo = defineCase({
  id: 'rfc6120/stream/missing-to',
  title: "a client header without 'to' is refused with a stream error",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.2', level: 'MUST' }],
  requirements: ['rfc6120-4.7.2-initiator-to'],
  tags: ['header', 'stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, { to: undefined }));
    checkCondition(t, await headerThenStreamError(t, s), ['improper-addressing', 'host-unknown']);
  },
});

export const wrongStreamNamespace = defineCase({
  id: 'rfc6120/stream/wrong-stream-namespace',
  title: 'a header in a namespace other than the streams namespace gets <invalid-namespace/>',
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.8.1', level: 'MUST' },
    { rfc: 6120, section: '4.9.3.10', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.8.1-stream-namespace', 'rfc6120-4.9.3.10-invalid-namespace'],
  tags: ['namespace', 'stream-error'],
  async run(t) {
    const header = clientHeader(t).replace(`xmlns:stream='${NS_STREAMS}'`, "xmlns:stream='http://example.com/wrong-streams'");
    const s = await rawOpen(t, header);
    checkCondition(t, await headerThenStreamError(t, s), ['invalid-namespace']);
  },
});

export const wrongContentNamespace = defineCase({
  id: 'rfc6120/stream/wrong-content-namespace',
  title: "a header whose default namespace is not 'jabber:client' gets <invalid-namespace/>",
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.8.2', level: 'MUST' },
    { rfc: 6120, section: '4.9.3.10', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.8.2-content-namespace', 'rfc6120-4.9.3.10-invalid-namespace'],
  tags: ['namespace', 'stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t, {}, 'jabber:wrong'));
    checkCondition(t, await headerThenStreamError(t, s), ['invalid-namespace']);
  },
});

export const undeclaredPrefix = defineCase({
  id: 'rfc6120/stream/undeclared-stream-prefix',
  title: "a header using the 'stream:' prefix without declaring it is rejected as not well-formed",
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.9.3.13', level: 'MUST' },
    { rfc: 6120, section: '4.9.3.2', level: 'MAY' },
  ],
  requirements: ['rfc6120-4.9.3.13-not-well-formed'],
  tags: ['namespace', 'stream-error'],
  async run(t) {
    const s = await rawOpen(t, clientHeader(t).replace(` xmlns:stream='${NS_STREAMS}'`, ''));
    checkCondition(t, await headerThenStreamError(t, s), ['not-well-formed', 'bad-namespace-prefix']);
  },
});
