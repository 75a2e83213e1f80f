// Server dialback (RFC 3920 §8, now XEP-0220) on the target's server-to-server port: the harness
// presents a certificate the target cannot validate, so it asks to be let in by a dialback key;
// the target checks the key with the harness's domain's authoritative server (the harness again,
// found through the lab DNS) and lets the harness in only when that server says the key is valid.
import { defineCase, type CaseContext, type S2sContext, type S2sInboundPeer } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { dialbackResult, dialbackVerifyAnswer, NS_DIALBACK, NS_DIALBACK_FEATURE } from '../../harness/s2s/index.js';
import { child, describe, el, text, type XmlElement } from '../../harness/xml/index.js';
import { sleep } from '../../harness/util/index.js';
import { remoteMessage, remoteSender } from './steps.js';

interface Dialback {
  readonly s2s: S2sContext;
  readonly link: Session;
  /** the stream id the target gave the harness's stream (after TLS) */
  readonly streamId: string;
  readonly key: string;
  /** the target's verification connection to the harness's domain, and what it asked */
  readonly peer: S2sInboundPeer;
  readonly verify: XmlElement;
}

/** How long a resolver may hold the lab DNS down after one slow answer (libunbound: about a second). */
const RESOLVER_BACKOFF_MS = 1200;

/**
 * TLS with a self-signed certificate, <db:result/> with a fresh key, and the target's <db:verify/>.
 * A target that gives up on the key without ever connecting to the authoritative server (it ends
 * the stream: seen from Prosody on a loaded machine, when its resolver found the lab DNS slow) is
 * asked once more on a new stream after the resolver's back-off; the second time counts.
 */
async function askDialback(t: CaseContext): Promise<Dialback> {
  const s2s = t.s2s();
  const listener = await s2s.listen();
  // every attempt's wait for the connection stays open: the listener hands a connection to the oldest
  const accepts: Promise<S2sInboundPeer>[] = [];
  for (let attempt = 1; ; attempt++) {
    const link = await t.step('STARTTLS with a certificate the target cannot validate', () => s2s.secured({ cert: 'self-signed', dialback: true }));
    if (!link.features || !child(link.features, 'dialback', NS_DIALBACK_FEATURE)) {
      t.skip(
        `the target offers no dialback to a peer it cannot authenticate by certificate (features: ${describe(link.features ?? el('none'))}); a deployment requiring certificates behaves so`,
      );
    }
    const streamId = link.header?.attrs['id'] ?? '';
    const key = `${t.id()}-${Math.random().toString(16).slice(2, 14)}`;
    link.sendRaw(dialbackResult(s2s.localDomain, s2s.targetDomain, key));
    const next = listener.accept();
    next.catch(() => undefined);
    accepts.push(next);
    const accepting = Promise.any(accepts).catch((e: unknown) => {
      throw e instanceof AggregateError ? e.errors.at(-1) : e;
    });
    // the link's end is watched without taking anything from it (its answers belong to the case)
    let watching = true;
    const ended = (async (): Promise<'ended'> => {
      while (watching && !link.closed) await sleep(100);
      return 'ended';
    })();
    const first = await t
      .step(`wait for the target to ask ${s2s.localDomain}'s authoritative server`, () =>
        Promise.race([accepting, attempt === 1 ? ended : new Promise<never>(() => undefined)]),
      )
      .finally(() => (watching = false));
    if (first === 'ended') {
      t.note(
        `the target ended the stream without asking ${s2s.localDomain}'s authoritative server; asked again on a new stream after ${RESOLVER_BACKOFF_MS} ms`,
      );
      await sleep(RESOLVER_BACKOFF_MS);
      continue;
    }
    const peer = first;
    await t.step('negotiate the verification connection', () => peer.negotiate());
    const verify = await t.step('wait for <db:verify/>', () => peer.element('verify', NS_DIALBACK));
    return { s2s, link, streamId, key, peer, verify };
  }
}

function answerVerify(d: Dialback, type: 'valid' | 'invalid'): void {
  const v = d.verify;
  d.peer.sendRaw(dialbackVerifyAnswer(d.s2s.localDomain, v.attrs['from'] ?? d.s2s.targetDomain, v.attrs['id'] ?? '', type));
}

export const s2sDialbackVerify = defineCase({
  id: 'rfc3920/s2s/dialback-asks-authoritative-server',
  title: "a dialback key is checked with the claimed domain's authoritative server: <db:verify/> with the stream id and the key",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 3920, section: '8.3', level: 'MUST' }],
  requirements: ['rfc3920-8.3-verify-with-authoritative'],
  tags: ['s2s', 'dialback'],
  async run(t) {
    const d = await askDialback(t);
    t.check(d.verify.attrs['id'] === d.streamId, `id='${d.streamId}' (the stream the key came on)`, `id='${d.verify.attrs['id'] ?? ''}'`);
    t.check(text(d.verify).trim() === d.key, `the key '${d.key}'`, `'${text(d.verify).trim()}'`);
    t.check((d.verify.attrs['to'] ?? '').toLowerCase() === d.s2s.localDomain, `to='${d.s2s.localDomain}'`, `to='${d.verify.attrs['to'] ?? ''}'`);
  },
});

export const s2sDialbackValid = defineCase({
  id: 'rfc3920/s2s/dialback-valid-key-accepted',
  title: 'when the authoritative server says the key is valid, the target answers <db:result type=valid/> and delivers what the harness sends',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 3920, section: '8.3', level: 'MUST' }],
  requirements: ['rfc3920-8.3-valid-result'],
  tags: ['s2s', 'dialback'],
  async run(t) {
    const rcpt = await t.step('log in on the target', () => t.s2s().login(0));
    const d = await askDialback(t);
    answerVerify(d, 'valid');
    const result = await t.step('wait for <db:result/>', () => d.link.waitFor(el('result', { xmlns: NS_DIALBACK })));
    t.check(result.attrs['type'] === 'valid', "<db:result type='valid'/>", describe(result));
    const sender = remoteSender(d.s2s, t);
    d.link.send(remoteMessage({ from: sender, to: rcpt.jid ?? '', id: t.id() }, 'after dialback'));
    await t.step('wait for the message at the recipient', () => rcpt.waitFor(el('message', { from: sender })));
  },
});

export const s2sDialbackInvalid = defineCase({
  id: 'rfc3920/s2s/dialback-invalid-key-refused',
  title: 'when the authoritative server says the key is invalid, the target refuses the harness (invalid result or stream error) and delivers nothing',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 3920, section: '8.3', level: 'MUST' }],
  requirements: ['rfc3920-8.3-invalid-result'],
  tags: ['s2s', 'dialback'],
  async run(t) {
    const rcpt = await t.step('log in on the target', () => t.s2s().login(0));
    const d = await askDialback(t);
    answerVerify(d, 'invalid');
    const ev = await t.step('wait for the verdict', () => d.link.nextEvent('<db:result/> or a stream error'));
    if (ev.kind === 'element' && ev.el.name === 'result' && ev.el.ns === NS_DIALBACK) {
      t.check(ev.el.attrs['type'] === 'invalid', "<db:result type='invalid'/>", describe(ev.el));
      // the stream may stay open; what comes over it from the harness's domain must go nowhere
      const sender = remoteSender(d.s2s, t);
      d.link.send(remoteMessage({ from: sender, to: rcpt.jid ?? '', id: t.id() }, 'after a refused key'));
      await rcpt.expectNothing({ for: 1000 });
      return;
    }
    if (ev.kind === 'element' && ev.el.name === 'error') {
      t.note('the target ended the stream with a stream error');
      return;
    }
    if (ev.kind === 'close' || ev.kind === 'eof') {
      t.note('the target closed the stream');
      return;
    }
    t.fail("<db:result type='invalid'/> or the stream ended", ev.kind === 'element' ? describe(ev.el) : ev.kind);
  },
});
