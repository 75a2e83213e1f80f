// Steps for cases with several logged-in accounts (RFC 6120 §8-10, RFC 6121): each account's
// roster is cleared of the suite's contacts before and after the case, sessions get unique
// resources (t.login does that), and absence is proven by a round trip, never a sleep.
import type { CaseContext } from '../harness/cases/index.js';
import { ackPush, barrier, drain, fetchRoster, isRosterPush, resetRoster, type RosterItem, type Session } from '../harness/session/index.js';
import { bareJid, sameJid } from '../harness/jid/index.js';
import { child, childText, el, NS_ROSTER, type XmlElement } from '../harness/xml/index.js';
import { onOpenSessionOrFresh } from './steps.js';

/** Contacts the suite itself creates: the test accounts, and made-up addresses starting 'xc-'. */
export function isSuiteContact(t: CaseContext, jid: string): boolean {
  const b = bareJid(jid);
  return t.accountJids.some((a) => bareJid(a) === b) || b.startsWith('xc-');
}

const cleaned = new WeakMap<CaseContext, Set<number>>();

export interface OnlineOptions {
  /** send initial presence (default true); a number is its priority */
  readonly presence?: boolean | number;
  /** clear the suite's contacts from the roster before and after the case (default true) */
  readonly resetRoster?: boolean;
  readonly actor?: string;
}

/**
 * Account i logged in and bound, its roster fetched (so it receives roster pushes), the suite's
 * contacts removed from it, and (by default) available presence sent with its echoes drained.
 */
export async function online(t: CaseContext, i: number, opts: OnlineOptions = {}): Promise<Session> {
  const s = await t.login(i, opts.actor ? { actor: opts.actor } : {});
  const select = (item: RosterItem): boolean => isSuiteContact(t, item.jid);
  if (opts.resetRoster !== false) {
    await resetRoster(s, select);
    const done = cleaned.get(t) ?? new Set<number>();
    cleaned.set(t, done);
    if (!done.has(i)) {
      done.add(i);
      t.cleanup(() =>
        onOpenSessionOrFresh(
          s,
          () => t.login(i, { actor: `cleanup${i}` }),
          (c) => resetRoster(c, select),
        ),
      );
    }
  } else {
    await fetchRoster(s);
  }
  if (opts.presence !== false) {
    const priority = typeof opts.presence === 'number' ? opts.presence : undefined;
    s.send(el('presence', {}, ...(priority !== undefined ? [el('priority', {}, String(priority))] : [])));
    await settle(s);
  }
  return s;
}

/** Accounts 0 and 1 online with available presence; rosters left alone unless `resetRoster`. */
export async function twoOnline(t: CaseContext, opts: { resetRoster?: boolean } = {}): Promise<[Session, Session]> {
  const o = { resetRoster: opts.resetRoster ?? false };
  return [await online(t, 0, o), await online(t, 1, o)];
}

/** A presence stanza of `type` to `to` (subscription requests and answers). */
export const pres = (type: string, to: string): XmlElement => el('presence', { type, to });

/** A round trip on each session in turn; then everything sent before has been delivered. */
export async function settle(...sessions: Session[]): Promise<void> {
  for (const s of sessions) await barrier(s);
  for (const s of sessions) {
    drain(s, (e) => e.name === 'presence' && (e.attrs['type'] === undefined || e.attrs['type'] === 'unavailable'));
    drain(s, isRosterPush, (e) => ackPush(s, e));
  }
}

/** Stanzas matching `pred` that arrived by the time a round trip completes (the session's queue is left otherwise intact). */
export async function arrivedBy(s: Session, pred: (e: XmlElement) => boolean): Promise<XmlElement[]> {
  await barrier(s);
  return drain(s, pred);
}

/** The next roster push for `jid` (acknowledged), skipping other stanzas. */
export async function rosterPushFor(s: Session, jid: string): Promise<XmlElement> {
  const b = bareJid(jid);
  const push = await s.nextWhere(`a roster push for ${b}`, (e) => {
    if (!isRosterPush(e)) return false;
    const item = child(child(e, 'query', NS_ROSTER) as XmlElement, 'item', NS_ROSTER);
    return item !== undefined && bareJid(item.attrs['jid'] ?? '') === b;
  });
  ackPush(s, push);
  return push;
}

/** The pushed item's attributes. */
export function pushedItem(push: XmlElement): Record<string, string> {
  return (child(child(push, 'query', NS_ROSTER) as XmlElement, 'item', NS_ROSTER)?.attrs ?? {}) as Record<string, string>;
}

/**
 * `a` subscribes to `b`'s presence and `b` approves (RFC 6121 §3.1); with `mutual`, the other way
 * round too. Resolves once both rosters show the new state.
 */
export async function subscribe(a: Session, b: Session, mutual = false): Promise<void> {
  const aBare = bareJid(a.jid);
  const bBare = bareJid(b.jid);
  a.send(el('presence', { to: bBare, type: 'subscribe' }));
  await b.waitFor(el('presence', { type: 'subscribe' }));
  b.send(el('presence', { to: aBare, type: 'subscribed' }));
  await settle(b, a);
  drain(a, (e) => e.name === 'presence' && e.attrs['type'] === 'subscribed');
  if (mutual) await subscribe(b, a);
}

/** A predicate: presence from exactly `from` (bare or full), of `type` (undefined: available). */
export const presenceFrom =
  (from: string, type?: string) =>
  (e: XmlElement): boolean =>
    e.name === 'presence' && sameJid(e.attrs['from'], from) && e.attrs['type'] === type;

/** A predicate: presence of `type` from any resource of `account` or its bare JID. */
export const presenceOf =
  (account: string, type?: string) =>
  (e: XmlElement): boolean =>
    e.name === 'presence' && bareJid(e.attrs['from'] ?? '') === bareJid(account) && e.attrs['type'] === type;

/** A predicate: a roster push for `jid`'s bare JID. */
export const pushFor =
  (jid: string) =>
  (e: XmlElement): boolean =>
    isRosterPush(e) && bareJid(pushedItem(e)['jid'] ?? '') === bareJid(jid);

/** The next stanza satisfying `pred` (others stay queued), within the session's timeout; pushes it takes are acknowledged. */
export async function nextMatching(s: Session, what: string, pred: (e: XmlElement) => boolean): Promise<XmlElement> {
  const got = await s.nextWhere(what, pred);
  if (isRosterPush(got)) ackPush(s, got);
  return got;
}

/** Which of `preds` the next stanza matching any of them satisfies first (index), and that stanza. */
export async function firstOf(s: Session, what: string, preds: readonly ((e: XmlElement) => boolean)[]): Promise<[number, XmlElement]> {
  const got = await nextMatching(s, what, (e) => preds.some((p) => p(e)));
  return [preds.findIndex((p) => p(got)), got];
}

/**
 * Waits at `s` for the message `sent` (matched by its id) and checks it arrived as a delivery of
 * what was sent: not an error bounce carrying the same id, and with the same <body/> text.
 */
export async function receivedAsSent(t: CaseContext, s: Session, sent: XmlElement, what = 'the message'): Promise<XmlElement> {
  const got = await s.waitFor(el('message', { id: sent.attrs['id'] ?? '' }));
  t.check(got.attrs['type'] !== 'error' || sent.attrs['type'] === 'error', `${what} delivered`, 'an error bounce carrying its id');
  const want = childText(sent, 'body');
  const have = childText(got, 'body');
  t.check(have === want, `${what} with its <body/> as sent (${JSON.stringify(want)})`, `<body/> ${JSON.stringify(have)}`);
  return got;
}
