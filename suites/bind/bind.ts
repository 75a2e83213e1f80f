// RFC 6120 §7 resource binding, with RFC 7622 §3.4 rules for the resourcepart.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { sameBareJid } from '../../harness/jid/index.js';
import { offersBind, saslMechanisms, summarizeFeatures, type Session } from '../../harness/session/index.js';
import { child, text, type XmlElement } from '../../harness/xml/index.js';
import { describe, el } from '../../harness/xml/index.js';
import { NS_BIND, NS_CLIENT, NS_PING, NS_STREAMS } from '../../harness/xml/index.js';
import { errorOf } from '../steps.js';

/** Logged in (SASL done), features read, not yet bound. */
async function authenticated(t: CaseContext, actor?: string): Promise<Session> {
  return t.login(0, { bind: false, ...(actor ? { actor } : {}) });
}

function bindRequest(resource?: string): XmlElement {
  return el('iq', { type: 'set' }, el('bind', { xmlns: NS_BIND }, ...(resource !== undefined ? [el('resource', {}, resource)] : [])));
}

function boundJid(res: XmlElement): string | undefined {
  const j = child(child(res, 'bind', NS_BIND) ?? res, 'jid', NS_BIND);
  return j ? text(j).trim() : undefined;
}

function resourceOf(jid: string): string {
  const slash = jid.indexOf('/');
  return slash === -1 ? '' : jid.slice(slash + 1);
}

export const bindOffered = defineCase({
  id: 'rfc6120/bind/feature-offered',
  title: 'the features after SASL success offer <bind/>',
  area: 'bind',
  role: 'server',
  refs: [{ rfc: 6120, section: '7.4', level: 'MUST' }],
  requirements: ['rfc6120-7.4-advertise-bind', 'rfc6120-7.2-bind-support'],
  tags: ['features'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await authenticated(t);
    t.check(!!s.features && offersBind(s.features), `<bind xmlns='${NS_BIND}'/> in the features`, s.features ? summarizeFeatures(s.features) : 'none');
  },
});

export const serverGenerated = defineCase({
  id: 'rfc6120/bind/server-generated-resource',
  title: 'binding without a resource gets a full JID with a server-generated resource',
  area: 'bind',
  role: 'server',
  refs: [{ rfc: 6120, section: '7.6', level: 'MUST' }],
  // Two sessions get different resources; whether they are random (§7.6) a black box cannot tell.
  requirements: ['rfc6120-7.6-server-generated'],
  tags: ['resource'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await authenticated(t);
    const res = await s.iq(bindRequest());
    t.check(res.attrs['type'] === 'result', 'a bind result', describe(res));
    const jid = boundJid(res);
    t.check(!!jid && resourceOf(jid).length > 0, 'a full JID with a non-empty resource', jid ?? 'no <jid/>');
    // Random, not predictable: a second session never gets the same generated resource.
    const again = boundJid(await (await authenticated(t)).iq(bindRequest()));
    t.check(again !== jid, 'a different generated resource for a second session', `both '${jid}'`);
  },
});

export const clientChosen = defineCase({
  id: 'rfc6120/bind/client-chosen-resource',
  title: 'binding with a resource gets that resource (or one the server chose instead)',
  area: 'bind',
  role: 'server',
  refs: [{ rfc: 6120, section: '7.7.1', level: 'SHOULD' }],
  requirements: ['rfc6120-7.7.1-accept-client-resource', 'rfc6120-7.3.2-no-restart-after-bind'],
  tags: ['resource'],
  needs: { accounts: 1 },
  async run(t) {
    // §7.7.1: the server SHOULD bind the submitted resourcepart unmodified, and MAY override it
    // with one of its own by local policy; both pass, and which one is noted.
    const s = await authenticated(t);
    const wanted = `xc-${t.id()}`;
    const res = await s.iq(bindRequest(wanted));
    t.check(res.attrs['type'] === 'result', 'a bind result', describe(res));
    const jid = boundJid(res) ?? '';
    t.check(resourceOf(jid).length > 0, 'a full JID', jid || 'no <jid/>');
    t.note(resourceOf(jid) === wanted ? 'server accepted the requested resource' : `server assigned '${resourceOf(jid)}' instead`);
    // §7.3.2: binding does not restart the stream, so the next thing after the result is no new header.
    const id = t.id();
    s.send(el('iq', { type: 'get', id, to: t.target.domain }, el('ping', { xmlns: NS_PING })));
    const restart = { rfc: 6120, section: '7.3.2', level: 'MUST NOT' } as const;
    const ev = await s.stream
      .take(t.timeout, `the answer to ping '${id}'`, (e) => e.kind === 'open' || (e.kind === 'element' && e.el.attrs['id'] === id))
      .catch((err: unknown) => {
        // a second header inside the open stream is a nested start tag to the parser, so it is never an
        // event; the bytes of this stream (its first KiB) still show it
        const headers = s.stream.rawHead.toString('utf8').match(/<(?:[\w.-]+:)?stream[\s>]/g) ?? [];
        if (headers.length > 1)
          t.fail('the stream going on after the bind result', 'a new stream header after the bind result (a restart), and no answer to the ping', restart);
        throw err;
      });
    t.check(ev.kind !== 'open', 'the stream going on after the bind result', 'a new stream header (a restart)', restart);
  },
});

export const bareMatchesAccount = defineCase({
  id: 'rfc6120/bind/bare-jid-is-account',
  title: 'the bound JID is the authenticated account plus a resource',
  area: 'bind',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.3.6', level: 'MUST' },
    { rfc: 6120, section: '7.6.1', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.3.6-bare-jid-authzid', 'rfc6120-7.6.1-bound-jid'],
  tags: ['resource'],
  needs: { accounts: 1 },
  async run(t) {
    const acct = t.account(0);
    const s = await authenticated(t);
    const jid = boundJid(await s.iq(bindRequest(`xc-${t.id()}`))) ?? '';
    t.check(sameBareJid(jid, acct.jid), `a JID of the form ${acct.jid}/…`, jid || 'no <jid/>');
    // §7.6.1: the <jid/> of the result is the full JID, resource included.
    t.check(resourceOf(jid).length > 0, `a full JID ${acct.jid}/<resource>`, jid || 'no <jid/>', { rfc: 6120, section: '7.6.1', level: 'MUST' });
  },
});

export const resultNamespace = defineCase({
  id: 'rfc6120/bind/result-in-client-namespace',
  title: "the bind result is an iq in the 'jabber:client' namespace with the request's id",
  area: 'bind',
  role: 'server',
  refs: [
    { rfc: 6120, section: '4.8.3', level: 'MUST NOT' },
    { rfc: 6120, section: '8.2.3', level: 'MUST' },
  ],
  requirements: ['rfc6120-4.8.3-content-namespace', 'rfc6120-8.2.3-iq-response-id'],
  tags: ['namespace'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await authenticated(t);
    const id = t.id();
    s.send(el('iq', { type: 'set', id }, el('bind', { xmlns: NS_BIND })));
    const res = await s.next({ what: 'the bind result' });
    t.check(res.name === 'iq' && res.ns === NS_CLIENT, `<iq xmlns='${NS_CLIENT}'>`, `<${res.name} xmlns='${res.ns}'>`);
    t.check(res.attrs['id'] === id, `id='${id}'`, `id='${res.attrs['id'] ?? ''}'`);
  },
});

export const conflict = defineCase({
  id: 'rfc6120/bind/resource-conflict',
  title: 'binding a resource already in use either replaces the old session, refuses with <conflict/>, or assigns another',
  area: 'bind',
  role: 'server',
  refs: [{ rfc: 6120, section: '7.7.2.2', level: 'MUST' }],
  requirements: ['rfc6120-7.7.2.2-conflict', 'rfc6120-7.5-unique-resourcepart'],
  tags: ['resource', 'conflict'],
  needs: { accounts: 1 },
  async run(t) {
    const resource = `xc-${t.id()}`;
    const first = await authenticated(t, 'first');
    const jid1 = boundJid(await first.iq(bindRequest(resource))) ?? '';
    t.check(resourceOf(jid1) === resource, `the first session bound as …/${resource}`, jid1);
    const second = await authenticated(t, 'second');
    const res = await second.iq(bindRequest(resource));
    if (res.attrs['type'] === 'error') {
      const { condition } = errorOf(t, res);
      t.check(condition === 'conflict', 'a <conflict/> error (or success)', `<${condition ?? 'no condition'}/>`);
      t.note('server refused the second bind with <conflict/>');
      return;
    }
    const jid2 = boundJid(res) ?? '';
    if (resourceOf(jid2) !== resource) {
      t.note(`server assigned '${resourceOf(jid2)}' to the second session`);
      return;
    }
    // Same resource granted: the old session must have been terminated with <conflict/>.
    const ev = await first.nextEvent('a <conflict/> stream error on the first session');
    t.check(
      ev.kind === 'element' &&
        ev.el.name === 'error' &&
        ev.el.ns === NS_STREAMS &&
        !!ev.el.children.find((c) => typeof c === 'object' && c.name === 'conflict'),
      'the first session closed with a <conflict/> stream error',
      ev.kind === 'element' ? describe(ev.el) : ev.kind,
    );
    t.note('server replaced the first session (stream error <conflict/>)');
  },
});

export const badRequest = defineCase({
  id: 'rfc6120/bind/bad-resource-refused',
  title: 'a resource containing a control character (U+0085) is refused, or replaced by a conforming one',
  area: 'bind',
  role: 'server',
  refs: [
    { rfc: 7622, section: '3.4', level: 'MUST' },
    { rfc: 6120, section: '7.7.2.1', level: 'SHOULD' },
  ],
  requirements: ['rfc7622-3.4-resourcepart-opaquestring', 'rfc6120-7.7.2.1-bad-request'],
  tags: ['resource', 'i18n'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await authenticated(t);
    const res = await s.iq(bindRequest('bad\u0085resource'));
    // RFC 7622 §4: the control character must never end up in a bound JID; refusing the request
    // (bad-request / jid-malformed) or binding a resource of the server's choosing both comply.
    if (res.attrs['type'] === 'result') {
      const jid = boundJid(res) ?? '';
      t.check(!jid.includes('\u0085'), 'no U+0085 in the bound JID', JSON.stringify(jid));
      t.note(`server bound '${resourceOf(jid)}' instead`);
      return;
    }
    const { condition } = errorOf(t, res);
    t.check(
      condition === 'bad-request' || condition === 'jid-malformed' || condition === 'not-allowed',
      '<bad-request/> (or <jid-malformed/>)',
      `<${condition ?? 'none'}/>`,
    );
    t.note(`server refused with <${condition}/>`);
  },
});

export const casePreserved = defineCase({
  id: 'rfc7622/bind/resource-case-preserved',
  title: 'the resourcepart keeps its case (no case mapping for resources)',
  area: 'bind',
  role: 'server',
  refs: [{ rfc: 7622, section: '3.4', level: 'MUST' }],
  requirements: ['rfc7622-3.4-resource-case'],
  tags: ['resource', 'i18n'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await authenticated(t);
    const wanted = `Balcony-${t.id()}-MixedCase`;
    const jid = boundJid(await s.iq(bindRequest(wanted))) ?? '';
    if (resourceOf(jid) !== wanted && resourceOf(jid).toLowerCase() !== wanted.toLowerCase()) {
      t.skip(`server assigns its own resources ('${resourceOf(jid)}'), so case handling cannot be observed`);
    }
    t.check(resourceOf(jid) === wanted, `resource '${wanted}'`, `'${resourceOf(jid)}'`);
  },
});

export const nfc = defineCase({
  id: 'rfc7622/bind/resource-nfc',
  title: 'a decomposed resource (e + U+0301) is bound in normalization form C (é)',
  area: 'bind',
  role: 'server',
  refs: [
    { rfc: 7622, section: '3.4', level: 'MUST' },
    { rfc: 8265, section: '4.2.2', level: 'MUST' },
  ],
  requirements: ['rfc7622-3.4-resource-nfc'],
  tags: ['resource', 'i18n'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await authenticated(t);
    const suffix = t.id();
    const res = await s.iq(bindRequest(`cafe\u0301-${suffix}`));
    t.check(res.attrs['type'] === 'result', 'a bind result', describe(res));
    const r = resourceOf(boundJid(res) ?? '');
    if (!r.endsWith(suffix)) return t.skip(`server assigns its own resources ('${r}')`);
    t.check(r === `caf\u00e9-${suffix}`, `resource 'café-${suffix}' in NFC`, JSON.stringify(r));
  },
});

export const bindBeforeAuth = defineCase({
  id: 'rfc6120/bind/not-before-auth',
  title: 'before SASL authentication <bind/> is neither offered nor performed',
  area: 'bind',
  role: 'server',
  refs: [
    { rfc: 6120, section: '7.4', level: 'MUST NOT' },
    { rfc: 6120, section: '4.3.6', level: 'MUST' },
  ],
  requirements: ['rfc6120-7.4-no-bind-before-auth'],
  tags: ['auth'],
  async run(t) {
    const s = await t.secured();
    if (s.features && saslMechanisms(s.features).length === 0) return t.skip('no SASL offered, so no pre-authentication state to test');
    // RFC 6120 §7.4: the bind feature belongs to the features after authentication only, so the
    // (post-TLS) features before SASL must not list it.
    const offered = s.features?.children.some((c) => typeof c !== 'string' && c.name === 'bind' && c.ns === NS_BIND) === true;
    t.check(!offered, 'no <bind/> among the stream features before authentication', offered ? 'the features before SASL offer <bind/>' : 'not offered');
    s.send(el('iq', { type: 'set', id: 'bind-before-auth' }, el('bind', { xmlns: NS_BIND }, el('resource', {}, 'early'))));
    const ev = await s.nextEvent('an error for the pre-authentication bind');
    if (ev.kind === 'element' && ev.el.name === 'iq') {
      t.check(ev.el.attrs['type'] === 'error', 'an iq error (or a stream error)', describe(ev.el));
      return;
    }
    if (ev.kind === 'element') {
      t.check(ev.el.name === 'error' && ev.el.ns === NS_STREAMS, 'an iq error or a stream error', describe(ev.el));
    }
    t.note(ev.kind === 'element' ? 'server closed the stream with a stream error' : `server ended the stream (${ev.kind})`);
  },
});
