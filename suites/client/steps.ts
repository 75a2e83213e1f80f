// Steps the client cases share: log the client in, let it settle, ask it things, watch for answers.
import { DEFAULT_MECHANISMS, type ClientCaseContext, type ClientPeer, type LoginPlan, type LoginRecord, type SaslOutcome } from '../../harness/serve/index.js';
import { SkipError, oneLine } from '../../harness/errors.js';
import { describeShort, el, NS_ROSTER, NS_SASL, type XmlElement } from '../../harness/xml/index.js';

export interface LoggedInOptions {
  /**
   * The login itself is what the case judges (features reordered, input cut into pieces): a login
   * that does not complete fails the case. Otherwise the case judges what comes after, which the
   * client never reached, so it is skipped with the reason.
   */
  readonly judgeLogin?: boolean;
}

/** Every SASL mechanism serve has, without channel binding. */
export const ALL_PLAIN_MECHANISMS: readonly string[] = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'];

/** A fresh connection from the client, logged in with `plan`, then left to send its first stanzas. */
export async function loggedIn(
  t: ClientCaseContext,
  plan: LoginPlan = {},
  opts: LoggedInOptions = {},
): Promise<{ c: ClientPeer; rec: LoginRecord; early: XmlElement[] }> {
  const login = async (): Promise<{ c: ClientPeer; rec: LoginRecord }> => {
    const c = await t.accept();
    if (!opts.judgeLogin) return { c, rec: await c.login(plan) };
    // judged: every mechanism we have (none -PLUS), so that lacking one is not what fails the case
    const mechanisms = plan.mechanisms ?? ALL_PLAIN_MECHANISMS;
    const rec = await c.untilSasl({ ...plan, mechanisms });
    const s = await c.sasl({ mechanisms });
    // a proof that does not verify is for the scram-* cases, not for how the stream was framed
    if (s.step.kind === 'failure') t.skip(`the client's ${s.mechanism} exchange failed (${s.step.text ?? s.step.condition}); the sasl cases judge it`);
    rec.mechanism = s.mechanism;
    await c.afterSasl(plan, rec);
    return { c, rec };
  };
  let c: ClientPeer;
  let rec: LoginRecord;
  try {
    ({ c, rec } = await t.step('login', login));
  } catch (err) {
    if (opts.judgeLogin || err instanceof SkipError) throw err;
    return t.skip(`the client did not complete the login this case starts from (${oneLine(err)}); other cases judge the login`);
  }
  const { seen, ended } = await c.serve(Math.min(800, t.timeout));
  // no rule asks a client to stay online; a case that needs it cannot go on
  if (ended && !opts.judgeLogin) t.skip(`the client ended the stream right after binding (${describeEnd(ended)}), so nothing after the login can be observed`);
  if (ended) t.fail('the client to stay connected after binding', describeEnd(ended));
  return { c, rec, early: seen };
}

/**
 * Something the client is expected to answer, to tell that it is still reading the stream:
 * a ping (XEP-0199; a client without it still owes an error, RFC 6120 §8.2.3) or a roster push
 * (RFC 6121 §2.1.6: the client acknowledges it). Unknown payloads are left out on purpose.
 */
export type Probe = 'ping' | 'roster-push';
export const PROBES: readonly Probe[] = ['ping', 'roster-push'];

function probeStanza(t: ClientCaseContext, c: ClientPeer, probe: Probe, id: string): XmlElement {
  if (probe === 'ping') return el('iq', { type: 'get', id, from: t.domain, to: c.lastJid }, el('ping', { xmlns: 'urn:xmpp:ping' }));
  // RFC 6121 §2.1.6: a push comes without 'from' (or from the account's bare JID)
  const item = el('item', { jid: `xc-contact-${id}@${t.domain}`, subscription: 'none' });
  return el('iq', { type: 'set', id, to: c.lastJid }, el('query', { xmlns: NS_ROSTER }, item));
}

/** Sends one probe; true when the client answered it (result or error) within the step timeout. */
export async function probeAnswered(
  t: ClientCaseContext,
  c: ClientPeer,
  probe: Probe,
): Promise<{ answered: boolean; ended?: { kind: string; reason?: string } }> {
  const id = t.id();
  c.send(probeStanza(t, c, probe, id));
  const { seen, ended } = await c.serve(t.timeout, (e) => e.name === 'iq' && e.attrs['id'] === id);
  const answered = seen.some((e) => e.name === 'iq' && e.attrs['id'] === id && (e.attrs['type'] === 'result' || e.attrs['type'] === 'error'));
  return { answered, ...(ended ? { ended } : {}) };
}

/** The first probe the client answers, or undefined (with what was tried) when it answers none. */
export async function answeredProbe(t: ClientCaseContext, c: ClientPeer): Promise<Probe | undefined> {
  for (const p of PROBES) {
    const r = await probeAnswered(t, c, p);
    if (r.answered) return p;
    if (r.ended) return undefined;
  }
  return undefined;
}

export function describeEnd(ev: { kind: string; reason?: string }): string {
  return ev.kind === 'close' ? 'it closed its stream' : ev.kind === 'eof' ? `the connection ended (${ev.reason ?? ''})` : ev.kind;
}

/** Sends an iq and waits for the client's answer with the same id, answering anything else meanwhile. */
export async function askIq(t: ClientCaseContext, c: ClientPeer, type: 'get' | 'set', payload: XmlElement, id = t.id()): Promise<XmlElement | undefined> {
  c.send(el('iq', { type, id, from: t.domain, to: c.lastJid }, payload));
  const { seen } = await c.serve(t.timeout, (e) => e.name === 'iq' && e.attrs['id'] === id);
  return seen.find((e) => e.name === 'iq' && e.attrs['id'] === id);
}

/** A payload no client implements (RFC 6120 §8.4: unknown namespaces). */
export function unknownPayload(): XmlElement {
  return el('query', { xmlns: 'urn:example:xmpp-conformance:unknown' });
}

export function short(e: XmlElement | undefined): string {
  return e ? describeShort(e) : 'nothing';
}

/**
 * Up to a successful SASL exchange with the usual offer (STARTTLS required, SCRAM-SHA-256,
 * SCRAM-SHA-1, PLAIN). A case that judges what follows skips, with the reason, when the client
 * never got there: no <auth/>, or an exchange that failed (the scram-* cases judge proofs).
 */
export async function saslSucceeded(t: ClientCaseContext, c: ClientPeer, mechanisms: readonly string[] = DEFAULT_MECHANISMS): Promise<SaslOutcome> {
  let rec: LoginRecord;
  try {
    rec = await c.untilSasl({ mechanisms });
  } catch (err) {
    return t.skip(`the client did not get as far as SASL (${oneLine(err)}); other cases judge that part`);
  }
  void rec;
  await authComing(t, c, mechanisms);
  const s = await c.sasl({ mechanisms });
  if (s.step.kind !== 'success')
    t.skip(
      `the SASL exchange did not succeed (${s.mechanism}: ${s.step.kind === 'failure' ? (s.step.text ?? s.step.condition) : 'a challenge'}); the sasl cases judge it`,
    );
  return s;
}

/** Skips unless the client's next element is an <auth/>: a client without a usable mechanism closes or stays silent. */
export async function authComing(t: ClientCaseContext, c: ClientPeer, mechanisms: readonly string[]): Promise<void> {
  const ev = await c.nextEvent(t.timeout);
  if (ev?.kind === 'element' && ev.el.name === 'auth' && ev.el.ns === NS_SASL) {
    c.unread(ev.el);
    return;
  }
  const what = !ev ? 'silence' : ev.kind === 'element' ? short(ev.el) : describeEnd(ev);
  t.skip(`offered ${mechanisms.join(', ')}, the client sent no <auth/> (${what}): no mechanism it supports`);
}
