// RFC 6120 §8.2.3 (iq semantics), §10.3.3 (iq without 'to'), §8.4 (unknown payloads), §10.5.3.1.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import { NS_PING } from '../../harness/xml/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { errorOf } from '../steps.js';
import { arrivedBy, settle, twoOnline } from '../im-steps.js';

const UNKNOWN_NS = 'urn:xmpp-conformance:unknown:0';
const unknownPayload = (): XmlElement => el('query', { xmlns: UNKNOWN_NS }, el('item', { n: '1' }, 'payload'));

/** Sends raw iq text with a fresh id and resolves with the answer for that id. */
async function rawIq(t: CaseContext, s: Session, build: (id: string) => string): Promise<XmlElement> {
  const id = t.id();
  s.sendRaw(build(id));
  return s.waitFor(el('iq', { id }));
}

function expectError(t: CaseContext, res: XmlElement, conditions: readonly string[], preferred?: string): void {
  t.check(res.attrs['type'] === 'error', "an iq of type 'error'", `type='${res.attrs['type'] ?? ''}'`);
  const { condition } = errorOf(t, res);
  if (preferred && condition !== preferred && conditions.includes(condition ?? '')) t.note(`server chose <${condition}/> (the RFC suggests <${preferred}/>)`);
  t.check(conditions.includes(condition ?? ''), conditions.map((c) => `<${c}/>`).join(' or '), `<${condition ?? 'no condition'}/>`);
}

export const iqIdPreserved = defineCase({
  id: 'rfc6120/stanza/iq-result-keeps-id',
  title: "the server's answer to an iq get carries the request's id",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  requirements: ['rfc6120-8.2.3-iq-response-id', 'rfc6120-8.1.3-response-id-match'],
  tags: ['iq'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const id = t.id();
    a.send(el('iq', { type: 'get', id, to: t.target.domain }, el('ping', { xmlns: NS_PING })));
    const res = await a.next({ what: `the answer to iq '${id}'` });
    t.check(res.name === 'iq' && res.attrs['id'] === id, `an iq answer with id='${id}'`, `<${res.name} id='${res.attrs['id'] ?? ''}'>`);
    t.check(res.attrs['type'] === 'result' || res.attrs['type'] === 'error', "type 'result' or 'error'", `type='${res.attrs['type'] ?? ''}'`);
  },
});

export const iqUnknownNamespaceServer = defineCase({
  id: 'rfc6120/stanza/iq-unknown-namespace-no-to',
  title: "an iq get without 'to' whose payload namespace the server does not know gets <service-unavailable/>",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.3.3', level: 'MUST' }],
  requirements: ['rfc6120-10.3.3-unknown-namespace-service-unavailable'],
  tags: ['iq', 'errors'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    expectError(t, await a.iq(el('iq', { type: 'get' }, unknownPayload())), ['service-unavailable']);
  },
});

export const iqSetUnknownNamespaceDomain = defineCase({
  id: 'rfc6120/stanza/iq-set-unknown-namespace-to-domain',
  title: 'an iq set to the domain with an unknown payload namespace gets <service-unavailable/>',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.4', level: 'MUST' }],
  requirements: ['rfc6120-8.4-unknown-iq-service-unavailable'],
  tags: ['iq', 'errors'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    expectError(t, await a.iq(el('iq', { type: 'set', to: t.target.domain }, unknownPayload())), ['service-unavailable']);
  },
});

export const iqUnknownNamespaceBareJid = defineCase({
  id: 'rfc6120/stanza/iq-unknown-namespace-to-bare-jid',
  title: "an iq to the account's own bare JID with an unknown payload is answered by the server with <service-unavailable/>",
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '10.5.3.2', level: 'MUST' },
    { rfc: 6120, section: '8.4', level: 'MUST' },
  ],
  requirements: ['rfc6120-10.5.3.2-iq-handled-for-account', 'rfc6120-8.4-unknown-iq-service-unavailable'],
  tags: ['iq', 'errors'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get', to: bareJid(a.jid) }, unknownPayload()));
    expectError(t, res, ['service-unavailable']);
  },
});

export const iqToNonexistentUser = defineCase({
  id: 'rfc6120/stanza/iq-to-nonexistent-user',
  title: 'an iq to a user that does not exist gets <service-unavailable/>',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.5.3.1', level: 'MUST' }],
  requirements: ['rfc6120-10.5.3.1-iq-no-such-user', 'rfc6120-8.3.3.19-service-unavailable-no-leak', 'rfc6121-8.5.1-iq-service-unavailable'],
  tags: ['iq', 'errors', 'privacy'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get', to: `xc-nobody-${t.id()}@${t.target.domain}` }, el('ping', { xmlns: NS_PING })));
    expectError(t, res, ['service-unavailable']);
  },
});

export const iqToUnavailableResource = defineCase({
  id: 'rfc6120/stanza/iq-to-unavailable-resource',
  title: 'an iq with an unknown payload to a resource that is not connected is answered with <service-unavailable/>',
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '10.5.4', level: 'SHOULD' },
    { rfc: 6120, section: '8.4', level: 'MUST' },
  ],
  requirements: ['rfc6120-10.5.4-no-such-resource-as-bare'],
  tags: ['iq', 'errors', 'multi-session'],
  needs: { accounts: 2 },
  async run(t) {
    const a = await t.login(0);
    const to = `${t.account(1).jid}/xc-gone-${t.id()}`;
    // Handled as if sent to the bare JID, where the server answers for the account (§10.5.3.2), and
    // a payload nobody understands gets <service-unavailable/> (§8.4). RFC 6121 §8.5.3.2.3 asks the
    // same condition outright, so this case and rfc6121/im/iq-to-gone-resource agree.
    expectError(t, await a.iq(el('iq', { type: 'get', to }, unknownPayload())), ['service-unavailable']);
  },
});

export const iqMissingType = defineCase({
  id: 'rfc6120/stanza/iq-missing-type',
  title: "an iq without a 'type' gets a <bad-request/> error",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  requirements: ['rfc6120-8.2.3-iq-type-bad-request'],
  tags: ['iq', 'errors'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await rawIq(t, a, (id) => `<iq id='${id}' to='${t.target.domain}'><ping xmlns='${NS_PING}'/></iq>`);
    expectError(t, res, ['bad-request']);
  },
});

export const iqBadType = defineCase({
  id: 'rfc6120/stanza/iq-unknown-type',
  title: "an iq with type='bogus' gets a <bad-request/> error",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  requirements: ['rfc6120-8.2.3-iq-type-bad-request'],
  tags: ['iq', 'errors'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await rawIq(t, a, (id) => `<iq id='${id}' type='bogus' to='${t.target.domain}'><ping xmlns='${NS_PING}'/></iq>`);
    expectError(t, res, ['bad-request']);
  },
});

export const iqNoChild = defineCase({
  id: 'rfc6120/stanza/iq-get-without-child',
  title: 'an iq get with no child element is answered with an error (not silence, not a result)',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  // The one-child rule binds the sender of an iq; this case judges only the answer to one that
  // breaks it, so it lists the answering rule alone.
  requirements: ['rfc6120-8.2.3-reply-to-get-set'],
  tags: ['iq', 'errors'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await rawIq(t, a, (id) => `<iq id='${id}' type='get' to='${t.target.domain}'/>`);
    expectError(t, res, ['bad-request', 'service-unavailable', 'feature-not-implemented'], 'bad-request');
  },
});

export const iqTwoChildren = defineCase({
  id: 'rfc6120/stanza/iq-get-with-two-children',
  title: 'an iq get with two child elements is answered with an error',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  // As above: the one-child rule binds the sender; the answer is what is judged here.
  requirements: ['rfc6120-8.2.3-reply-to-get-set'],
  tags: ['iq', 'errors'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await rawIq(t, a, (id) => `<iq id='${id}' type='get' to='${t.target.domain}'><ping xmlns='${NS_PING}'/><ping xmlns='${NS_PING}'/></iq>`);
    expectError(t, res, ['bad-request', 'service-unavailable', 'feature-not-implemented'], 'bad-request');
  },
});

function unansweredCase(type: 'result' | 'error') {
  return defineCase({
    id: `rfc6120/stanza/unsolicited-iq-${type}-ignored`,
    title: `an iq of type '${type}' that answers nothing is ignored by the server (no reply)`,
    area: 'stanza',
    role: 'server',
    refs: [
      { rfc: 6120, section: '10.3.3', level: 'MUST' },
      { rfc: 6120, section: '8.2.3', level: 'MUST NOT' },
    ],
    requirements: ['rfc6120-10.3.3-ignore-unmatched-result-error', 'rfc6120-8.2.3-no-reply-to-result-error'],
    tags: ['iq'],
    needs: { accounts: 1 },
    async run(t) {
      const a = await t.login(0);
      const id = t.id();
      const payload = type === 'error' ? "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>" : '';
      a.sendRaw(`<iq id='${id}' type='${type}'>${payload}</iq>`);
      // The ping's answer proves the server has processed the unsolicited stanza.
      const replies = await arrivedBy(a, (e) => e.name === 'iq' && e.attrs['id'] === id);
      t.check(replies.length === 0, 'no answer to it', `${replies.length} answer(s), type='${replies[0]?.attrs['type'] ?? ''}'`);
    },
  });
}

export const unsolicitedResult = unansweredCase('result');
export const unsolicitedError = unansweredCase('error');

export const iqRoutedAndAnswered = defineCase({
  id: 'rfc6120/stanza/iq-routed-to-full-jid',
  title: "an iq get to another client's full JID is delivered unmodified, and its result comes back with the same id",
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '10.5.4', level: 'MUST' },
    { rfc: 6120, section: '8.4', level: 'MUST' },
  ],
  requirements: ['rfc6120-10.5.4-deliver-full-jid', 'rfc6120-8.4-route-unknown-unmodified', 'rfc6121-8.5.3.1-iq-response-delivered'],
  tags: ['iq', 'multi-session', 'routing'],
  needs: { accounts: 2 },
  async run(t) {
    const [a, b] = await twoOnline(t);
    // RFC 6121 §8.5.3.1: an iq reaches a full JID only if its owner shares presence with the sender.
    b.send(el('presence', { to: a.jid ?? '' }));
    await settle(b, a);
    const id = t.id();
    a.send(el('iq', { type: 'get', id, to: b.jid ?? '' }, unknownPayload()));
    const got = await b.waitFor(el('iq', { id }));
    const q = got.children.find((c): c is XmlElement => typeof c === 'object');
    t.check(
      q?.ns === UNKNOWN_NS && q.name === 'query',
      `the <query xmlns='${UNKNOWN_NS}'/> payload delivered`,
      q ? `<${q.name} xmlns='${q.ns}'>` : 'no payload',
    );
    b.send(el('iq', { type: 'result', id, to: a.jid ?? '' }));
    const res = await a.waitFor(el('iq', { id }));
    t.check(
      res.attrs['type'] === 'result' && res.attrs['from'] === b.jid,
      `a result from '${b.jid}'`,
      `type='${res.attrs['type'] ?? ''}' from='${res.attrs['from'] ?? ''}'`,
    );
  },
});
