// The client's initial stream header (RFC 6120 §4.7, §4.8) and its restarts (§4.3.3, §5.4.3.3, §6.4.6).
import { defineClientCase, starttlsFeature } from '../../harness/serve/index.js';
import { NS_CLIENT, NS_SERVER, NS_STREAMS } from '../../harness/xml/index.js';
import { describeShort } from '../../harness/xml/index.js';
import { oneLine } from '../../harness/errors.js';
import { saslSucceeded } from './steps.js';

export const headerVersion = defineClientCase({
  id: 'rfc6120/client/header-version',
  title: "the client's initial stream header says version='1.0'",
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-initiator-highest-version', 'rfc6120-4.7.5-no-leading-zeros'],
  tags: ['stream', 'header'],
  async play(t) {
    const c = await t.accept();
    const h = await c.readHeader();
    // RFC 6120 §4.7.5: an implementation of this RFC announces 1.0, without leading zeros
    t.check(h.attrs['version'] === '1.0', "version='1.0' on the initial stream header", `version=${JSON.stringify(h.attrs['version'] ?? null)}`);
  },
});

export const headerTo = defineClientCase({
  id: 'rfc6120/client/header-to',
  title: "the client's initial stream header names the server's domain in 'to'",
  refs: [{ rfc: 6120, section: '4.7.2', level: 'MUST' }],
  requirements: ['rfc6120-4.7.2-initiator-to'],
  tags: ['stream', 'header'],
  async play(t) {
    const c = await t.accept();
    const h = await c.readHeader();
    t.check(h.attrs['to']?.toLowerCase() === t.domain, `to='${t.domain}'`, `to=${JSON.stringify(h.attrs['to'] ?? null)}`);
  },
});

export const headerNoId = defineClientCase({
  id: 'rfc6120/client/header-no-id',
  title: "the client leaves 'id' off its initial stream header",
  refs: [{ rfc: 6120, section: '4.7.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-4.7.3-initiator-no-id'],
  tags: ['stream', 'header'],
  async play(t) {
    const c = await t.accept();
    const h = await c.readHeader();
    t.check(h.attrs['id'] === undefined, "no 'id' on the initial stream header", `id=${JSON.stringify(h.attrs['id'])}`);
  },
});

export const headerNamespaces = defineClientCase({
  id: 'rfc6120/client/header-namespaces',
  title: "the client's stream header is in the streams namespace with jabber:client as content namespace",
  refs: [
    { rfc: 6120, section: '4.8.1', level: 'MUST' },
    { rfc: 6120, section: '4.8.3', level: 'MUST NOT' },
  ],
  requirements: [
    'rfc6120-4.8.1-stream-namespace',
    'rfc6120-4.8.3-client-supports-jabber-client',
    'rfc6120-4.8.3-client-no-jabber-server',
    'rfc6120-4.8.5-stream-ns-declared',
  ],
  tags: ['stream', 'header', 'namespace'],
  async play(t) {
    const c = await t.accept();
    const h = await c.readHeader();
    t.check(h.ns === NS_STREAMS && h.name === 'stream', `<stream> in ${NS_STREAMS}`, describeShort(h));
    // §4.8.5: the streams namespace is declared with a prefix, not as the default namespace
    t.check(
      h.prefix !== undefined && h.prefix !== '',
      'the streams namespace declared with a prefix on the header',
      `an unprefixed <stream> with xmlns='${NS_STREAMS}'`,
      { rfc: 6120, section: '4.8.5', level: 'MUST' },
    );
    const content = c.declarations[''];
    t.check(content !== NS_SERVER, "a client stream whose content namespace is not 'jabber:server'", `xmlns='${content}'`, t.refs[1]);
    t.check(
      content === NS_CLIENT,
      `the default namespace 'jabber:client' declared on the header`,
      content === undefined ? 'no default namespace' : `xmlns='${content}'`,
    );
  },
});

export const headerLang = defineClientCase({
  id: 'rfc6120/client/header-xml-lang',
  title: "the client's initial stream header carries xml:lang",
  refs: [{ rfc: 6120, section: '4.7.4', level: 'SHOULD' }],
  requirements: ['rfc6120-4.7.4-initiator-xml-lang', 'rfc6120-4.7.4-lang-syntax'],
  tags: ['stream', 'header', 'language'],
  async play(t) {
    const c = await t.accept();
    const h = await c.readHeader();
    const lang = h.attrs['xml:lang'];
    t.check(lang !== undefined, 'an xml:lang attribute on the initial stream header', 'none');
    t.check(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(lang ?? ''), 'a well-formed language tag (BCP 47)', JSON.stringify(lang));
  },
});

export const restartAfterTls = defineClientCase({
  id: 'rfc6120/client/restart-after-tls',
  title: 'after TLS the client sends a new stream header without closing the old stream',
  refs: [{ rfc: 6120, section: '5.4.3.3', level: 'MUST' }],
  requirements: [
    'rfc6120-5.4.3.3-restart',
    'rfc6120-5.3.2-restart-after-tls',
    'rfc6120-4.3.3-restart-new-initial-header',
    'rfc6120-4.3.3-restart-no-close-tag',
    'rfc6120-4.3.3-restart-keep-connection',
  ],
  tags: ['stream', 'restart', 'tls'],
  async play(t) {
    const c = await t.accept();
    await c.readHeader();
    c.sendHeader();
    c.sendFeatures(starttlsFeature(true));
    // whether and how the client negotiates TLS is for the tls cases; this one needs it done
    try {
      await c.starttls();
    } catch (err) {
      t.skip(`TLS was not established (${oneLine(err)}), so there is no restart after it to see; see starttls-required`);
    }
    const h = await t.step('restart after TLS', () => c.readHeader('a new initial stream header over TLS'));
    t.check(h.attrs['to']?.toLowerCase() === t.domain, `the restarted header still to='${t.domain}'`, `to=${JSON.stringify(h.attrs['to'] ?? null)}`, {
      rfc: 6120,
      section: '4.7.2',
      level: 'MUST',
    });
  },
});

export const restartAfterSasl = defineClientCase({
  id: 'rfc6120/client/restart-after-sasl',
  title: 'after SASL success the client sends a new stream header without closing the old stream',
  refs: [{ rfc: 6120, section: '6.4.6', level: 'MUST' }],
  requirements: ['rfc6120-6.4.6-restart', 'rfc6120-6.3.2-restart-after-sasl', 'rfc6120-4.3.3-previous-stream-replaced'],
  tags: ['stream', 'restart', 'sasl'],
  async play(t) {
    const c = await t.accept();
    const s = await saslSucceeded(t, c);
    void s;
    await t.step('restart after SASL', () => c.readHeader('a new initial stream header after <success/>'));
  },
});

export const HEADER_CASES = [headerVersion, headerTo, headerNoId, headerNamespaces, headerLang, restartAfterTls, restartAfterSasl];
