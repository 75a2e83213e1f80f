// RFC 6121 §4: initial presence, probes, broadcast, unavailable presence, directed presence.
import { defineCase } from '../../harness/cases/index.js';
import { el } from '../../harness/xml/index.js';
import { child, type XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { arrivedBy, online, settle, subscribe, twoOnline } from '../im-steps.js';
import { overBosh } from '../steps.js';

const PRES = { area: 'im' as const, role: 'server' as const };

export const initialToSelf = defineCase({
  ...PRES,
  id: 'rfc6121/im/initial-presence-to-own-resources',
  title: "initial presence is broadcast to the user's available resources, the sending one included",
  refs: [{ rfc: 6121, section: '4.2.2', level: 'MUST' }],
  requirements: ['rfc6121-4.2.2-broadcast-to-own-resources'],
  tags: ['presence', 'multi-session'],
  needs: { accounts: 1, serial: true },
  async run(t) {
    const other = await online(t, 0, { actor: 'other' });
    const s = await online(t, 0, { presence: false, resetRoster: false });
    s.send(el('presence', {}, el('status', {}, 'here')));
    await s.waitFor(el('presence', { from: s.jid ?? '' }));
    await other.waitFor(el('presence', { from: s.jid ?? '' }));
  },
});

export const initialToSubscribers = defineCase({
  ...PRES,
  id: 'rfc6121/im/initial-presence-to-subscribers',
  title: "initial presence reaches contacts subscribed to the user, from the user's full JID",
  refs: [{ rfc: 6121, section: '4.2.2', level: 'MUST' }],
  // A server without the <presence/> kind (RFC 6120 §8.2.2) has nothing to broadcast, so this fails on it too.
  requirements: ['rfc6121-4.2.2-broadcast-to-subscribers', 'rfc6120-10.3.2-presence-no-to-broadcast', 'rfc6120-8.2.2-presence-support'],
  tags: ['presence', 'multi-session'],
  needs: { accounts: 2, serial: true },
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a); // b receives a's presence
    const a2 = await online(t, 0, { presence: false, resetRoster: false, actor: 'a2' });
    a2.send(el('presence'));
    const got = await b.waitFor(el('presence', { from: a2.jid ?? '' }));
    t.check(got.attrs['type'] === undefined, 'available presence', `type='${got.attrs['type']}'`);
  },
});

export const probeOnLogin = defineCase({
  ...PRES,
  id: 'rfc6121/im/contacts-presence-on-login',
  title: 'on initial presence the user receives the current presence of contacts it is subscribed to',
  refs: [
    { rfc: 6121, section: '4.2.2', level: 'MUST' },
    { rfc: 6121, section: '4.3.2', level: 'MUST' },
  ],
  requirements: ['rfc6121-4.2.2-probe-contacts', 'rfc6121-4.3.2-reply-with-presence'],
  tags: ['presence', 'probe'],
  needs: { accounts: 2, serial: true },
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    const a2 = await online(t, 0, { presence: false, resetRoster: false, actor: 'a2' });
    a2.send(el('presence'));
    await a2.waitFor(el('presence', { from: b.jid ?? '' }));
  },
});

export const subsequentBroadcast = defineCase({
  ...PRES,
  id: 'rfc6121/im/presence-update-full-xml',
  title: 'a presence update reaches subscribers with its full XML (show, status, extensions)',
  refs: [{ rfc: 6121, section: '4.4.2', level: 'MUST' }],
  requirements: ['rfc6121-4.4.2-broadcast-full-xml'],
  tags: ['presence'],
  needs: { accounts: 2, serial: true },
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    a.sendRaw("<presence><show>away</show><status>lunch</status><x xmlns='urn:xmpp-conformance:ext:0' k='v'/></presence>");
    const got = await b.waitFor(el('presence', { from: a.jid ?? '' }));
    const show = child(got, 'show');
    const ext = child(got, 'x', 'urn:xmpp-conformance:ext:0');
    t.check(
      show?.children.join('') === 'away' && child(got, 'status') !== undefined && ext?.attrs['k'] === 'v',
      '<show>away</show>, <status/> and the extension element',
      JSON.stringify(got.children.map((c) => (typeof c === 'object' ? c.name : c))),
    );
  },
});

export const unavailableBroadcast = defineCase({
  ...PRES,
  id: 'rfc6121/im/unavailable-broadcast',
  title: 'unavailable presence (with its status) reaches subscribers',
  refs: [{ rfc: 6121, section: '4.5.2', level: 'MUST' }],
  requirements: ['rfc6121-4.5.2-broadcast-unavailable', 'rfc6121-4.5.2-unavailable-full-xml'],
  tags: ['presence'],
  needs: { accounts: 2, serial: true },
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    a.send(el('presence', { type: 'unavailable' }, el('status', {}, 'gone fishing')));
    const got = await b.waitFor(el('presence', { from: a.jid ?? '', type: 'unavailable' }));
    t.check(child(got, 'status')?.children.join('') === 'gone fishing', '<status>gone fishing</status> (the full XML)', 'no status');
  },
});

export const unavailableOnDisconnect = defineCase({
  ...PRES,
  id: 'rfc6121/im/unavailable-on-disconnect',
  title: "when a resource's connection drops without unavailable presence, the server sends it for it",
  refs: [{ rfc: 6121, section: '4.5.2', level: 'MUST' }],
  requirements: ['rfc6121-4.5.2-generate-unavailable'],
  tags: ['presence'],
  needs: { accounts: 2, serial: true },
  async run(t) {
    if (overBosh(t))
      t.skip("over BOSH a client that vanishes is noticed only when its session's inactivity period runs out (XEP-0124 §7.2), not within the step timeout");
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    const gone = a.jid ?? '';
    a.destroy();
    await b.waitFor(el('presence', { from: gone, type: 'unavailable' }));
  },
});

export const directedPresence = defineCase({
  ...PRES,
  id: 'rfc6121/im/directed-presence-delivered',
  title: 'directed presence to a user outside the roster is delivered, and unavailable follows when the sender goes offline',
  refs: [{ rfc: 6121, section: '4.6.3', level: 'MUST' }],
  requirements: ['rfc6121-4.6.3-deliver-directed', 'rfc6121-4.6.3-unavailable-to-directed', 'rfc6121-8.5.3.1-presence-delivered'],
  tags: ['presence', 'directed'],
  needs: { accounts: 2, serial: true },
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(el('presence', { to: b.jid ?? '' }, el('status', {}, 'just for you')));
    const got = await b.waitFor(el('presence', { from: a.jid ?? '' }));
    // §4.6.3: delivered with its complete XML, the <status/> included.
    const status = got.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'status');
    t.check(
      status?.children.join('') === 'just for you',
      '<status>just for you</status> (the complete XML)',
      status ? `<status>${status.children.join('')}</status>` : 'no <status/>',
      { rfc: 6121, section: '4.6.3', level: 'MUST' },
    );
    a.send(el('presence', { type: 'unavailable' }));
    await b.waitFor(el('presence', { from: a.jid ?? '', type: 'unavailable' }));
  },
});

export const noLeakToStrangers = defineCase({
  ...PRES,
  id: 'rfc6121/im/presence-not-broadcast-to-strangers',
  title: 'presence broadcast does not reach a user with no subscription',
  refs: [{ rfc: 6121, section: '4.4.2', level: 'MUST' }],
  requirements: ['rfc6121-4.4.2-broadcast-to-subscribers'],
  tags: ['presence', 'privacy'],
  needs: { accounts: 2, serial: true },
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(el('presence', {}, el('status', {}, 'private')));
    await settle(a);
    // availability presence only: a subscription request left pending by an earlier case (the
    // server redelivers it at login, RFC 6121 §3.1.3) is not the user's presence broadcast
    const availability = (e: XmlElement): boolean => e.attrs['type'] === undefined || e.attrs['type'] === 'unavailable';
    const leaked = await arrivedBy(b, (e) => e.name === 'presence' && availability(e) && bareJid(e.attrs['from'] ?? '') === bareJid(a.jid));
    t.check(leaked.length === 0, "none of the user's presence", `${leaked.length} presence stanza(s)`);
  },
});
export * from './presence-rules.js';
