// Service discovery sent to accounts (XEP-0030 §3.1, §4.1, §8): the server answers for a bare JID
// on the account's behalf, and guards what it tells others; a full JID's request reaches the client.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { barrier, drain, type Session } from '../../harness/session/index.js';
import type { SpecRef } from '../../harness/spec.js';
import { children, el, type XmlElement } from '../../harness/xml/index.js';
import { bareJid, sameJid } from '../../harness/jid/index.js';
import { online } from '../im-steps.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS } from './caps-hash.js';
import { conditionOf, describeAnswer, discoGet, identitiesOf, queryOf, XEP0030, type DiscoKind } from './disco-steps.js';

const ACCOUNTS = { area: 'disco' as const, role: 'server' as const };

/** Two sessions of account 0: `asker` asks, `other` is a second resource with available presence. */
async function twoResources(t: CaseContext): Promise<[Session, Session]> {
  const asker = await t.step('log in the asking resource', () => t.login(0));
  const other = await t.step('log in a second resource with presence', () => t.login(0, { actor: 'second' }));
  other.send(el('presence'));
  await barrier(other);
  return [asker, other];
}

/** Whether a disco request of `kind` reached `s` (the server passed it on instead of answering). */
async function reached(s: Session, kind: DiscoKind): Promise<boolean> {
  await barrier(s);
  const ns = kind === 'info' ? NS_DISCO_INFO : NS_DISCO_ITEMS;
  return drain(s, (e) => e.name === 'iq' && e.attrs['type'] === 'get' && children(e).some((c) => c.ns === ns)).length > 0;
}

function ownBareCase(kind: DiscoKind) {
  return defineCase({
    ...ACCOUNTS,
    id: `xep0030/disco/own-bare-${kind}-answered-by-server`,
    title: `a disco#${kind} request to the account's bare JID is answered by the server 'from' that bare JID, not passed to its resources`,
    // a second resource of account 0 comes and goes with available presence: the case runs alone
    needs: { accounts: 1, serial: true },
    refs: [XEP0030(kind === 'info' ? '3.1' : '4.1')],
    requirements: [kind === 'info' ? 'xep0030-3.1-bare-jid-server-replies' : 'xep0030-4.1-bare-jid-items-server-replies'],
    tags: ['disco', kind, 'bare-jid'],
    async run(t) {
      const [asker, other] = await twoResources(t);
      const bare = bareJid(asker.jid);
      const answer = await t.step(`send disco#${kind} to ${bare}`, () => discoGet(asker, kind, bare));
      t.check(sameJid(answer.attrs['from'], bare) || answer.attrs['from'] === undefined, `an answer from '${bare}'`, `from='${answer.attrs['from'] ?? ''}'`);
      t.check(!(await reached(other, kind)), 'the request kept by the server', 'it reached the second resource');
      t.note(`the server answered with ${describeAnswer(t, answer)}`);
    },
  });
}

export const ownBareInfo = ownBareCase('info');
export const ownBareItems = ownBareCase('items');

export const ownBareAccountIdentity = defineCase({
  ...ACCOUNTS,
  id: 'xep0030/disco/own-bare-info-account-identity',
  title: "the server's disco#info result for the account's own bare JID names an identity of category 'account'",
  needs: { accounts: 1 },
  refs: [XEP0030('3.1', 'SHOULD')],
  requirements: ['xep0030-3.1-bare-jid-account-identity'],
  tags: ['disco', 'info', 'bare-jid', 'identity'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const bare = bareJid(s.jid);
    const answer = await t.step(`send disco#info to ${bare}`, () => discoGet(s, 'info', bare));
    const c = conditionOf(t, answer);
    t.check(c === undefined, 'a result (the account asks about itself, so access is not denied)', describeAnswer(t, answer));
    const ids = identitiesOf(queryOf(answer, 'info') ?? el('query'));
    const account = ids.find((i) => i.attrs['category'] === 'account');
    t.check(
      account !== undefined,
      "an identity of category 'account'",
      ids.length ? ids.map((i) => `${i.attrs['category'] ?? '?'}/${i.attrs['type'] ?? '?'}`).join(', ') : 'no identity',
    );
    if (account && account.attrs['type'] !== 'registered') t.note(`account type '${account.attrs['type'] ?? ''}'`);
  },
});

/** An address at the server's domain that no account has. */
const nobody = (t: CaseContext): string => `xc-nobody-${t.id()}@${t.target.domain}`;

export const nonexistentBareInfo = defineCase({
  ...ACCOUNTS,
  id: 'xep0030/disco/nonexistent-bare-info-unavailable',
  title: 'a disco#info request to a bare JID at the server with no account gets <service-unavailable/>',
  needs: { accounts: 1 },
  refs: [XEP0030('8')],
  requirements: ['xep0030-8-bare-info-nonexistent-unavailable'],
  tags: ['disco', 'info', 'bare-jid', 'errors', 'privacy'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const answer = await t.step('send disco#info to an account that does not exist', () => discoGet(s, 'info', nobody(t)));
    t.check(conditionOf(t, answer) === 'service-unavailable', 'an error <service-unavailable/>', describeAnswer(t, answer));
  },
});

export const nonexistentBareItems = defineCase({
  ...ACCOUNTS,
  id: 'xep0030/disco/nonexistent-bare-items-empty',
  title: 'a disco#items request to a bare JID at the server with no account gets an empty result',
  needs: { accounts: 1 },
  refs: [XEP0030('8')],
  requirements: ['xep0030-8-bare-items-nonexistent-empty'],
  tags: ['disco', 'items', 'bare-jid', 'privacy'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const answer = await t.step('send disco#items to an account that does not exist', () => discoGet(s, 'items', nobody(t)));
    t.check(conditionOf(t, answer) === undefined, 'a result', describeAnswer(t, answer));
    const q = queryOf(answer, 'items');
    const n = q ? children(q, 'item', NS_DISCO_ITEMS).length : 0;
    t.check(n === 0, 'an empty <query/>', `${n} item(s)`);
  },
});

/** Accounts 0 and 1 online, neither with a subscription to the other (the suite's contacts cleared). */
async function strangers(t: CaseContext): Promise<[Session, Session]> {
  const a = await t.step('log in the asker, its roster cleared', () => online(t, 0, { resetRoster: true }));
  const b = await t.step('log in the other account with presence, its roster cleared', () => online(t, 1, { resetRoster: true }));
  return [a, b];
}

export const strangerBareInfo = defineCase({
  ...ACCOUNTS,
  id: 'xep0030/disco/stranger-bare-info-unavailable',
  title: 'a disco#info request to another account that shares no presence with the asker gets <service-unavailable/>',
  needs: { accounts: 2, serial: true },
  refs: [XEP0030('8')],
  requirements: ['xep0030-8-bare-info-unauthorized-unavailable'],
  tags: ['disco', 'info', 'bare-jid', 'privacy'],
  async run(t) {
    const [a, b] = await strangers(t);
    const answer = await t.step("send disco#info to the other account's bare JID", () => discoGet(a, 'info', bareJid(b.jid)));
    t.check(conditionOf(t, answer) === 'service-unavailable', 'an error <service-unavailable/>', describeAnswer(t, answer));
  },
});

export const strangerBareItems = defineCase({
  ...ACCOUNTS,
  id: 'xep0030/disco/stranger-bare-items-no-resources',
  title: 'a disco#items request to another account that shares no presence with the asker gets a result listing none of its resources',
  needs: { accounts: 2, serial: true },
  refs: [XEP0030('8')],
  requirements: ['xep0030-8-bare-items-unauthorized-no-resources'],
  tags: ['disco', 'items', 'bare-jid', 'privacy'],
  async run(t) {
    const [a, b] = await strangers(t);
    const answer = await t.step("send disco#items to the other account's bare JID", () => discoGet(a, 'items', bareJid(b.jid)));
    t.check(conditionOf(t, answer) === undefined, 'a result (an empty set where the only items are resources)', describeAnswer(t, answer));
    const items = children(queryOf(answer, 'items') ?? el('query'), 'item', NS_DISCO_ITEMS);
    const leaked = items.filter((i) => (i.attrs['jid'] ?? '').includes('/') && bareJid(i.attrs['jid'] ?? '') === bareJid(b.jid));
    t.check(leaked.length === 0, "none of the other account's resources", leaked.map((i) => i.attrs['jid']).join(', '));
    if (items.length > 0) t.note(`${items.length} other item(s) listed`);
  },
});

export const fullJidRouted = defineCase({
  ...ACCOUNTS,
  id: 'xep0030/disco/full-jid-info-routed',
  title: "a disco#info request to a connected full JID reaches that resource, and its answer comes back 'from' it",
  // a second resource with available presence: alone, like the bare-JID cases
  needs: { accounts: 1, serial: true },
  refs: [{ rfc: 6120, section: '10.5.4', level: 'MUST' }, { rfc: 6121, section: '8.5.3.1', level: 'MUST' }, XEP0030('3.1')],
  requirements: ['rfc6120-10.5.4-deliver-full-jid', 'rfc6121-8.5.3.1-iq-response-delivered'],
  tags: ['disco', 'info', 'full-jid', 'routing'],
  async run(t) {
    const deliver: SpecRef = { rfc: 6120, section: '10.5.4', level: 'MUST' };
    const response: SpecRef = { rfc: 6121, section: '8.5.3.1', level: 'MUST' };
    const [asker, other] = await twoResources(t);
    const id = t.id();
    asker.send(el('iq', { type: 'get', to: other.jid ?? '', id }, el('query', { xmlns: NS_DISCO_INFO })));
    const got = await t.step('wait for the request at the second resource', () => other.waitFor(el('iq', { type: 'get', id }), { ref: deliver }));
    t.check(sameJid(got.attrs['from'], asker.jid), `from='${asker.jid ?? ''}'`, `from='${got.attrs['from'] ?? ''}'`);
    const reply: XmlElement = el(
      'iq',
      { type: 'result', to: got.attrs['from'] ?? '', id },
      el(
        'query',
        { xmlns: NS_DISCO_INFO },
        el('identity', { category: 'client', type: 'pc', name: 'xmpp-conformance' }),
        el('feature', { var: NS_DISCO_INFO }),
      ),
    );
    other.send(reply);
    const answer = await t.step('wait for the answer at the asker', () => asker.waitFor(el('iq', { id }), { ref: response }));
    t.check(answer.attrs['type'] === 'result', "the client's result", describeAnswer(t, answer), response);
    t.check(sameJid(answer.attrs['from'], other.jid), `from='${other.jid ?? ''}'`, `from='${answer.attrs['from'] ?? ''}'`, response);
  },
});

export const fullJidGone = defineCase({
  ...ACCOUNTS,
  id: 'xep0030/disco/full-jid-unknown-resource-unavailable',
  title: "a disco#info request to the account's full JID with a resource that is not connected gets <service-unavailable/>",
  needs: { accounts: 1 },
  refs: [{ rfc: 6121, section: '8.5.3.2.3', level: 'MUST' }, XEP0030('3.1')],
  requirements: ['rfc6121-8.5.3.2.3-iq-service-unavailable'],
  tags: ['disco', 'info', 'full-jid', 'errors'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const to = `${bareJid(s.jid)}/xc-gone-${t.id()}`;
    const answer = await t.step('send disco#info to a resource that is not connected', () => discoGet(s, 'info', to));
    t.check(conditionOf(t, answer) === 'service-unavailable', 'an error <service-unavailable/>', describeAnswer(t, answer));
  },
});
