// RFC 6120 §8.1.1.2 and §8.1.2.2: on an authenticated server-to-server stream every stanza names
// its sender and recipient, the sender's domain is the one authenticated, and the recipient's
// domain is one the target serves; anything else ends the stream with the matching error.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { expectS2sStreamError, remoteMessage, remoteSender } from './steps.js';

async function authenticatedThenSend(
  t: CaseContext,
  attrs: (local: string, target: string, sender: string) => Record<string, string>,
  allowed: readonly string[],
): Promise<void> {
  const s2s = t.s2s();
  const s = await s2s.authenticated();
  s.send(remoteMessage(attrs(s2s.localDomain, s2s.targetDomain, remoteSender(s2s, t)), 'addressing'));
  await expectS2sStreamError(t, s, allowed);
}

export const s2sStanzaWithoutTo = defineCase({
  id: 'rfc6120/s2s/stanza-without-to',
  title: "a stanza without 'to' on an authenticated server-to-server stream gets <improper-addressing/>",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.1.2', level: 'MUST' }],
  requirements: ['rfc6120-8.1.1.2-improper-addressing', 'rfc6120-10.3-s2s-to-required'],
  tags: ['s2s', 'addressing', 'stream-error'],
  run: (t) => authenticatedThenSend(t, (_l, _t, sender) => ({ from: sender }), ['improper-addressing']),
});

export const s2sStanzaWithoutFrom = defineCase({
  id: 'rfc6120/s2s/stanza-without-from',
  title: "a stanza without 'from' on an authenticated server-to-server stream gets <improper-addressing/>",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.2.2', level: 'MUST' }],
  requirements: ['rfc6120-8.1.2.2-improper-addressing'],
  tags: ['s2s', 'addressing', 'stream-error'],
  run: (t) => authenticatedThenSend(t, (_l, target) => ({ to: `nobody@${target}` }), ['improper-addressing']),
});

export const s2sFromNotAuthenticated = defineCase({
  id: 'rfc6120/s2s/from-unauthenticated-domain',
  title: "a stanza whose 'from' is at a domain the stream did not authenticate gets <invalid-from/>",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.2.2', level: 'MUST' }],
  requirements: ['rfc6120-8.1.2.2-invalid-from', 'rfc6120-8.1.2.2-from-domain-match'],
  tags: ['s2s', 'addressing', 'stream-error'],
  run: (t) => authenticatedThenSend(t, (local, target) => ({ from: `mallory@not-${local}`, to: `nobody@${target}` }), ['invalid-from']),
});

export const s2sToUnservedDomain = defineCase({
  id: 'rfc6120/s2s/to-unserved-domain',
  title: "a stanza whose 'to' is at a domain the target does not serve gets <host-unknown/> or <host-gone/>",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.1.2', level: 'MUST' }],
  requirements: ['rfc6120-8.1.1.2-host-unknown', 'rfc6120-10.4-s2s-foreign-to', 'rfc6120-8.1.1.2-to-domain-match'],
  tags: ['s2s', 'addressing', 'stream-error'],
  run: (t) => authenticatedThenSend(t, (_l, target, sender) => ({ from: sender, to: `nobody@not-served.${target}` }), ['host-unknown', 'host-gone']),
});
