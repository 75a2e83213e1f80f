// Several domains over one connection (XEP-0220 §2.1.1 and §2.2.1, the dialback of RFC 3920 §8.3
// reused for further domain pairs): once the harness's stream is authenticated for its own domain,
// it asks on the same stream to be let in for a second domain it serves (a fresh name below its
// own, which the lab DNS points at the harness and its certificate covers). The target checks the
// key with that domain's authoritative server (the harness again) or decides by the certificate,
// answers valid, and from then on delivers what comes from the second domain over that stream.
// A target that refuses further domain pairs on a stream (a dialback error, or the stream ended)
// does not offer this: the case is skipped with what it did.
import { defineCase } from '../../harness/cases/index.js';
import { oneLine } from '../../harness/errors.js';
import type { Session } from '../../harness/session/index.js';
import { dialbackResult, dialbackVerifyAnswer, NS_DIALBACK } from '../../harness/s2s/index.js';
import { describe, el, text, type XmlElement } from '../../harness/xml/index.js';
import type { StreamEvent } from '../../harness/stream/index.js';
import { remoteMessage } from './steps.js';

/** The target's <db:result/> for `domain` on `link`, or what it did instead (a stream error, the end of the stream). */
async function verdict(link: Session, domain: string, within: number): Promise<XmlElement | string> {
  const until = Date.now() + within;
  for (;;) {
    let ev: StreamEvent;
    try {
      ev = await link.nextEvent(`<db:result/> for ${domain}`, { within: Math.max(1, until - Date.now()) });
    } catch (e) {
      return `no verdict for ${domain}: ${oneLine(e).slice(0, 160)}`;
    }
    if (ev.kind === 'element' && ev.el.name === 'result' && ev.el.ns === NS_DIALBACK && (ev.el.attrs['to'] ?? '').toLowerCase() === domain) return ev.el;
    if (ev.kind === 'element' && ev.el.name === 'error') return `a stream error ${describe(ev.el)}`;
    if (ev.kind === 'close' || ev.kind === 'eof') return 'the stream ended';
  }
}

export const s2sSecondDomainOneStream = defineCase({
  id: 'rfc3920/s2s/second-domain-same-stream',
  title:
    "on a stream already authenticated for the harness's domain, a dialback key for a second domain it serves is answered valid and stanzas from that domain are delivered over the same stream",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 3920, section: '8.3', level: 'MUST' }],
  requirements: ['rfc3920-8.3-valid-result'],
  tags: ['s2s', 'dialback', 'multiplexing'],
  async run(t) {
    const s2s = t.s2s();
    const rcpt = await t.step('log in on the target', () => s2s.login(0));
    // a fresh domain below the harness's, published in the lab DNS (the authoritative server for it is the harness)
    const listener = await s2s.listen({ srv: 'fresh' });
    const second = listener.domain;
    const link = await t.step(`authenticate ${s2s.localDomain}`, () => s2s.authenticated({ bidi: false }));
    const key = `${t.id()}-${Math.random().toString(16).slice(2, 14)}`;
    link.sendRaw(dialbackResult(second, s2s.targetDomain, key));
    // the target may ask the authoritative server for the second domain (XEP-0220 §2.1.2) or decide by the certificate (XEP-0344)
    let asked = false;
    const authoritative = listener
      .accept(t.timeout * 2)
      .then(async (peer) => {
        await peer.negotiate();
        const v = await peer.element('verify', NS_DIALBACK);
        asked = true;
        const ok = text(v).trim() === key;
        peer.sendRaw(dialbackVerifyAnswer(second, v.attrs['from'] ?? s2s.targetDomain, v.attrs['id'] ?? '', ok ? 'valid' : 'invalid'));
        if (!ok) t.note(`the target asked about another key: ${describe(v)}`);
      })
      .catch(() => undefined);
    const answer = await t.step(`wait for the verdict on ${second}`, () => verdict(link, second, t.timeout * 3));
    if (typeof answer === 'string') return t.skip(`the target does not take a second domain pair on an authenticated stream: ${answer}`);
    if (answer.attrs['type'] === 'error') return t.skip(`the target refuses further domain pairs on a stream with a dialback error: ${describe(answer)}`);
    t.check(answer.attrs['type'] === 'valid', `<db:result type='valid'/> for ${second}`, describe(answer));
    t.note(asked ? `the target checked the key with ${second}'s authoritative server` : `the target let ${second} in without asking its authoritative server`);
    const sender = `tester-${t.id()}@${second}/xc`;
    link.send(remoteMessage({ from: sender, to: rcpt.jid ?? '', id: t.id() }, 'from the second domain'));
    await t.step('wait for the message from the second domain at the recipient', () => rcpt.waitFor(el('message', { from: sender })));
    void authoritative;
  },
});
