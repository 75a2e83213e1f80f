// What the server itself writes on a stream, checked on real traffic: the XML declaration and
// encoding (RFC 6120 §11.5, §11.6), prefixes (§4.8.5), restricted and well-formed XML (§11.1,
// §11.3: our parser enforces both, so an XML error on the server's output fails here), versions
// without leading zeros (§4.7.5) and well-formed language tags (§4.7.4).
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { NS_CLIENT, NS_STREAMS, el, type XmlElement } from '../../harness/xml/index.js';
import { NS_PING } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { online } from '../im-steps.js';

/** BCP 47 in outline: a 2-8 letter primary subtag, then 1-8 alphanumeric subtags. */
const LANG_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** XML 1.0's XMLDecl between '<?xml' and '?>' (production 23), outlined. */
const XML_DECL = /^\s+version\s*=\s*(['"])1\.[0-9]+\1(\s+encoding\s*=\s*(['"])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(['"])(yes|no)\5)?\s*$/;

const ref = (section: string, level: 'MUST' | 'MUST NOT') => ({ rfc: 6120, section, level });

/** A session that has exercised the server: login, roster, a ping, an iq error, a message to itself. */
async function busySession(t: CaseContext): Promise<{ s: Session; seen: XmlElement[] }> {
  const s = await online(t, 0, { resetRoster: false });
  const seen: XmlElement[] = [];
  const ids = [t.id(), t.id(), t.id()];
  s.send(el('iq', { type: 'get', id: ids[0] as string, to: t.target.domain }, el('ping', { xmlns: NS_PING })));
  s.send(el('iq', { type: 'get', id: ids[1] as string }, el('query', { xmlns: 'urn:xmpp-conformance:unknown:0' })));
  s.send(el('message', { type: 'chat', id: ids[2] as string, to: s.jid ?? '' }, el('body', {}, 'café ☕ 𝄞 — ünïcödé')));
  for (const id of ids) {
    const ev = await s.stream.take(t.timeout, `the answer with id '${id}'`, (e) => e.kind === 'xml-error' || (e.kind === 'element' && e.el.attrs['id'] === id));
    // §11.1 and §11.3: the server never sends restricted, ill-formed or namespace-ill-formed XML.
    if (ev.kind === 'xml-error')
      return t.fail(
        `well-formed XML from the server before the answer with id '${id}'`,
        ev.error.message,
        ref(ev.error.condition === 'restricted-xml' ? '11.1' : '11.3', 'MUST NOT'),
      );
    if (ev.kind !== 'element') return t.fail(`the answer with id '${id}'`, ev.kind);
    seen.push(ev.el);
  }
  seen.push(...s.received());
  return { s, seen };
}

export const streamOutput = defineCase({
  id: 'rfc6120/stream/server-stream-output',
  title:
    "the server's stream output: UTF-8 without a BOM, no standalone declaration, the stream prefix declared and used consistently, no prefixes on jabber:client, versions and languages well-formed",
  area: 'stream',
  role: 'server',
  refs: [
    { rfc: 6120, section: '11.6', level: 'MUST NOT' },
    { rfc: 6120, section: '11.5', level: 'MUST NOT' },
    { rfc: 6120, section: '4.8.5', level: 'MUST' },
    { rfc: 6120, section: '4.7.5', level: 'MUST NOT' },
    { rfc: 6120, section: '4.7.4', level: 'MUST' },
  ],
  requirements: [
    'rfc6120-11.6-no-bom',
    'rfc6120-11.6-no-other-encoding',
    'rfc6120-11.5-no-standalone',
    'rfc6120-11.5-xml-declaration-rules',
    'rfc6120-4.8.5-stream-ns-declared',
    'rfc6120-4.8.5-stream-prefix-consistent',
    'rfc6120-4.8.5-no-content-prefix',
    'rfc6120-4.7.5-no-leading-zeros',
    'rfc6120-4.7.4-lang-syntax',
    'rfc6120-11.1-no-inject-restricted',
    'rfc6120-11.3-no-generate-not-well-formed',
    'rfc6120-11.3-no-generate-not-ns-well-formed',
    'rfc6120-4.8.2-content-namespace',
    'rfc6120-4.8.2-content-not-stream-namespace',
  ],
  tags: ['xml', 'header'],
  needs: { accounts: 1 },
  async run(t) {
    const { s, seen } = await busySession(t);
    const head = s.stream.rawHead;
    t.check(!(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf), 'no byte order mark', 'the stream starts with EF BB BF', ref('11.6', 'MUST NOT'));
    const decl = /^<\?xml([^?]*)\?>/.exec(head.toString('utf8'))?.[1] ?? '';
    t.check(!/standalone\s*=/.test(decl), 'no standalone declaration', `<?xml${decl}?>`, ref('11.5', 'MUST NOT'));
    // §11.5: a declaration, if any, is XML 1.0's XMLDecl: version first, then encoding, then standalone.
    if (decl !== '')
      t.check(XML_DECL.test(decl), "an XML declaration of the form version='1.x' [encoding='...'] [standalone='...']", `<?xml${decl}?>`, ref('11.5', 'MUST'));
    const enc = /encoding\s*=\s*['"]([^'"]*)['"]/.exec(decl)?.[1];
    t.check(enc === undefined || /^utf-8$/i.test(enc), "no encoding, or encoding='UTF-8'", `encoding='${enc}'`, ref('11.6', 'MUST NOT'));
    const decls = s.headerDeclarations;
    const streamPrefix = Object.entries(decls).find(([p, uri]) => p !== '' && uri === NS_STREAMS)?.[0];
    t.check(streamPrefix !== undefined, 'the header declares the streams namespace with a prefix', JSON.stringify(decls), ref('4.8.5', 'MUST'));
    // §4.8.2: the response uses the content namespace we declared (jabber:client), never the streams one.
    t.check(decls[''] === NS_CLIENT, `xmlns='${NS_CLIENT}' on the response header, as on ours`, `xmlns='${decls[''] ?? ''}'`, ref('4.8.2', 'MUST'));
    const version = s.header?.attrs['version'];
    if (version !== undefined)
      t.check(/^(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(version), 'a version without leading zeros', `version='${version}'`, ref('4.7.5', 'MUST NOT'));
    const lang = s.header?.attrs['xml:lang'];
    if (lang !== undefined) t.check(LANG_TAG.test(lang), 'a well-formed language tag', `xml:lang='${lang}'`, ref('4.7.4', 'MUST'));
    for (const e of [...seen, ...(s.features ? [s.features] : [])]) {
      if (e.ns === NS_STREAMS) {
        const p = e.prefix ?? '';
        t.check(p === (streamPrefix ?? ''), `<${streamPrefix}:${e.name}> with the declared prefix`, `<${p ? `${p}:` : ''}${e.name}>`, ref('4.8.5', 'MUST'));
      }
      if (e.ns === NS_CLIENT) t.check(e.prefix === undefined, `<${e.name}> without a prefix`, `<${e.prefix}:${e.name}>`, ref('4.8.5', 'MUST NOT'));
    }
    t.note(`checked ${seen.length} stanzas from ${bareJid(s.jid)}'s session`);
  },
});

export const stanzaOutput = defineCase({
  id: 'rfc6120/stanza/server-stanza-output',
  title:
    "the server's stanzas: iqs carry an id and a valid type, results hold at most one child, <error/> appears only in (and always in) type='error', languages well-formed, non-ASCII text intact",
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '8.2.3', level: 'MUST' },
    { rfc: 6120, section: '8.3.1', level: 'MUST NOT' },
    { rfc: 6120, section: '8.1.5', level: 'MUST' },
    { rfc: 6120, section: '11.6', level: 'MUST' },
  ],
  requirements: [
    'rfc6120-8.1.3-iq-id-required',
    'rfc6120-8.2.3-iq-id-required',
    'rfc6120-8.2.3-iq-type-required',
    'rfc6120-8.2.3-result-child-count',
    'rfc6120-8.2.3-error-child',
    'rfc6120-8.3.1-error-child-only-on-error',
    'rfc6120-8.1.5-lang-syntax',
    'rfc6120-11.6-utf8-support',
    'rfc6120-8.2.1-message-support',
    'rfc6120-8.2.3-iq-support',
  ],
  tags: ['iq', 'errors', 'i18n'],
  needs: { accounts: 1 },
  async run(t) {
    const { seen } = await busySession(t);
    for (const e of seen) {
      const kids = e.children.filter((c): c is XmlElement => typeof c === 'object');
      const hasError = kids.some((k) => k.name === 'error');
      const type = e.attrs['type'];
      if (e.name === 'iq') {
        t.check(e.attrs['id'] !== undefined, "every iq with an 'id'", `<iq type='${type ?? ''}'> without id`, ref('8.2.3', 'MUST'));
        t.check(['get', 'set', 'result', 'error'].includes(type ?? ''), 'a type of get, set, result or error', `type='${type ?? ''}'`, ref('8.2.3', 'MUST'));
        if (type === 'result') t.check(kids.length <= 1, 'at most one child in a result', `${kids.length} children`, ref('8.2.3', 'MUST'));
        if (type === 'error') t.check(hasError, 'an <error/> child in an error iq', 'none', ref('8.2.3', 'MUST'));
      }
      if (type !== 'error') t.check(!hasError, `no <error/> in a <${e.name}> of type '${type ?? ''}'`, 'an <error/> child', ref('8.3.1', 'MUST NOT'));
      const lang = e.attrs['xml:lang'];
      if (lang !== undefined) t.check(LANG_TAG.test(lang), 'a well-formed language tag', `xml:lang='${lang}'`, ref('8.1.5', 'MUST'));
    }
    const echo = seen.find((e) => e.name === 'message' && e.attrs['type'] === 'chat');
    const body = echo?.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'body');
    const text = body?.children.filter((c): c is string => typeof c === 'string').join('');
    t.check(text === 'café ☕ 𝄞 — ünïcödé', 'the non-ASCII body intact', JSON.stringify(text), ref('11.6', 'MUST'));
  },
});
