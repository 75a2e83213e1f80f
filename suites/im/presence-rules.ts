// RFC 6121 §4 (second batch): presence reaching every resource, unavailable presence and new
// sessions, directed presence and its list of recipients, probes sent by clients, priority.
import { defineCase } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { bareJid, sameJid } from '../../harness/jid/index.js';
import { childText } from '../../harness/xml/index.js';
import { arrivedBy, nextMatching, online, presenceFrom, presenceOf, settle, subscribe, twoOnline } from '../im-steps.js';

const PRES = { area: 'im' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };

/** Presence of `type` from exactly `from` whose <status/> is `status`. */
const tagged =
  (from: string, status: string, type?: string) =>
  (e: XmlElement): boolean =>
    presenceFrom(from, type)(e) && childText(e, 'status') === status;

const withStatus = (status: string, attrs: Record<string, string> = {}, ...more: XmlElement[]): XmlElement =>
  el('presence', attrs, ...more, el('status', {}, status));

/** Waits for presence tagged `status` from `from` on each session in turn. */
async function allGet(sessions: Session[], from: string, status: string, type?: string): Promise<void> {
  for (const s of sessions)
    await nextMatching(s, `presence ${type ?? 'available'} from ${from} with <status>${status}</status> at ${s.jid ?? ''}`, tagged(from, status, type));
}

export const presenceToAllContactResources = defineCase({
  ...PRES,
  id: 'rfc6121/im/presence-to-all-contact-resources',
  title: 'initial, updated and unavailable presence each reach every available resource of a subscribed contact',
  refs: [
    { rfc: 6121, section: '4.2.3', level: 'MUST' },
    { rfc: 6121, section: '4.4.3', level: 'MUST' },
    { rfc: 6121, section: '4.5.3', level: 'MUST' },
  ],
  requirements: ['rfc6121-4.2.3-deliver-to-all-available', 'rfc6121-4.4.3-deliver-to-all-available', 'rfc6121-4.5.3-deliver-to-all-available'],
  tags: ['presence', 'multi-session'],
  async run(t) {
    const [a, b1] = await twoOnline(t, { resetRoster: true });
    await subscribe(b1, a); // b receives a's presence
    const b2 = await online(t, 1, { resetRoster: false, actor: 'b2' });
    const a2 = await online(t, 0, { presence: false, resetRoster: false, actor: 'a2' });
    const from = a2.jid ?? '';
    const tag = t.id();
    a2.send(withStatus(`initial ${tag}`));
    await allGet([b1, b2], from, `initial ${tag}`);
    a2.send(withStatus(`update ${tag}`, {}, el('show', {}, 'away')));
    await allGet([b1, b2], from, `update ${tag}`);
    a2.send(withStatus(`bye ${tag}`, { type: 'unavailable' }));
    await allGet([b1, b2], from, `bye ${tag}`, 'unavailable');
  },
});

export const updateToOwnResources = defineCase({
  ...PRES,
  id: 'rfc6121/im/presence-update-to-own-resources',
  title: "a presence update reaches all of the user's available resources, the sending one included",
  refs: [{ rfc: 6121, section: '4.4.2', level: 'MUST' }],
  requirements: ['rfc6121-4.4.2-send-to-own-resources'],
  tags: ['presence', 'multi-session'],
  needs: { accounts: 1, serial: true },
  async run(t) {
    const a1 = await online(t, 0, { resetRoster: false, actor: 'a1' });
    const a2 = await online(t, 0, { resetRoster: false, actor: 'a2' });
    await settle(a1, a2);
    const tag = `update ${t.id()}`;
    a2.send(withStatus(tag, {}, el('show', {}, 'dnd')));
    await allGet([a1, a2], a2.jid ?? '', tag);
  },
});

export const unavailableToOwnResources = defineCase({
  ...PRES,
  id: 'rfc6121/im/unavailable-to-own-resources',
  title: "unavailable presence reaches the user's other available resources and the resource that sent it",
  refs: [{ rfc: 6121, section: '4.5.2', level: 'MUST' }],
  requirements: ['rfc6121-4.5.2-unavailable-to-own-resources'],
  tags: ['presence', 'multi-session'],
  needs: { accounts: 1, serial: true },
  async run(t) {
    const a1 = await online(t, 0, { resetRoster: false, actor: 'a1' });
    const a2 = await online(t, 0, { resetRoster: false, actor: 'a2' });
    await settle(a1, a2);
    const tag = `leaving ${t.id()}`;
    a2.send(withStatus(tag, { type: 'unavailable' }));
    await allGet([a1, a2], a2.jid ?? '', tag, 'unavailable');
  },
});

export const availableAfterUnavailable = defineCase({
  ...PRES,
  id: 'rfc6121/im/available-after-unavailable-is-initial',
  title: 'available presence sent after unavailable presence on the same stream starts a new presence session and reaches subscribers',
  refs: [{ rfc: 6121, section: '4.5.2', level: 'MUST' }],
  requirements: ['rfc6121-4.5.2-presence-after-unavailable-is-initial'],
  tags: ['presence'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    const tag = t.id();
    a.send(withStatus(`away ${tag}`, { type: 'unavailable' }));
    await nextMatching(b, 'the unavailable presence', tagged(a.jid ?? '', `away ${tag}`, 'unavailable'));
    a.send(withStatus(`back ${tag}`));
    await nextMatching(b, 'the new initial presence', tagged(a.jid ?? '', `back ${tag}`));
  },
});

export const noBroadcastToDirected = defineCase({
  ...PRES,
  id: 'rfc6121/im/no-broadcast-to-directed-only',
  title: "an entity that only received directed presence does not get the user's later broadcast presence",
  refs: [{ rfc: 6121, section: '4.6.3', level: 'MUST NOT' }],
  requirements: ['rfc6121-4.6.3-no-broadcast-to-directed'],
  tags: ['presence', 'directed', 'privacy'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    const tag = t.id();
    a.send(withStatus(`directed ${tag}`, { to: b.jid ?? '' }));
    await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', `directed ${tag}`));
    a.send(withStatus(`broadcast ${tag}`));
    await settle(a);
    const leaked = await arrivedBy(b, tagged(a.jid ?? '', `broadcast ${tag}`));
    t.check(leaked.length === 0, 'the broadcast not delivered to the directed-presence recipient', 'delivered');
  },
});

export const directedUnavailableRemoves = defineCase({
  ...PRES,
  id: 'rfc6121/im/directed-unavailable-removes-recipient',
  title: 'after directed unavailable presence, the recipient is off the list: the later broadcast unavailable does not reach it',
  refs: [{ rfc: 6121, section: '4.6.1', level: 'MUST' }],
  requirements: ['rfc6121-4.6.1-remove-on-directed-unavailable'],
  tags: ['presence', 'directed'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    const tag = t.id();
    a.send(withStatus(`directed ${tag}`, { to: b.jid ?? '' }));
    await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', `directed ${tag}`));
    a.send(withStatus(`directed bye ${tag}`, { to: b.jid ?? '', type: 'unavailable' }));
    await nextMatching(b, 'the directed unavailable presence', tagged(a.jid ?? '', `directed bye ${tag}`, 'unavailable'));
    a.send(withStatus(`broadcast bye ${tag}`, { type: 'unavailable' }));
    await settle(a);
    const again = await arrivedBy(b, presenceFrom(a.jid ?? '', 'unavailable'));
    t.check(again.length === 0, 'no second unavailable presence', `${again.length} more (${again.map((e) => childText(e, 'status') ?? '').join(', ')})`);
  },
});

export const directedToSubscriber = defineCase({
  ...PRES,
  id: 'rfc6121/im/directed-to-subscriber-delivered',
  title: 'directed presence to a contact subscribed to the user is delivered with its complete XML',
  refs: [{ rfc: 6121, section: '4.6.3', level: 'MUST' }],
  requirements: ['rfc6121-4.6.3-directed-to-subscriber-deliver'],
  tags: ['presence', 'directed'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    const tag = `for b ${t.id()}`;
    a.send(withStatus(tag, { to: b.jid ?? '' }, el('show', {}, 'chat'), el('x', { xmlns: 'urn:xmpp-conformance:ext:0', k: 'v' })));
    const got = await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', tag));
    const ext = got.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'x' && c.ns === 'urn:xmpp-conformance:ext:0');
    t.check(
      childText(got, 'show') === 'chat' && ext?.attrs['k'] === 'v',
      '<show>chat</show> and the extension element kept',
      `show=${childText(got, 'show') ?? 'none'}, extension ${ext ? 'kept' : 'missing'}`,
    );
  },
});

export const directedBeforeInitial = defineCase({
  ...PRES,
  id: 'rfc6121/im/directed-before-initial-presence',
  title: 'directed presence sent before initial presence is delivered like directed presence to a non-subscriber',
  refs: [{ rfc: 6121, section: '4.6.3', level: 'MUST' }],
  requirements: ['rfc6121-4.6.3-directed-when-not-available'],
  tags: ['presence', 'directed'],
  async run(t) {
    const a = await online(t, 0, { presence: false });
    const b = await online(t, 1);
    const tag = `early ${t.id()}`;
    a.send(withStatus(tag, { to: b.jid ?? '' }));
    await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', tag));
  },
});

export const directedThenSubscribed = defineCase({
  ...PRES,
  id: 'rfc6121/im/directed-recipient-becomes-subscriber',
  title: 'a directed-presence recipient that then subscribes is treated as any subscriber and gets later broadcasts',
  refs: [{ rfc: 6121, section: '4.6.1', level: 'MUST' }],
  // Not listed: rfc6121-4.6.1-subscription-takes-precedence (only the creation of a subscription is exercised, not a change or a cancellation).
  requirements: ['rfc6121-4.6.1-directed-then-subscribed-normal'],
  tags: ['presence', 'directed', 'subscription'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    const tag = t.id();
    a.send(withStatus(`directed ${tag}`, { to: b.jid ?? '' }));
    await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', `directed ${tag}`));
    await subscribe(b, a);
    a.send(withStatus(`broadcast ${tag}`));
    await nextMatching(b, 'the broadcast presence (b is now a subscriber)', tagged(a.jid ?? '', `broadcast ${tag}`));
  },
});

export const cancelWithDirected = defineCase({
  ...PRES,
  id: 'rfc6121/im/cancel-with-directed-sends-unavailable',
  title: 'cancelling the subscription of a contact that also got directed presence still sends it unavailable presence',
  refs: [{ rfc: 6121, section: '4.6.1', level: 'MUST' }],
  requirements: ['rfc6121-4.6.1-cancel-sends-unavailable'],
  tags: ['presence', 'directed', 'subscription'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    const tag = `directed ${t.id()}`;
    a.send(withStatus(tag, { to: b.jid ?? '' }));
    await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', tag));
    a.send(el('presence', { type: 'unsubscribed', to: bareJid(b.jid) }));
    await nextMatching(b, `unavailable presence from ${a.jid ?? ''}`, presenceFrom(a.jid ?? '', 'unavailable'));
  },
});

// ── probes sent by clients (RFC 6121 §4.3, §4.6.6, §8.5) ──

const probe = (to: string): XmlElement => el('presence', { type: 'probe', to });
const isProbe = (e: XmlElement): boolean => e.name === 'presence' && e.attrs['type'] === 'probe';

export const probeToBareJid = defineCase({
  ...PRES,
  id: 'rfc6121/im/probe-to-bare-jid-answered-by-server',
  title: "a subscriber's probe to the contact's bare JID is answered by the server with the contact's presence, not passed to the contact",
  refs: [
    { rfc: 6121, section: '8.5.2.1.2', level: 'MUST' },
    { rfc: 6121, section: '4.3.2', level: 'MUST' },
  ],
  requirements: ['rfc6121-8.5.2.1.2-probe-handled'],
  tags: ['presence', 'probe'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    await settle(a, b);
    b.send(probe(bareJid(a.jid)));
    await nextMatching(b, `available presence from ${a.jid ?? ''} in answer to the probe`, presenceFrom(a.jid ?? ''));
    await settle(b);
    const passed = await arrivedBy(a, isProbe);
    t.check(passed.length === 0, 'the probe not delivered to the contact', `delivered (from='${passed[0]?.attrs['from'] ?? ''}')`);
  },
});

export const clientProbeNoError = defineCase({
  ...PRES,
  id: 'rfc6121/im/client-probe-not-an-error',
  title: 'a probe sent by a client is not answered with an error just because a client sent it',
  refs: [{ rfc: 6121, section: '4.3', level: 'MUST NOT' }],
  requirements: ['rfc6121-4.3-no-error-for-client-probe'],
  tags: ['presence', 'probe'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    await settle(a, b);
    const id = t.id();
    b.send(el('presence', { id, type: 'probe', to: bareJid(a.jid) }));
    const errors = await arrivedBy(b, (e) => e.name === 'presence' && e.attrs['type'] === 'error');
    t.check(errors.length === 0, 'no error', `<presence type='error'> <${errors[0] ? (t.stanzaErrorCondition(errors[0]) ?? '') : ''}/>`);
  },
});

export const probeUnsubscribedBare = defineCase({
  ...PRES,
  id: 'rfc6121/im/probe-unsubscribed-from-bare-jid',
  title: "a probe from a user the contact does not share presence with reveals no resource: an 'unsubscribed' answer comes from the bare JID",
  refs: [{ rfc: 6121, section: '4.3.2', level: 'MUST' }],
  requirements: ['rfc6121-4.3.2-unsubscribed-bare-from'],
  tags: ['presence', 'probe', 'privacy'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    b.send(probe(bareJid(a.jid)));
    const back = await arrivedBy(b, presenceOf(a.jid ?? '', 'unsubscribed'));
    const leaked = await arrivedBy(b, presenceOf(a.jid ?? ''));
    t.check(leaked.length === 0, "none of the contact's presence", `available presence from ${leaked[0]?.attrs['from'] ?? ''}`);
    if (back.length === 0) t.skip("the server did not answer the probe (the 'unsubscribed' reply is a SHOULD), so there is no 'from' to check");
    const from = back[0]?.attrs['from'] ?? '';
    t.check(sameJid(from, bareJid(a.jid)), `from='${bareJid(a.jid)}'`, `from='${from}'`);
  },
});

export const probeFullJid = defineCase({
  ...PRES,
  id: 'rfc6121/im/probe-full-jid-only-that-resource',
  title: "a subscriber's probe to one full JID is answered with that resource's presence and nothing about the others",
  refs: [
    { rfc: 6121, section: '4.3.2', level: 'MUST' },
    { rfc: 6121, section: '4.3.2', level: 'MUST NOT' },
    { rfc: 6121, section: '8.5.3.1', level: 'MUST' },
  ],
  requirements: ['rfc6121-4.3.2-full-jid-probe-available', 'rfc6121-4.3.2-full-jid-probe-only-that-resource', 'rfc6121-8.5.3.1-probe-rules'],
  tags: ['presence', 'probe'],
  async run(t) {
    const [a1, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a1);
    const a2 = await online(t, 0, { resetRoster: false, actor: 'a2' });
    await settle(a2, a1, b);
    b.send(probe(a1.jid ?? ''));
    await nextMatching(b, `available presence from ${a1.jid ?? ''}`, presenceFrom(a1.jid ?? ''));
    const other = await arrivedBy(b, presenceFrom(a2.jid ?? ''));
    t.check(other.length === 0, 'nothing about the other resource', `${other.length} presence stanza(s) from ${a2.jid ?? ''}`);
  },
});

export const probeFromDirected = defineCase({
  ...PRES,
  id: 'rfc6121/im/probe-from-directed-recipient',
  title: 'a probe from an entity that got directed presence (no subscription) is answered with the available presence it was sent',
  // The server MUST check its directed-presence list (what this case claims); the answer it then
  // sends is a SHOULD, which the case does not judge.
  refs: [{ rfc: 6121, section: '4.6.6', level: 'MUST' }],
  // only the directed-presence check: the answer's form (a SHOULD) and the order of the subscription
  // logic are not checked here, as a silent server passes
  requirements: ['rfc6121-4.6.6-check-directed'],
  tags: ['presence', 'probe', 'directed'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    const tag = `directed ${t.id()}`;
    a.send(withStatus(tag, { to: b.jid ?? '' }));
    await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', tag));
    // §4.6.6: the prober uses the JID that received the directed presence and the user's full JID.
    b.send(probe(a.jid ?? ''));
    // The answer is a SHOULD, so a server that stays silent passes (noted); answering as if the
    // prober had no right to the presence (unsubscribed, an error) shows the list was not checked.
    const preds = [presenceFrom(a.jid ?? ''), presenceOf(a.jid ?? '', 'unsubscribed'), presenceOf(a.jid ?? '', 'error')];
    const got = await arrivedBy(b, (e) => preds.some((p) => p(e)));
    const first = got[0];
    if (first === undefined) return t.note('the server did not answer the probe (allowed: the answer is a SHOULD)');
    t.check(
      preds[0]!(first),
      `available presence from ${a.jid ?? ''} (or no answer)`,
      `<presence type='${first.attrs['type'] ?? ''}' from='${first.attrs['from'] ?? ''}'>`,
    );
  },
});

export const probeOfflineContact = defineCase({
  ...PRES,
  id: 'rfc6121/im/probe-offline-contact',
  title: 'a probe to a contact with no available resource is answered by the server with unavailable presence, or not at all, never an error',
  refs: [{ rfc: 6121, section: '8.5.2.2.2', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.2.2-probe-handled'],
  tags: ['presence', 'probe'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    // §8.5.2.2: no available and no connected resource, so the contact's session ends.
    const gone = a.jid ?? '';
    a.send(el('presence', { type: 'unavailable' }));
    await nextMatching(b, 'the unavailable presence', presenceFrom(gone, 'unavailable'));
    await a.closeGracefully();
    await settle(b);
    b.send(probe(bareJid(a.jid)));
    const all = await arrivedBy(b, (e) => e.name === 'presence' && bareJid(e.attrs['from'] ?? '') === bareJid(a.jid));
    const bad = all.filter((e) => e.attrs['type'] !== 'unavailable');
    t.check(bad.length === 0, 'unavailable presence or nothing', bad.map((e) => `<presence type='${e.attrs['type'] ?? 'available'}'>`).join(', '));
    t.note(all.length ? 'the server answered with unavailable presence' : 'the server did not answer the probe');
  },
});

// ── priority (RFC 6121 §4.7) ──

export const noPriorityIsZero = defineCase({
  ...PRES,
  id: 'rfc6121/im/no-priority-means-zero',
  title: 'presence without <priority/> counts as priority 0: a message to the bare JID reaches that resource, not only a priority -1 one',
  refs: [{ rfc: 6121, section: '4.7.2.3', level: 'MUST' }],
  requirements: ['rfc6121-4.7.2.3-default-priority-zero', 'rfc6121-4.7.1-no-type-means-available'],
  tags: ['presence', 'priority', 'message'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const plain = await online(t, 1, { resetRoster: false, actor: 'b-plain' });
    const negative = await online(t, 1, { resetRoster: false, presence: -1, actor: 'b-neg' });
    const id = t.id();
    a.send(el('message', { id, type: 'chat', to: bareJid(plain.jid) }, el('body', {}, 'priority 0?')));
    await nextMatching(plain, 'the message at the resource without <priority/>', (e) => e.name === 'message' && e.attrs['id'] === id);
    const atNeg = await arrivedBy(negative, (e) => e.name === 'message' && e.attrs['id'] === id);
    t.check(atNeg.length === 0, 'nothing at the priority -1 resource', 'delivered there too');
  },
});

export const unavailableGetsNoBareMessages = defineCase({
  ...PRES,
  id: 'rfc6121/im/unavailable-resource-not-a-delivery-target',
  title: 'a connected resource that sent unavailable presence gets no messages addressed to the bare JID',
  refs: [{ rfc: 6121, section: '4.7.1', level: 'MUST' }],
  requirements: ['rfc6121-4.7.1-unavailable-means-unavailable'],
  tags: ['presence', 'message'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const here = await online(t, 1, { resetRoster: false, actor: 'b-here' });
    const gone = await online(t, 1, { resetRoster: false, actor: 'b-gone' });
    gone.send(el('presence', { type: 'unavailable' }));
    await settle(gone, here);
    const id = t.id();
    a.send(el('message', { id, type: 'chat', to: bareJid(here.jid) }, el('body', {}, 'who is here?')));
    await nextMatching(here, 'the message at the available resource', (e) => e.name === 'message' && e.attrs['id'] === id);
    const atGone = await arrivedBy(gone, (e) => e.name === 'message' && e.attrs['id'] === id);
    t.check(atGone.length === 0, 'nothing at the resource that went unavailable', 'delivered there');
  },
});

export const priorityOverrideShown = defineCase({
  ...PRES,
  id: 'rfc6121/im/priority-echo-matches-contacts',
  title: "the priority in the user's own presence echo is the one contacts receive (an override is shown to both)",
  refs: [{ rfc: 6121, section: '4.7.2.3', level: 'MUST' }],
  requirements: ['rfc6121-4.7.2.3-communicate-override'],
  tags: ['presence', 'priority'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(b, a);
    const tag = `priority ${t.id()}`;
    a.send(withStatus(tag, {}, el('priority', {}, '7')));
    const echo = await nextMatching(a, 'the echo of the presence', tagged(a.jid ?? '', tag));
    const copy = await nextMatching(b, "the contact's copy", tagged(a.jid ?? '', tag));
    const pe = childText(echo, 'priority');
    const pc = childText(copy, 'priority');
    t.check(pe === pc, `the same <priority/> in the echo and at the contact`, `echo ${pe ?? 'none'}, contact ${pc ?? 'none'}`);
    if (pe !== '7') t.note(`the server changed the priority to ${pe ?? 'none (omitted)'}`);
  },
});

// ── presence to a bare JID (RFC 6121 §8.5.2.1.2) ──

export const presenceToBareAll = defineCase({
  ...PRES,
  id: 'rfc6121/im/presence-to-bare-jid-all-resources',
  title: "directed presence to a user's bare JID reaches all of the user's available resources",
  refs: [{ rfc: 6121, section: '8.5.2.1.2', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.2-presence-to-all-available'],
  tags: ['presence', 'directed', 'delivery'],
  async run(t) {
    const a = await online(t, 0);
    const b1 = await online(t, 1, { actor: 'b1' });
    const b2 = await online(t, 1, { resetRoster: false, actor: 'b2' });
    await settle(b1, b2);
    const tag = `to bare ${t.id()}`;
    a.send(withStatus(tag, { to: bareJid(b1.jid) }));
    await allGet([b1, b2], a.jid ?? '', tag);
  },
});

export const presenceToBareKeepsTo = defineCase({
  ...PRES,
  id: 'rfc6121/im/presence-to-bare-jid-to-kept',
  title: "directed presence to a user's bare JID is delivered with the bare JID left in 'to'",
  refs: [{ rfc: 6121, section: '8.5.2.1.2', level: 'MUST NOT' }],
  requirements: ['rfc6121-8.5.2.1.2-no-to-rewrite'],
  tags: ['presence', 'directed', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    const tag = `to bare ${t.id()}`;
    const bare = bareJid(b.jid);
    a.send(withStatus(tag, { to: bare }));
    const got = await nextMatching(b, 'the directed presence', tagged(a.jid ?? '', tag));
    t.check(sameJid(got.attrs['to'], bare), `to='${bare}'`, `to='${got.attrs['to'] ?? ''}'`);
  },
});
