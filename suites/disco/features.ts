// Features that match behaviour (XEP-0030 §3.1: a listed feature is one the entity offers): for
// each protocol the server lists in its disco#info (or as a stream feature), a request of that
// protocol must work. A feature the server does not list skips its case.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { barrier, type Session } from '../../harness/session/index.js';
import type { SpecRef } from '../../harness/spec.js';
import { child, el, text, type XmlElement } from '../../harness/xml/index.js';
import { NS_PING, NS_ROSTER, NS_VERSION } from '../../harness/xml/index.js';
import { online } from '../im-steps.js';
import { conditionOf, describeAnswer, requireServerFeature, XEP0030 } from './disco-steps.js';

const FEATURE = { area: 'disco' as const, role: 'server' as const, needs: { accounts: 1 }, requirements: ['xep0030-3.1-feature-offered'] };

interface Probe {
  readonly slug: string;
  readonly feature: string;
  readonly what: string;
  /** the request, sent by the logged-in session */
  readonly request: (t: CaseContext) => XmlElement;
  /** where to: the server's domain (default), or no 'to' (the account, as the protocol's examples send it) */
  readonly to?: 'domain' | 'none';
  /** checks the answer; the default wants a result */
  readonly check?: (t: CaseContext, answer: XmlElement, ref: SpecRef) => void;
  /** undoes what the request changed */
  readonly undo?: (s: Session) => Promise<unknown>;
}

const NS_CARBONS = 'urn:xmpp:carbons:2';
const NS_VCARD = 'vcard-temp';
const NS_TIME = 'urn:xmpp:time';
const NS_LAST = 'jabber:iq:last';

const PROBES: readonly Probe[] = [
  {
    slug: 'ping',
    feature: NS_PING,
    what: 'a ping to the server (XEP-0199) gets a result',
    request: () => el('iq', { type: 'get' }, el('ping', { xmlns: NS_PING })),
  },
  {
    slug: 'version',
    feature: NS_VERSION,
    what: 'a software version request (XEP-0092) gets a result naming the software',
    request: () => el('iq', { type: 'get' }, el('query', { xmlns: NS_VERSION })),
    check: (t, a, ref) =>
      t.check(!!child(child(a, 'query', NS_VERSION) ?? el('x'), 'name', NS_VERSION), '<query><name/></query> in the result', 'no <name/>', ref),
  },
  {
    slug: 'carbons',
    feature: NS_CARBONS,
    what: "enabling message carbons (XEP-0280, an iq without 'to') gets a result",
    to: 'none',
    request: () => el('iq', { type: 'set' }, el('enable', { xmlns: NS_CARBONS })),
    undo: (s) => s.iq(el('iq', { type: 'set' }, el('disable', { xmlns: NS_CARBONS }))),
  },
  {
    slug: 'vcard',
    feature: NS_VCARD,
    what: "a get of the account's own vCard (XEP-0054, an iq without 'to') gets a result or <item-not-found/>",
    to: 'none',
    request: () => el('iq', { type: 'get' }, el('vCard', { xmlns: NS_VCARD })),
    check: (t, a, ref) => {
      const c = conditionOf(t, a);
      t.check(c === undefined || c === 'item-not-found', 'a result (or <item-not-found/> for no vCard yet)', describeAnswer(t, a), ref);
    },
  },
  {
    slug: 'time',
    feature: NS_TIME,
    what: 'an entity time request (XEP-0202) gets a result with <utc/>',
    request: () => el('iq', { type: 'get' }, el('time', { xmlns: NS_TIME })),
    check: (t, a, ref) => t.check(!!child(child(a, 'time', NS_TIME) ?? el('x'), 'utc', NS_TIME), '<time><utc/></time> in the result', 'no <utc/>', ref),
  },
  {
    slug: 'last',
    feature: NS_LAST,
    what: "a last activity request to the server (XEP-0012) gets a result with 'seconds'",
    request: () => el('iq', { type: 'get' }, el('query', { xmlns: NS_LAST })),
    check: (t, a, ref) => t.check(/^\d+$/.test(child(a, 'query', NS_LAST)?.attrs['seconds'] ?? ''), "<query seconds='…'/> in the result", 'none', ref),
  },
];

function probeCase(p: Probe) {
  return defineCase({
    ...FEATURE,
    id: `xep0030/disco/feature-${p.slug}-works`,
    title: `where the server lists '${p.feature}', ${p.what}`,
    refs: [XEP0030('3.1')],
    tags: ['disco', 'features', p.slug],
    async run(t) {
      const s = await t.step('log in', () => t.login(0));
      await requireServerFeature(t, s, p.feature);
      const to = p.to === 'none' ? undefined : t.target.domain;
      const request = p.request(t);
      const sent = to === undefined ? request : { ...request, attrs: { ...request.attrs, to } };
      const answer = await t.step(`send the ${p.slug} request ${to === undefined ? "without 'to'" : `to ${to}`}`, () => s.iq(sent));
      if (p.undo) t.cleanup(async () => void (await p.undo?.(s)));
      if (p.check) p.check(t, answer, t.ref);
      else t.check(answer.attrs['type'] === 'result', 'a result', describeAnswer(t, answer));
    },
  });
}

export const featureProbes = PROBES.map(probeCase);

export const featureMsgOffline = defineCase({
  ...FEATURE,
  id: 'xep0030/disco/feature-msgoffline-works',
  title: "where the server lists 'msgoffline', a chat message to an account with no resource online reaches it when it next logs in",
  needs: { accounts: 2, serial: true },
  refs: [XEP0030('3.1')],
  tags: ['disco', 'features', 'offline'],
  async run(t) {
    const sender = await t.step('log in the sender with presence', () => online(t, 0, { resetRoster: false }));
    await requireServerFeature(t, sender, 'msgoffline');
    // a login and logout first: a server may only keep messages for accounts that have had a session (jabberd2 bounces them otherwise)
    const before = await t.step('log the recipient in once and out again', () => t.login(1, { actor: 'recipient-before' }));
    await before.closeGracefully();
    const to = t.account(1).jid;
    const id = t.id();
    sender.send(el('message', { type: 'chat', to, id }, el('body', {}, `stored ${id}`)));
    await barrier(sender);
    const rcpt = await t.step('log the recipient in with presence', () => online(t, 1, { resetRoster: false }));
    const got = await t.step('wait for the stored message', () => rcpt.waitFor(el('message', { id }), { within: 3000 }).catch(() => undefined));
    t.check(got !== undefined && text(child(got, 'body') ?? el('x')) === `stored ${id}`, 'the message stored and delivered on login', 'it did not arrive');
  },
});

export const featureRosterver = defineCase({
  area: 'disco',
  role: 'server',
  needs: { accounts: 1 },
  id: 'xep0030/disco/feature-rosterver-works',
  title: "where the server lists the stream feature 'urn:xmpp:features:rosterver', a roster get with ver='' is answered with a version or an empty result",
  refs: [{ rfc: 6121, section: '2.6.3', level: 'MUST' }],
  requirements: ['rfc6121-2.6.3-full-or-empty-result'],
  tags: ['disco', 'features', 'roster', 'versioning'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    if (!s.features || !child(s.features, 'ver', 'urn:xmpp:features:rosterver'))
      t.skip("the server lists no <ver xmlns='urn:xmpp:features:rosterver'/> stream feature");
    const answer = await t.step("send a roster get with ver=''", () => s.iq(el('iq', { type: 'get' }, el('query', { xmlns: NS_ROSTER, ver: '' }))));
    t.check(answer.attrs['type'] === 'result', 'a result', describeAnswer(t, answer));
    const q = child(answer, 'query', NS_ROSTER);
    t.check(q === undefined || q.attrs['ver'] !== undefined, "the full roster with a 'ver', or an empty result", "the full roster without 'ver'");
  },
});
