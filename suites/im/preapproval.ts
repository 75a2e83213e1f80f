// RFC 6121 §3.4: pre-approved subscriptions, for servers that advertise them (§3.4.1: the stream
// feature <sub xmlns='urn:xmpp:features:pre-approval'/>); the cases skip on servers that do not.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { barrier, type Session } from '../../harness/session/index.js';
import { child, el } from '../../harness/xml/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { arrivedBy, online, pres, presenceOf, pushedItem, pushFor, subscribe } from '../im-steps.js';

const PRE = { area: 'im' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };

const NS_PREAPPROVAL = 'urn:xmpp:features:pre-approval';

/**
 * `b` pre-approves `a` (§3.4.2: 'subscribed' with nothing pending); resolves with the push it
 * caused. Skips unless `b`'s server advertised pre-approval after authentication (§3.4.1: a client
 * MUST NOT pre-approve otherwise); an advertised pre-approval that changes nothing fails.
 */
async function preapprove(t: CaseContext, b: Session, a: Session): Promise<XmlElement> {
  if (!b.features || !child(b.features, 'sub', NS_PREAPPROVAL)) {
    t.skip(`the server does not advertise subscription pre-approval (<sub xmlns='${NS_PREAPPROVAL}'/>, RFC 6121 §3.4.1)`);
  }
  b.send(pres('subscribed', bareJid(a.jid)));
  const [push] = await arrivedBy(b, pushFor(a.jid ?? ''));
  if (!push) return t.fail(`a roster push for the pre-approved ${bareJid(a.jid)}`, 'no push: the advertised pre-approval left the roster unchanged');
  return push;
}

export const preapprovalAutoApproves = defineCase({
  ...PRE,
  id: 'rfc6121/im/preapproval-auto-approves',
  title: 'a pre-approval creates an item and goes nowhere; the later request is approved by the server, unseen by the contact',
  refs: [{ rfc: 6121, section: '3.4.2', level: 'MUST' }],
  requirements: [
    'rfc6121-3.4.2-create-preapproved-item',
    'rfc6121-3.4.2-no-route-preapproval',
    'rfc6121-3.4.2-no-deliver-subscribe-when-approved',
    'rfc6121-3.4.2-auto-subscribed',
  ],
  tags: ['subscription', 'pre-approval'],
  async run(t) {
    const [a, b] = [await online(t, 0), await online(t, 1)];
    const item = pushedItem(await preapprove(t, b, a));
    t.check(item['subscription'] === 'none', "a pushed item with subscription='none'", `subscription='${item['subscription'] ?? ''}'`);
    if (item['approved'] !== 'true') t.note("the pushed item has no approved='true'");
    await barrier(b);
    const leaked = await arrivedBy(a, presenceOf(b.jid ?? '', 'subscribed'));
    t.check(leaked.length === 0, 'the pre-approval not delivered to the user', "'subscribed' delivered");
    a.send(pres('subscribe', bareJid(b.jid)));
    const got = await a.waitFor(el('presence', { type: 'subscribed' }));
    t.check(got.attrs['from'] === bareJid(b.jid), `'subscribed' from '${bareJid(b.jid)}'`, `from='${got.attrs['from'] ?? ''}'`);
    const shown = await arrivedBy(b, presenceOf(a.jid ?? '', 'subscribe'));
    t.check(shown.length === 0, 'the request not shown to the pre-approving contact', "'subscribe' delivered");
  },
});

export const preapprovalWithdrawn = defineCase({
  ...PRE,
  id: 'rfc6121/im/preapproval-withdrawn',
  title: "'unsubscribed' withdraws a pre-approval without reaching the user; the next request waits for the contact",
  refs: [{ rfc: 6121, section: '3.2.2', level: 'MUST' }],
  requirements: ['rfc6121-3.2.2-remove-preapproval', 'rfc6121-3.2.2-no-route-preapproval-cancel'],
  tags: ['subscription', 'pre-approval'],
  async run(t) {
    const [a, b] = [await online(t, 0), await online(t, 1)];
    await preapprove(t, b, a);
    b.send(pres('unsubscribed', bareJid(a.jid)));
    await barrier(b);
    const leaked = await arrivedBy(a, presenceOf(b.jid ?? '', 'unsubscribed'));
    t.check(leaked.length === 0, 'the withdrawal not delivered to the user', "'unsubscribed' delivered");
    a.send(pres('subscribe', bareJid(b.jid)));
    const approved = await arrivedBy(a, presenceOf(b.jid ?? '', 'subscribed'));
    t.check(approved.length === 0, 'no approval by the server', "'subscribed' from the server: the withdrawn pre-approval still approved the request");
    const asked = await arrivedBy(b, presenceOf(a.jid ?? '', 'subscribe'));
    t.check(asked.length === 1, 'the request delivered to the contact', asked.length === 0 ? 'no request' : `${asked.length} requests`);
  },
});

export const preapprovalWhenFrom = defineCase({
  ...PRE,
  id: 'rfc6121/im/approval-when-already-subscribed-dropped',
  title: 'an approval for a user who is already subscribed is dropped: the user gets nothing',
  refs: [{ rfc: 6121, section: '3.4.2', level: 'MUST' }],
  requirements: ['rfc6121-3.4.2-ignore-when-from'],
  tags: ['subscription', 'pre-approval'],
  async run(t) {
    const [a, b] = [await online(t, 0), await online(t, 1)];
    await subscribe(a, b);
    b.send(pres('subscribed', bareJid(a.jid)));
    await barrier(b);
    const got = await arrivedBy(a, (e) => presenceOf(b.jid ?? '', 'subscribed')(e) || pushFor(b.jid ?? '')(e));
    t.check(got.length === 0, 'nothing at the user', got.map((e) => `<${e.name} type='${e.attrs['type'] ?? ''}'>`).join(', '));
  },
});

export const probeKeepsPreapproval = defineCase({
  ...PRE,
  id: 'rfc6121/im/probe-keeps-preapproval',
  title: 'a probe answered with unsubscribed does not cancel the pre-approval the contact granted',
  refs: [{ rfc: 6121, section: '4.3.2', level: 'MUST NOT' }],
  requirements: ['rfc6121-4.3.2-unsubscribed-keeps-preapproval'],
  tags: ['subscription', 'pre-approval', 'probe'],
  async run(t) {
    const [a, b] = [await online(t, 0), await online(t, 1)];
    await preapprove(t, b, a);
    a.send(el('presence', { type: 'probe', to: bareJid(b.jid) }));
    await barrier(a);
    a.send(pres('subscribe', bareJid(b.jid)));
    await a.waitFor(el('presence', { type: 'subscribed', from: bareJid(b.jid) }));
  },
});
