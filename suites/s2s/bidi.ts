// Bidirectional server-to-server streams (XEP-0288): on a stream the harness opened and asked to
// make bidirectional, the target may send stanzas back, but only for the domain the stream
// authenticated (SASL EXTERNAL: the stream header's 'from'; dialback: each domain pair asked for).
// A stanza one of its clients sends to another domain the harness serves must take a connection
// of the target's own (or bounce), never this stream; and before the stream is authenticated,
// nothing at all comes over it. Skipped where the target offers no bidi.
import { defineCase, type CaseContext, type S2sListener } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import type { XepRef } from '../../harness/spec.js';
import { NS_BIDI, NS_BIDI_FEATURE } from '../../harness/s2s/index.js';
import { child, el } from '../../harness/xml/index.js';

const XEP0288 = (level: XepRef['level']): XepRef => ({ xep: 288, version: '1.0.1', section: '3', level });

type Way = 'the bidi stream' | 'a connection of its own' | 'a bounce' | 'nowhere';

/**
 * Where the message with `id` that `sender` (a client of the target) sent to `domain` goes: over
 * `link`, over the target's own connection to `listener`, back to the sender as an error, or
 * nowhere within three step timeouts. Noted on the case either way.
 */
async function whichWay(t: CaseContext, link: Session, listener: S2sListener, sender: Session, id: string, domain: string): Promise<Way> {
  const within = t.timeout * 3;
  const way = await t.step(`see which way the message to ${domain} takes`, () =>
    Promise.any<Way>([
      link.waitFor(el('message', { id }), { within }).then(() => 'the bidi stream' as const),
      listener.accept(within).then((peer) => {
        // answered in the background, so the target is not left hanging; the connection is the answer
        peer.negotiate().catch(() => undefined);
        return 'a connection of its own' as const;
      }),
      sender.waitFor(el('message', { id, type: 'error' }), { within }).then(() => 'a bounce' as const),
    ]).catch(() => 'nowhere' as const),
  );
  t.note(way === 'nowhere' ? `the target neither connected to ${domain} nor bounced the message within ${within} ms` : `the message took ${way}`);
  return way;
}

export const s2sBidiOnlyAuthenticatedDomain = defineCase({
  id: 'xep0288/s2s/bidi-only-authenticated-domain',
  title:
    "over a bidirectional stream authenticated for the harness's domain, the target sends nothing addressed to another domain the harness serves: that takes a connection of its own",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [XEP0288('MUST')],
  requirements: ['xep0288-3-only-authenticated-domains'],
  tags: ['s2s', 'bidi', 'multiplexing'],
  async run(t) {
    const s2s = t.s2s();
    const sender = await t.step('log in on the target', () => s2s.login(0));
    // a second domain the harness serves, found through the lab DNS at a listener of its own
    const listener = await s2s.listen({ srv: 'fresh' });
    const other = listener.domain;
    const link = await t.step(`authenticate ${s2s.localDomain}, asking for a bidirectional stream`, () => s2s.authenticated());
    if (!s2s.isBidi(link)) return t.skip(`the target offers no XEP-0288 bidirectional stream to ${s2s.localDomain} (no <bidi/> in its stream features)`);
    const id = `bidi-${t.id()}`;
    sender.send(el('message', { to: `someone@${other}`, type: 'chat', id }, el('body', {}, `to ${other}, which the bidi stream did not authenticate`)));
    const where = await whichWay(t, link, listener, sender, id, other);
    t.check(where !== 'the bidi stream', `the message to ${other} not on the stream authenticated for ${s2s.localDomain} only`, `it came over that stream`);
  },
});

export const s2sBidiNothingBeforeAuth = defineCase({
  id: 'xep0288/s2s/bidi-nothing-before-auth',
  title:
    "over a stream the harness asked to make bidirectional but has not authenticated, the target sends none of its clients' stanzas for the harness's domain",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [XEP0288('MUST NOT')],
  requirements: ['xep0288-3-no-stanzas-before-auth'],
  tags: ['s2s', 'bidi'],
  async run(t) {
    const s2s = t.s2s();
    const sender = await t.step('log in on the target', () => s2s.login(0));
    const listener = await s2s.listen();
    const link = await t.step('open a stream and negotiate TLS', () => s2s.secured({ dialback: true }));
    if (!link.features || !child(link.features, 'bidi', NS_BIDI_FEATURE)) {
      return t.skip(`the target offers no XEP-0288 bidirectional stream to ${s2s.localDomain} (no <bidi/> in its stream features)`);
    }
    // the request, and then neither SASL nor dialback: the stream stays unauthenticated
    link.send(el('bidi', { xmlns: NS_BIDI }));
    const id = `bidi-${t.id()}`;
    const to = `someone-${t.id()}@${s2s.localDomain}`;
    sender.send(el('message', { to, type: 'chat', id }, el('body', {}, 'not over a stream that is not authenticated')));
    const where = await whichWay(t, link, listener, sender, id, s2s.localDomain);
    t.check(where !== 'the bidi stream', 'no stanza over the stream before it is authenticated', 'a stanza came over it');
  },
});
