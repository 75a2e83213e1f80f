// The target as the initiating server when the harness's domain cannot take its stanzas (RFC 6120
// §10.4.3): the domain resolves but nothing accepts the connection; the harness accepts it and
// then says nothing; the harness answers the target's dialback key as invalid (XEP-0220 §2.1.1,
// once RFC 3920 §8.3). Each time the stanza a client of the target sent must come back to that
// client as an error, and, after an invalid dialback verdict, never reach the harness. Every case
// uses a fresh domain below the harness's, so a connection the target still holds for one case
// cannot serve another.
import { defineCase, type CaseContext, type S2sContext, type S2sListener } from '../../harness/cases/index.js';
import { oneLine } from '../../harness/errors.js';
import type { Session } from '../../harness/session/index.js';
import { NS_DIALBACK } from '../../harness/s2s/index.js';
import { describe, el, type XmlElement } from '../../harness/xml/index.js';

/**
 * How long a case waits for the target to give up on a peer that stays silent, in step timeouts:
 * long enough for a server's negotiation timeout (the lab servers are set to 5 s; ejabberd's
 * default is 30 s, Prosody's 90 s, which needs --timeout 8000 or more).
 */
const STALL_WAIT_STEPS = 12;

interface Sent {
  readonly s2s: S2sContext;
  readonly listener: S2sListener;
  readonly sender: Session;
  readonly id: string;
  readonly at: number;
}

/** A listener published as `plan`, and one message from a client of the target to an address there. */
async function sendThere(t: CaseContext, plan: 'refused' | 'fresh'): Promise<Sent> {
  const s2s = t.s2s();
  const listener = await s2s.listen({ srv: plan });
  const sender = await t.step('log in on the target', () => s2s.login(0));
  const id = `fail-${t.id()}`;
  sender.send(el('message', { to: `someone@${listener.domain}`, type: 'chat', id }, el('body', {}, 'to a server that cannot take it')));
  return { s2s, listener, sender, id, at: Date.now() };
}

/**
 * The sender's message `id` back as an error within `within` ms (RFC 6120 §10.4.3): fails
 * otherwise; notes the condition and how long it took since `at`, and returns the condition.
 */
export async function bounced(
  t: CaseContext,
  m: { readonly sender: Session; readonly id: string; readonly at: number },
  within: number,
): Promise<string | undefined> {
  const ref = { rfc: 6120, section: '10.4.3', level: 'MUST' } as const;
  let back: XmlElement;
  try {
    back = await m.sender.waitFor(el('message', { id: m.id }), { within });
  } catch (e) {
    return t.fail(`the message back to its sender as an error (RFC 6120 §10.4.3) within ${within} ms`, oneLine(e).slice(0, 160), ref);
  }
  t.check(back.attrs['type'] === 'error', "the message back with type='error' (RFC 6120 §10.4.3)", describe(back), ref);
  const condition = t.stanzaErrorCondition(back);
  t.note(`<${condition ?? 'none'}/> after ${Date.now() - m.at} ms`);
  return condition;
}

export const s2sRefusedConnectionError = defineCase({
  id: 'rfc6120/s2s/initiator-refused-connection-error',
  title:
    'a message to a domain whose only SRV target refuses the connection comes back to the sender as an error (<remote-server-not-found/> or <remote-server-timeout/>)',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [
    { rfc: 6120, section: '10.4.3', level: 'MUST' },
    { rfc: 6120, section: '8.3.3.16', level: 'SHOULD' },
  ],
  requirements: ['rfc6120-10.4.3-remote-error'],
  tags: ['s2s', 'stanza-error'],
  async run(t) {
    const m = await sendThere(t, 'refused');
    const condition = await bounced(t, m, t.timeout * 3);
    // §8.3.3.16 counts 'no response on the port' as not found, §10.4.3 a resolved domain without a stream as a timeout
    const allowed = ['remote-server-not-found', 'remote-server-timeout'];
    t.check(condition !== undefined && allowed.includes(condition), '<remote-server-not-found/> or <remote-server-timeout/>', `<${condition ?? 'none'}/>`);
  },
});

export const s2sStalledPeerTimeout = defineCase({
  id: 'rfc6120/s2s/initiator-stalled-peer-timeout',
  title: 'a message to a domain whose server accepts the connection and then says nothing comes back to the sender as <remote-server-timeout/>',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '10.4.3', level: 'MUST' }],
  requirements: ['rfc6120-10.4.3-remote-error', 'rfc6120-10.4.3-remote-server-timeout'],
  tags: ['s2s', 'stanza-error', 'slow'],
  async run(t) {
    const m = await sendThere(t, 'fresh');
    // the connection is taken and left unanswered: no stream header, no features
    await t.step(`wait for the target to connect to ${m.listener.domain}`, () => m.listener.accept());
    const condition = await bounced(t, m, t.timeout * STALL_WAIT_STEPS);
    t.check(condition === 'remote-server-timeout', '<remote-server-timeout/>', `<${condition ?? 'none'}/>`);
  },
});

export const s2sDialbackInvalidBounced = defineCase({
  id: 'rfc3920/s2s/initiator-dialback-invalid-not-sent',
  title:
    "when the receiving server answers the target's dialback key with type='invalid', the target sends nothing on that stream and returns the message to its sender as an error",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [
    { rfc: 3920, section: '8.3', level: 'MUST NOT' },
    { rfc: 6120, section: '10.4.3', level: 'MUST' },
  ],
  requirements: ['rfc3920-8.3-initiator-no-stanzas-unless-valid', 'rfc6120-10.4.3-remote-error'],
  tags: ['s2s', 'dialback', 'stanza-error'],
  async run(t) {
    const m = await sendThere(t, 'fresh');
    const peer = await t.step(`wait for the target to connect to ${m.listener.domain}`, () => m.listener.accept());
    // no SASL EXTERNAL: dialback is the target's only way to be let in
    await t.step('negotiate as the receiving server, offering dialback only', () => peer.negotiate({ external: false, dialback: true }));
    let key: XmlElement;
    try {
      key = await peer.element('result', NS_DIALBACK, "the target's dialback key (<db:result/>)");
    } catch (e) {
      return t.skip(
        `the target does not authenticate by dialback when SASL EXTERNAL is not offered (${oneLine(e).slice(0, 120)}); a deployment requiring certificates behaves so`,
      );
    }
    const from = key.attrs['from'] ?? m.s2s.targetDomain;
    peer.sendRaw(`<db:result xmlns:db='${NS_DIALBACK}' from='${m.listener.domain}' to='${from}' type='invalid'/>`);
    // XEP-0220 has the receiving server close the stream now; it waits a moment first, so a
    // stanza sent regardless would be seen
    const sent = await peer.stanza('a stanza after the invalid verdict', 1000).catch(() => undefined);
    t.check(sent === undefined, "no stanza on a stream whose dialback key was answered 'invalid'", () => describe(sent as XmlElement));
    await peer.closeStream(1000).catch(() => undefined);
    const condition = await bounced(t, m, t.timeout * 3);
    t.note(`XEP-0220 §2.1.1 names <internal-server-error/>, RFC 6120 §8.3.3.17 <remote-server-timeout/>: got <${condition ?? 'none'}/>`);
  },
});
