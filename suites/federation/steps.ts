// Steps the federation cases share: an account online on each side with rosters cleared of the
// other side's accounts (before and after the case), a round trip across the servers' s2s
// streams that absence checks stand on, and small predicates.
import type { FederationContext, FederationSide } from '../../harness/federation/index.js';
import { ackPush, barrier, drain, fetchRoster, isRosterPush, resetRoster, type Session } from '../../harness/session/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { child, el, NS_PING, NS_ROSTER, type XmlElement } from '../../harness/xml/index.js';
import { onOpenSessionOrFresh } from '../steps.js';

/** A predicate: presence from any resource (or the bare JID) of `jid`, of `type` (undefined: available). */
export const presenceOf =
  (jid: string | undefined, type?: string) =>
  (e: XmlElement): boolean =>
    e.name === 'presence' && bareJid(e.attrs['from']) === bareJid(jid) && e.attrs['type'] === type;

/**
 * A round trip over both directions between the servers: a ping from `s` to the other server's
 * domain travels on the same outgoing s2s stream as what `s` sent before, and its answer on the
 * same stream back as what the other server sent before answering; once it is back, what the
 * other server did with the earlier stanzas (bounces included) has reached `s`'s server. Then a
 * round trip to `s`'s own server delivers it.
 */
export async function acrossAndBack(s: Session, otherDomain: string): Promise<XmlElement> {
  const answer = await s.iq(el('iq', { type: 'get', to: otherDomain }, el('ping', { xmlns: NS_PING })));
  await barrier(s);
  return answer;
}

/** Acknowledges and drops roster pushes and available/unavailable presence already queued. */
export function quiet(s: Session): void {
  drain(s, isRosterPush, (e) => ackPush(s, e));
  drain(s, (e) => e.name === 'presence' && (e.attrs['type'] === undefined || e.attrs['type'] === 'unavailable'));
}

/** The roster item for `jid` (bare compare), or undefined. */
export async function itemFor(s: Session, jid: string | undefined): Promise<{ subscription: string; ask?: string } | undefined> {
  const item = (await fetchRoster(s)).items.find((i) => bareJid(i.jid) === bareJid(jid));
  return item ? { subscription: item.subscription, ...(item.ask !== undefined ? { ask: item.ask } : {}) } : undefined;
}

export function describeItem(item: { subscription: string; ask?: string } | undefined): string {
  return item ? `subscription='${item.subscription}'${item.ask ? ` ask='${item.ask}'` : ''}` : 'no roster item';
}

/**
 * The next roster push whose item is `jid` (and, given `where`, whose item attributes satisfy it),
 * acknowledged; other stanzas stay queued.
 */
export async function pushFor(
  s: Session,
  jid: string | undefined,
  what: string,
  where?: (item: Record<string, string>) => boolean,
): Promise<Record<string, string>> {
  const b = bareJid(jid);
  const push = await s.nextWhere(what, (e) => {
    if (!isRosterPush(e)) return false;
    const item = child(child(e, 'query', NS_ROSTER) as XmlElement, 'item', NS_ROSTER);
    return bareJid(item?.attrs['jid']) === b && (where === undefined || where(item?.attrs as Record<string, string>));
  });
  ackPush(s, push);
  return (child(child(push, 'query', NS_ROSTER) as XmlElement, 'item', NS_ROSTER)?.attrs ?? {}) as Record<string, string>;
}

/** The next stanza satisfying `pred` (others stay queued), within the session's timeout. */
export async function nextMatching(s: Session, what: string, pred: (e: XmlElement) => boolean): Promise<XmlElement> {
  const got = await s.nextWhere(what, pred);
  if (isRosterPush(got)) ackPush(s, got);
  return got;
}

/** Removes the other side's accounts from both rosters, and denies any request left pending. */
async function cleanBoth(t: FederationContext, sa: Session, sb: Session): Promise<void> {
  const theirs =
    (side: FederationSide) =>
    (item: { jid: string }): boolean =>
      bareJid(item.jid).endsWith(`@${side.domain}`) && t.accountJids.includes(bareJid(item.jid));
  for (const [s, other] of [
    [sa, t.b],
    [sb, t.a],
    [sa, t.b],
  ] as const) {
    await resetRoster(s, theirs(other));
    await acrossAndBack(s, other.domain);
  }
  // a request one side left unanswered would be offered again at the next login (RFC 6121 §3.1.3):
  // refusing it clears it; with no subscription in place the refusal goes no further (§3.2.2)
  for (const [s, peer, other] of [
    [sa, sb, t.b],
    [sb, sa, t.a],
  ] as const) {
    s.send(el('presence', { to: bareJid(peer.jid), type: 'unsubscribed' }));
    await acrossAndBack(s, other.domain);
  }
  quiet(sa);
  quiet(sb);
}

export interface PairOptions {
  /** send initial presence on both sessions (default true) */
  readonly presence?: boolean;
  /** account index on side a (default 0, alice) and on side b (default 1, bob) */
  readonly aAccount?: number;
  readonly bAccount?: number;
}

/**
 * Account aAccount on side a and bAccount on side b logged in, rosters fetched (so both get
 * pushes), cleared of each other before the case and again after it, then (by default)
 * available presence on both with its echoes drained.
 */
export async function pair(t: FederationContext, opts: PairOptions = {}): Promise<[Session, Session]> {
  const ia = opts.aAccount ?? 0;
  const ib = opts.bAccount ?? 1;
  const sa = await t.step(`log in on ${t.a.server}`, () => t.a.login(ia, { actor: 'a' }));
  const sb = await t.step(`log in on ${t.b.server}`, () => t.b.login(ib, { actor: 'b' }));
  await t.step('clear both rosters', () => cleanBoth(t, sa, sb));
  // on the case's own sessions while they are open and bound, else on fresh logins
  t.cleanup(() =>
    onOpenSessionOrFresh(
      sa,
      () => t.a.login(ia, { actor: 'cleanup-a' }),
      (ca) =>
        onOpenSessionOrFresh(
          sb,
          () => t.b.login(ib, { actor: 'cleanup-b' }),
          (cb) => cleanBoth(t, ca, cb),
        ),
    ),
  );
  await fetchRoster(sa);
  await fetchRoster(sb);
  if (opts.presence !== false) {
    for (const s of [sa, sb]) s.send(el('presence'));
    await acrossAndBack(sa, t.b.domain);
    await acrossAndBack(sb, t.a.domain);
    quiet(sa);
    quiet(sb);
  }
  return [sa, sb];
}

/**
 * `a` subscribes to `b`'s presence across the domains and `b` approves (RFC 6121 §3.1); resolves
 * once `a` has the approval and both have seen the roster change.
 */
export async function subscribeAcross(t: FederationContext, a: Session, b: Session): Promise<void> {
  a.send(el('presence', { to: bareJid(b.jid), type: 'subscribe' }));
  await t.step('wait for the request at the contact', () => nextMatching(b, `a subscription request from ${bareJid(a.jid)}`, presenceOf(a.jid, 'subscribe')));
  b.send(el('presence', { to: bareJid(a.jid), type: 'subscribed' }));
  await t.step('wait for the approval at the user', () => nextMatching(a, `the approval from ${bareJid(b.jid)}`, presenceOf(b.jid, 'subscribed')));
  await acrossAndBack(a, bareJid(b.jid).split('@')[1] ?? '');
  await acrossAndBack(b, bareJid(a.jid).split('@')[1] ?? '');
  quiet(a);
  quiet(b);
}
