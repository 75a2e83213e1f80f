// Presence subscriptions between accounts on two federating lab servers (RFC 6121 §3): request,
// approval, refusal, unsubscribe and cancel, each crossing the s2s streams, both rosters checked.
import { defineFederationCase } from '../../harness/federation/index.js';
import { el } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { acrossAndBack, describeItem, itemFor, nextMatching, pair, presenceOf, pushFor, quiet, subscribeAcross } from './steps.js';

const pres = (type: string, to: string | undefined) => el('presence', { type, to: bareJid(to) });

export const subscribeRouted = defineFederationCase({
  id: 'rfc6121/federation/subscribe-reaches-remote-contact',
  title: "a subscription request to a contact on the other domain reaches the contact's resource from the user's bare JID",
  refs: [
    { rfc: 6121, section: '3.1.2', level: 'MUST' },
    { rfc: 6121, section: '3.1.3', level: 'MUST' },
  ],
  // not 'rfc6121-3.1.3-deliver-to-available' (to all of the contact's resources): the contact has one
  requirements: ['rfc6121-3.1.2-route-remote', 'rfc6121-3.1.2-stamp-bare-jid', 'rfc6121-3.1.3-deliver-for-approval', 'rfc6120-8.1.2.1-subscription-bare-from'],
  tags: ['subscription'],
  async run(t) {
    const [a, b] = await pair(t);
    a.send(pres('subscribe', b.jid));
    const got = await t.step('wait for the request at the contact', () =>
      nextMatching(b, `a subscribe from ${bareJid(a.jid)}`, presenceOf(a.jid, 'subscribe')),
    );
    t.check(got.attrs['from'] === bareJid(a.jid), `from='${bareJid(a.jid)}' (bare)`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const subscribePendingPush = defineFederationCase({
  id: 'rfc6121/federation/subscribe-remote-push-pending-out',
  title: "a request to a remote contact gives the user a push with subscription='none' ask='subscribe', and the contact no item yet",
  refs: [
    { rfc: 6121, section: '3.1.2', level: 'MUST' },
    { rfc: 6121, section: '3.1.3', level: 'MUST NOT' },
  ],
  // not 'rfc6121-3.1.3-no-roster-item-before-approval': the check below lets an item with subscription='none' and no ask pass
  requirements: ['rfc6121-3.1.2-push-pending-out'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await pair(t);
    a.send(pres('subscribe', b.jid));
    const item = await pushFor(a, b.jid, `a roster push for ${bareJid(b.jid)}`);
    t.check(
      item['subscription'] === 'none' && item['ask'] === 'subscribe',
      "subscription='none' ask='subscribe'",
      `subscription='${item['subscription'] ?? ''}' ask='${item['ask'] ?? ''}'`,
    );
    await nextMatching(b, 'the request at the contact', presenceOf(a.jid, 'subscribe'));
    const theirs = await itemFor(b, a.jid);
    t.check(
      theirs === undefined || (theirs.subscription === 'none' && theirs.ask === undefined),
      "no roster item for the user at the contact's server",
      describeItem(theirs),
      { rfc: 6121, section: '3.1.3', level: 'MUST NOT' },
    );
  },
});

export const approvalRosters = defineFederationCase({
  id: 'rfc6121/federation/approval-rosters-to-and-from',
  title: "after a remote contact approves, both servers push the change: the user's item 'to', the contact's item 'from', and the rosters say so",
  refs: [
    { rfc: 6121, section: '3.1.5', level: 'MUST' },
    { rfc: 6121, section: '3.1.6', level: 'MUST' },
  ],
  // not 'rfc6121-3.1.6-deliver-approval' (to all of the user's resources): the user has one
  requirements: ['rfc6121-3.1.5-push-from', 'rfc6121-3.1.6-push-to', 'rfc6121-3.1.5-stamp-bare-jid'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await pair(t);
    a.send(pres('subscribe', b.jid));
    await nextMatching(b, `a subscribe from ${bareJid(a.jid)}`, presenceOf(a.jid, 'subscribe'));
    b.send(pres('subscribed', a.jid));
    const approval = await t.step('wait for the approval at the user', () =>
      nextMatching(a, `subscribed from ${bareJid(b.jid)}`, presenceOf(b.jid, 'subscribed')),
    );
    t.check(approval.attrs['from'] === bareJid(b.jid), `from='${bareJid(b.jid)}' (bare)`, `from='${approval.attrs['from'] ?? ''}'`, {
      rfc: 6121,
      section: '3.1.5',
      level: 'MUST',
    });
    // §3.1.5: the contact's server pushes the user's item as 'from'; §3.1.6: the user's server pushes the contact's as 'to', no ask
    await t.step("wait for the contact's roster push", () =>
      pushFor(b, a.jid, `a roster push for ${bareJid(a.jid)} with subscription='from'`, (i) => i['subscription'] === 'from'),
    );
    const pushed = await t.step("wait for the user's roster push", () =>
      pushFor(a, b.jid, `a roster push for ${bareJid(b.jid)} with subscription='to'`, (i) => i['subscription'] === 'to'),
    );
    t.check(pushed['ask'] === undefined, "the user's push without ask", `ask='${pushed['ask'] ?? ''}'`, { rfc: 6121, section: '3.1.6', level: 'MUST' });
    await acrossAndBack(a, t.b.domain);
    await acrossAndBack(b, t.a.domain);
    const mine = await itemFor(a, b.jid);
    const theirs = await itemFor(b, a.jid);
    t.check(mine?.subscription === 'to', `the user's item subscription='to'`, describeItem(mine), { rfc: 6121, section: '3.1.6', level: 'MUST' });
    t.check(theirs?.subscription === 'from', `the contact's item subscription='from'`, describeItem(theirs), { rfc: 6121, section: '3.1.5', level: 'MUST' });
  },
});

export const mutualBoth = defineFederationCase({
  id: 'rfc6121/federation/mutual-subscription-both',
  title: "subscriptions in both directions across the domains: both servers push 'both', and both items stay at 'both'",
  refs: [
    { rfc: 6121, section: '3.1.5', level: 'MUST' },
    { rfc: 6121, section: '3.1.6', level: 'MUST' },
  ],
  requirements: ['rfc6121-3.1.6-push-to', 'rfc6121-3.1.5-push-from'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await pair(t);
    await subscribeAcross(t, a, b);
    // the other way round: the contact asks, the user approves
    b.send(pres('subscribe', a.jid));
    await t.step('wait for the request at the user', () => nextMatching(a, `a subscribe from ${bareJid(b.jid)}`, presenceOf(b.jid, 'subscribe')));
    a.send(pres('subscribed', b.jid));
    // §3.1.5: the approving side's server pushes 'both' (it was 'to'); §3.1.6: the other side's pushes 'both' (it was 'from')
    await t.step("wait for the approving user's roster push", () =>
      pushFor(a, b.jid, `a roster push for ${bareJid(b.jid)} with subscription='both'`, (i) => i['subscription'] === 'both'),
    );
    await t.step("wait for the contact's roster push", () =>
      pushFor(b, a.jid, `a roster push for ${bareJid(a.jid)} with subscription='both'`, (i) => i['subscription'] === 'both'),
    );
    await acrossAndBack(a, t.b.domain);
    await acrossAndBack(b, t.a.domain);
    const mine = await itemFor(a, b.jid);
    const theirs = await itemFor(b, a.jid);
    t.check(
      mine?.subscription === 'both' && theirs?.subscription === 'both',
      "both items subscription='both'",
      `user: ${describeItem(mine)}; contact: ${describeItem(theirs)}`,
    );
  },
});

export const denyAcross = defineFederationCase({
  id: 'rfc6121/federation/refusal-reaches-user',
  title: "a remote contact's refusal (unsubscribed) reaches the user and leaves the user's item without a pending request",
  refs: [
    { rfc: 6121, section: '3.1.4', level: 'MUST' },
    { rfc: 6121, section: '3.2.3', level: 'MUST' },
  ],
  // not 'rfc6121-3.1.4-deny-with-unsubscribed': a client rule, which the case's own client keeps
  requirements: ['rfc6121-3.2.2-route-unsubscribed-bare'],
  tags: ['subscription'],
  async run(t) {
    const [a, b] = await pair(t);
    a.send(pres('subscribe', b.jid));
    await nextMatching(b, `a subscribe from ${bareJid(a.jid)}`, presenceOf(a.jid, 'subscribe'));
    quiet(a);
    b.send(pres('unsubscribed', a.jid));
    const got = await t.step('wait for the refusal at the user', () =>
      nextMatching(a, `unsubscribed from ${bareJid(b.jid)}`, presenceOf(b.jid, 'unsubscribed')),
    );
    t.check(got.attrs['from'] === bareJid(b.jid), `from='${bareJid(b.jid)}' (bare)`, `from='${got.attrs['from'] ?? ''}'`);
    await acrossAndBack(a, t.b.domain);
    const mine = await itemFor(a, b.jid);
    t.check(
      mine === undefined || (mine.subscription === 'none' && mine.ask === undefined),
      "the user's item at subscription='none' with no ask",
      describeItem(mine),
      { rfc: 6121, section: '3.2.3', level: 'MUST' },
    );
  },
});

export const unsubscribeAcross = defineFederationCase({
  id: 'rfc6121/federation/unsubscribe-across-domains',
  title: "an unsubscribe to a remote contact reaches the contact from the user's bare JID and both items drop to 'none'",
  refs: [
    { rfc: 6121, section: '3.3.2', level: 'MUST' },
    { rfc: 6121, section: '3.3.3', level: 'MUST' },
  ],
  // not 'rfc6121-3.3.3-inbound-unsubscribe' (to all of the contact's resources, and a push: the case
  // reads the roster instead) nor 'rfc6121-3.3.1-unsubscribe-with-unsubscribe' (a client rule)
  requirements: ['rfc6121-3.3.2-route-remote', 'rfc6121-3.3.2-stamp-bare-jid', 'rfc6121-3.3.2-push-after-unsubscribe'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await pair(t);
    await subscribeAcross(t, a, b);
    a.send(pres('unsubscribe', b.jid));
    const pushed = await pushFor(a, b.jid, `a roster push for ${bareJid(b.jid)} after the unsubscribe`);
    t.check(pushed['subscription'] === 'none', "the user's push subscription='none'", `subscription='${pushed['subscription'] ?? ''}'`, {
      rfc: 6121,
      section: '3.3.2',
      level: 'MUST',
    });
    const got = await t.step('wait for the unsubscribe at the contact', () =>
      nextMatching(b, `unsubscribe from ${bareJid(a.jid)}`, presenceOf(a.jid, 'unsubscribe')),
    );
    t.check(got.attrs['from'] === bareJid(a.jid), `from='${bareJid(a.jid)}' (bare)`, `from='${got.attrs['from'] ?? ''}'`);
    await acrossAndBack(b, t.a.domain);
    const theirs = await itemFor(b, a.jid);
    t.check(theirs === undefined || theirs.subscription === 'none', "the contact's item subscription='none'", describeItem(theirs), {
      rfc: 6121,
      section: '3.3.3',
      level: 'MUST',
    });
  },
});

export const cancelAcross = defineFederationCase({
  id: 'rfc6121/federation/cancel-across-domains',
  title: "a remote contact cancelling the user's subscription sends unavailable then unsubscribed, and both items drop to 'none'",
  refs: [
    { rfc: 6121, section: '3.2.2', level: 'MUST' },
    { rfc: 6121, section: '3.2.3', level: 'MUST' },
  ],
  // not 'rfc6121-3.2.3-inbound-cancellation' (to all of the user's resources, and a push: the case
  // reads the roster instead) nor 'rfc6121-3.2.1-cancel-with-unsubscribed' (a client rule)
  requirements: [
    'rfc6121-3.2.2-route-unsubscribed-bare',
    'rfc6121-3.2.2-push-contact',
    'rfc6121-3.2.2-unavailable-then-unsubscribed',
    'rfc6121-3.2.3-deliver-unavailable',
  ],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await pair(t);
    await subscribeAcross(t, a, b);
    b.send(pres('unsubscribed', a.jid));
    const pushed = await pushFor(b, a.jid, `a roster push for ${bareJid(a.jid)} after the cancellation`);
    t.check(pushed['subscription'] === 'none', "the contact's push subscription='none'", `subscription='${pushed['subscription'] ?? ''}'`, {
      rfc: 6121,
      section: '3.2.2',
      level: 'MUST',
    });
    // the unavailable presence from the contact's resource comes first (§3.2.2), then the cancellation
    const first = await t.step('wait for the cancellation at the user', () =>
      nextMatching(a, `unavailable or unsubscribed from ${bareJid(b.jid)}`, (e) => presenceOf(b.jid, 'unavailable')(e) || presenceOf(b.jid, 'unsubscribed')(e)),
    );
    const unsub =
      first.attrs['type'] === 'unsubscribed' ? first : await nextMatching(a, `unsubscribed from ${bareJid(b.jid)}`, presenceOf(b.jid, 'unsubscribed'));
    t.check(unsub.attrs['from'] === bareJid(b.jid), `from='${bareJid(b.jid)}' (bare)`, `from='${unsub.attrs['from'] ?? ''}'`);
    await acrossAndBack(a, t.b.domain);
    const mine = await itemFor(a, b.jid);
    t.check(mine === undefined || mine.subscription === 'none', "the user's item subscription='none'", describeItem(mine), {
      rfc: 6121,
      section: '3.2.3',
      level: 'MUST',
    });
    t.check(
      first.attrs['type'] === 'unavailable',
      "unavailable presence from the contact's resource before the unsubscribed",
      'the unsubscribed first (no unavailable before it)',
      { rfc: 6121, section: '3.2.2', level: 'MUST' },
    );
  },
});
