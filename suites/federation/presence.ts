// Presence across the federation once a subscription is in place (RFC 6121 §3.1.5-§3.1.6, §4.2-
// §4.5): current presence after approval, probes answered, updates and unavailable broadcast to a
// remote subscriber, nothing to a remote non-subscriber.
import { defineFederationCase } from '../../harness/federation/index.js';
import { barrier } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import { bareJid, sameJid } from '../../harness/jid/index.js';
import { childText } from '../../harness/xml/index.js';
import { acrossAndBack, nextMatching, pair, presenceOf, quiet, subscribeAcross } from './steps.js';

export const presenceAfterApproval = defineFederationCase({
  id: 'rfc6121/federation/presence-after-approval',
  title: "after a remote contact approves, the contact's available presence reaches the user",
  refs: [
    { rfc: 6121, section: '3.1.5', level: 'MUST' },
    { rfc: 6121, section: '3.1.6', level: 'MUST' },
  ],
  // not 'rfc6121-3.1.6-deliver-contact-presence' (to every resource of the user): the user has one
  requirements: ['rfc6121-3.1.5-send-current-presence'],
  tags: ['presence', 'subscription'],
  async run(t) {
    const [a, b] = await pair(t);
    a.send(el('presence', { to: bareJid(b.jid), type: 'subscribe' }));
    await nextMatching(b, `a subscribe from ${bareJid(a.jid)}`, presenceOf(a.jid, 'subscribe'));
    b.send(el('presence', { to: bareJid(a.jid), type: 'subscribed' }));
    const got = await t.step("wait for the contact's presence at the user", () =>
      nextMatching(a, `available presence from ${b.jid ?? ''}`, presenceOf(b.jid, undefined)),
    );
    t.check(sameJid(got.attrs['from'], b.jid), `from='${b.jid ?? ''}' (the contact's resource)`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const updateToSubscriber = defineFederationCase({
  id: 'rfc6121/federation/presence-update-to-remote-subscriber',
  title: 'a presence update reaches a subscriber on the other domain with its show and status unchanged',
  refs: [
    { rfc: 6121, section: '4.4.2', level: 'MUST' },
    { rfc: 6121, section: '4.4.3', level: 'MUST' },
  ],
  // not 'rfc6121-4.4.3-deliver-to-all-available': the subscriber has one resource
  requirements: ['rfc6121-4.4.2-broadcast-to-subscribers', 'rfc6121-4.4.2-broadcast-full-xml'],
  tags: ['presence'],
  async run(t) {
    const [a, b] = await pair(t);
    // the user subscribes to the contact: the contact's updates go to the user
    await subscribeAcross(t, a, b);
    const status = `away across ${t.id()}`;
    b.send(el('presence', {}, el('show', {}, 'away'), el('status', {}, status)));
    const got = await t.step('wait for the update at the subscriber', () =>
      nextMatching(a, `presence with status '${status}'`, (e) => presenceOf(b.jid, undefined)(e) && childText(e, 'status') === status),
    );
    t.check(childText(got, 'show') === 'away', '<show>away</show>', `<show/> ${JSON.stringify(childText(got, 'show'))}`);
    t.check(sameJid(got.attrs['from'], b.jid), `from='${b.jid ?? ''}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const unavailableToSubscriber = defineFederationCase({
  id: 'rfc6121/federation/unavailable-to-remote-subscriber',
  title: 'unavailable presence with a status reaches a subscriber on the other domain',
  refs: [
    { rfc: 6121, section: '4.5.2', level: 'MUST' },
    { rfc: 6121, section: '4.5.3', level: 'MUST' },
  ],
  // not 'rfc6121-4.5.3-deliver-to-all-available': the subscriber has one resource
  requirements: ['rfc6121-4.5.2-broadcast-unavailable', 'rfc6121-4.5.2-unavailable-full-xml'],
  tags: ['presence'],
  async run(t) {
    const [a, b] = await pair(t);
    await subscribeAcross(t, a, b);
    const status = `gone for now ${t.id()}`;
    b.send(el('presence', { type: 'unavailable' }, el('status', {}, status)));
    const got = await t.step('wait for the unavailable at the subscriber', () =>
      nextMatching(a, `unavailable presence from ${b.jid ?? ''}`, presenceOf(b.jid, 'unavailable')),
    );
    t.check(childText(got, 'status') === status, `<status/> '${status}'`, `<status/> ${JSON.stringify(childText(got, 'status'))}`, {
      rfc: 6121,
      section: '4.5.2',
      level: 'MUST',
    });
  },
});

export const noPresenceToNonSubscriber = defineFederationCase({
  id: 'rfc6121/federation/no-presence-to-remote-non-subscriber',
  title: 'a presence update does not reach an account on the other domain that is not subscribed',
  refs: [{ rfc: 6121, section: '4.4.2', level: 'MUST' }],
  requirements: ['rfc6121-4.4.2-broadcast-to-subscribers'],
  tags: ['presence'],
  async run(t) {
    const [a, b] = await pair(t);
    const status = `private ${t.id()}`;
    b.send(el('presence', {}, el('status', {}, status)));
    // whatever the contact's server sent before answering this ping has reached the user's server
    await acrossAndBack(b, t.a.domain);
    await barrier(a);
    const leaked = a.takeReceived((e) => presenceOf(b.jid, undefined)(e) && childText(e, 'status') === status);
    t.check(leaked === undefined, 'no presence from the contact at the user', `presence from ${leaked?.attrs['from'] ?? ''}`);
  },
});

export const probeOnLogin = defineFederationCase({
  id: 'rfc6121/federation/probe-on-initial-presence',
  title: "a user subscribed to a remote contact who comes online learns the contact's presence (the server probes the contact's server)",
  refs: [
    { rfc: 6121, section: '4.2.2', level: 'MUST' },
    { rfc: 6121, section: '4.3.2', level: 'MUST' },
  ],
  // not 'rfc6121-4.3-probe-bare-from' / 'rfc6121-4.3-probe-bare-to': the probe travels between the servers, unseen by the clients
  requirements: ['rfc6121-4.2.2-probe-contacts', 'rfc6121-4.3.1-probe-on-initial', 'rfc6121-4.3.2-reply-with-presence'],
  tags: ['presence', 'probe'],
  async run(t) {
    const [a, b] = await pair(t);
    await subscribeAcross(t, a, b);
    const status = `here ${t.id()}`;
    b.send(el('presence', {}, el('status', {}, status)));
    await nextMatching(a, 'the update at the user', (e) => presenceOf(b.jid, undefined)(e) && childText(e, 'status') === status);
    // the user's first session goes away; a new one's initial presence must make the server probe
    a.send(el('presence', { type: 'unavailable' }));
    await acrossAndBack(a, t.b.domain);
    await a.closeGracefully();
    const again = await t.a.login(0, { actor: 'a2' });
    await again.iq(el('iq', { type: 'get' }, el('query', { xmlns: 'jabber:iq:roster' })));
    again.send(el('presence'));
    const got = await t.step("wait for the contact's presence at the new session", () =>
      nextMatching(again, `presence from ${b.jid ?? ''}`, presenceOf(b.jid, undefined)),
    );
    t.check(
      childText(got, 'status') === status,
      `the contact's last presence (<status/> '${status}')`,
      `<status/> ${JSON.stringify(childText(got, 'status'))}`,
      { rfc: 6121, section: '4.3.2', level: 'MUST' },
    );
  },
});

export const clientProbe = defineFederationCase({
  id: 'rfc6121/federation/client-probe-answered',
  title: "a probe a user's client sends to a subscribed remote contact is routed and answered with the contact's presence",
  refs: [
    { rfc: 6121, section: '4.3', level: 'SHOULD' },
    { rfc: 6121, section: '4.3.2', level: 'MUST' },
  ],
  requirements: [
    'rfc6121-4.3-server-handle-client-probe',
    'rfc6121-4.3-no-error-for-client-probe',
    'rfc6121-4.3.2-reply-with-presence',
    'rfc6121-8.5.2.1.2-probe-handled',
  ],
  tags: ['presence', 'probe'],
  async run(t) {
    const [a, b] = await pair(t);
    await subscribeAcross(t, a, b);
    quiet(a);
    const status = `probed ${t.id()}`;
    b.send(el('presence', {}, el('status', {}, status)));
    await nextMatching(a, 'the update at the user', (e) => presenceOf(b.jid, undefined)(e) && childText(e, 'status') === status);
    a.send(el('presence', { to: bareJid(b.jid), type: 'probe' }));
    const got = await t.step('wait for the answer to the probe', () =>
      nextMatching(a, `presence from ${b.jid ?? ''} answering the probe`, (e) => presenceOf(b.jid, undefined)(e) || presenceOf(b.jid, 'error')(e)),
    );
    t.check(got.attrs['type'] !== 'error', "the contact's presence, not an error", 'a presence error', { rfc: 6121, section: '4.3', level: 'MUST NOT' });
    t.check(childText(got, 'status') === status, `<status/> '${status}'`, `<status/> ${JSON.stringify(childText(got, 'status'))}`, {
      rfc: 6121,
      section: '4.3.2',
      level: 'MUST',
    });
    // the probe itself is the server's business, never handed to the contact's resource
    await acrossAndBack(a, t.b.domain);
    await barrier(b);
    const leaked = b.takeReceived(presenceOf(a.jid, 'probe'));
    t.check(leaked === undefined, "the probe not passed to the contact's resource", 'the contact received the probe', {
      rfc: 6121,
      section: '8.5.2.1.2',
      level: 'MUST',
    });
  },
});

export const probeNotAuthorized = defineFederationCase({
  id: 'rfc6121/federation/probe-from-non-subscriber-unsubscribed',
  title: 'a probe from a user on the other domain who is not subscribed gets unsubscribed from the bare JID, never the presence',
  refs: [{ rfc: 6121, section: '4.3.2', level: 'SHOULD' }],
  requirements: ['rfc6121-4.3.2-unsubscribed-if-not-authorized', 'rfc6121-4.3.2-unsubscribed-bare-from'],
  tags: ['presence', 'probe'],
  async run(t) {
    const [a, b] = await pair(t);
    a.send(el('presence', { to: bareJid(b.jid), type: 'probe' }));
    await acrossAndBack(a, t.b.domain);
    const leaked = a.takeReceived(presenceOf(b.jid, undefined));
    t.check(leaked === undefined, 'no presence of the contact to a non-subscriber', 'the available presence', { rfc: 6121, section: '4.3.2', level: 'MUST' });
    const answer = a.takeReceived(presenceOf(b.jid, 'unsubscribed'));
    t.check(answer !== undefined, `presence type='unsubscribed' from ${bareJid(b.jid)}`, 'no answer to the probe');
    if (answer)
      t.check(answer.attrs['from'] === bareJid(b.jid), `from='${bareJid(b.jid)}' (bare)`, `from='${answer.attrs['from'] ?? ''}'`, {
        rfc: 6121,
        section: '4.3.2',
        level: 'MUST',
      });
  },
});
