// What a case gets from t.s2s(): the harness as the initiating server of a server-to-server
// stream (RFC 6120 §4.7, §5, §6.3.8: header with 'from', STARTTLS with a client certificate, SASL
// EXTERNAL or dialback, an optional XEP-0288 bidi request so the target's answers come back on the
// same stream), the receiving side the target connects to (inbound.ts), and logins of the
// target's own accounts on its federating domain.
import { randomBytes } from 'node:crypto';
import type { ConnectOptions, S2sAuthOptions, S2sCertKind, S2sConnectOptions, S2sContext, S2sInboundPeer, S2sListener, S2sSrvPlan } from '../cases/index.js';
import type { Account, ResolvedTarget, S2sConfig } from '../config.js';
import type { LabZone } from '../dns/index.js';
import { ExpectationError } from '../errors.js';
import { offersStarttls, setupLogin, type LoginOptions, type Session, type SessionOptions, type Transcript } from '../session/index.js';
import type { ClientListener } from '../transport/index.js';
import { child, describe, el, NS_SASL, NS_SERVER, type XmlElement } from '../xml/index.js';
import { certUnavailable, type S2sCertificates } from './certs.js';
import { dialbackResult, dialbackVerifyAnswer, NS_DIALBACK, NS_DIALBACK_FEATURE } from './dialback.js';
import { InboundListener, refusingPort } from './inbound.js';

export const NS_BIDI_FEATURE = 'urn:xmpp:features:bidi';
export const NS_BIDI = 'urn:xmpp:bidi';

/** What the side needs from the case it serves: sessions it tracks, skipping, ids. */
export interface S2sSideDeps {
  readonly config: S2sConfig;
  /** the c2s target (its host and port carry the logins of config.accounts) */
  readonly c2s: ResolvedTarget;
  readonly certs: S2sCertificates;
  /** opens a session the case tracks (transcript, cleanup, abort) */
  open(opts: Omit<SessionOptions, 'timeout' | 'transcript'>): Promise<Session>;
  skip(reason: string): never;
  /** a line for the case's result (what the setup had to do) */
  note(text: string): void;
  id(): string;
  readonly transcript: Transcript;
  readonly timeout: number;
  /** runs after the case, whatever its outcome */
  cleanup(fn: () => Promise<void>): void;
  /** the lab DNS zone the run serves, when it serves one */
  readonly zone?: LabZone;
  /** the run's listening sockets for the receiving side (made on first use): the main one, or a second */
  listener(which?: 'main' | 'second'): Promise<ClientListener>;
}

/** Whether `features` offers SASL `mechanism`. */
export function offersMechanism(features: XmlElement | undefined, mechanism: string): boolean {
  const mechs = features ? child(features, 'mechanisms', NS_SASL) : undefined;
  return (mechs?.children ?? []).some((c) => typeof c === 'object' && c.name === 'mechanism' && c.children.join('').trim() === mechanism);
}

export class S2sSide implements S2sContext {
  private readonly bidi = new WeakSet<Session>();
  private readonly returns = new WeakMap<Session, S2sInboundPeer>();
  private actors = 0;

  constructor(private readonly deps: S2sSideDeps) {}

  get localDomain(): string {
    return this.deps.config.localDomain;
  }
  get targetDomain(): string {
    return this.deps.config.target.domain;
  }

  async connect(opts: S2sConnectOptions = {}): Promise<Session> {
    const kind: S2sCertKind = opts.cert ?? 'valid';
    const missing = certUnavailable(this.deps.config, kind);
    if (missing) this.deps.skip(missing);
    const target = opts.direct ? this.deps.config.directTarget : this.deps.config.target;
    if (!target)
      this.deps.skip(
        'the target has no XEP-0368 direct-TLS server-to-server port: give --s2s-direct-tls-target xmpps://HOST:PORT (lab servers that have one print it in s2sRunArgs)',
      );
    const cert = await this.deps.certs.get(kind);
    const direct = target.scheme === 'xmpps';
    return this.deps.open({
      target,
      actor: opts.actor ?? `s2s${++this.actors}`,
      ns: NS_SERVER,
      from: this.localDomain,
      ...(opts.dialback ? { headerAttrs: { 'xmlns:db': NS_DIALBACK } } : {}),
      // XEP-0368: direct TLS to a server-to-server port names 'xmpp-server' in ALPN
      tls: { ...(cert ? { cert: cert.cert, key: cert.key } : {}), ...(direct ? { alpn: ['xmpp-server'] } : {}) },
    });
  }

  async opened(opts: S2sConnectOptions = {}): Promise<Session> {
    const s = await this.connect(opts);
    await s.openWithFeatures();
    return s;
  }

  async secured(opts: S2sConnectOptions = {}): Promise<Session> {
    const s = await this.opened(opts);
    if (s.secure) return s;
    if (!s.features || !offersStarttls(s.features)) this.deps.skip('the target offers no STARTTLS on its server-to-server port');
    await s.starttls();
    return s;
  }

  async authenticated(opts: S2sAuthOptions = {}): Promise<Session> {
    // the dialback namespace is declared, so a target that authenticates peers only that way can
    const s = await this.secured({ ...opts, dialback: true });
    if (!offersMechanism(s.features, 'EXTERNAL')) {
      if (s.features && child(s.features, 'dialback', NS_DIALBACK_FEATURE) && this.deps.zone) return this.dialback(s);
      this.deps.skip(
        `the target offered neither SASL EXTERNAL nor dialback to ${this.localDomain} after TLS with a ${opts.cert ?? 'valid'} certificate (features: ${describe(s.features ?? el('none'))})${this.deps.zone ? '' : '; dialback needs --lab-dns'}`,
      );
    }
    if (opts.bidi !== false && s.features && child(s.features, 'bidi', NS_BIDI_FEATURE)) {
      // XEP-0288 §3: the request goes before authentication and has no answer of its own
      s.send(el('bidi', { xmlns: NS_BIDI }));
      this.bidi.add(s);
    }
    const answer = await this.external(s);
    if (answer.name !== 'success' || answer.ns !== NS_SASL) {
      throw new ExpectationError(`<success/> to SASL EXTERNAL for ${this.localDomain} with a certificate for it`, describe(answer));
    }
    s.stream.restart();
    await s.open();
    await s.readFeatures();
    return s;
  }

  /**
   * Dialback (XEP-0220, once RFC 3920 §8) for a target that offers no SASL EXTERNAL: a key on the
   * stream, the target's check with the harness's domain (found through the lab DNS: the harness
   * again), a 'valid' answer, and the target's verdict. Not the subject of the case (the dialback
   * cases check dialback itself), so anything else is a skip with what happened.
   */
  private async dialback(s: Session): Promise<Session> {
    const listener = await this.listen();
    const streamId = s.header?.attrs['id'] ?? '';
    const key = randomBytes(12).toString('hex');
    s.sendRaw(dialbackResult(this.localDomain, this.targetDomain, key));
    const peer = await listener.accept();
    await peer.negotiate();
    const verify = await peer.element('verify', NS_DIALBACK, "<db:verify/> for the harness's dialback key");
    const ok = verify.attrs['id'] === streamId && verify.children.join('').trim() === key;
    peer.sendRaw(dialbackVerifyAnswer(this.localDomain, verify.attrs['from'] ?? this.targetDomain, verify.attrs['id'] ?? '', ok ? 'valid' : 'invalid'));
    if (!ok) this.deps.skip(`dialback: the target asked about another key or stream (${describe(verify)}); see the dialback cases`);
    const result = await s.waitFor(el('result', { xmlns: NS_DIALBACK }));
    if (result.attrs['type'] !== 'valid')
      this.deps.skip(`dialback: the target answered ${describe(result)} to a key its authoritative server confirmed; see the dialback cases`);
    // the verification came over the target's own stream to the harness, authenticated in turn
    if (peer.record.authenticated) this.returns.set(s, peer);
    return s;
  }

  isBidi(s: Session): boolean {
    return this.bidi.has(s);
  }

  returnRoute(s: Session): S2sInboundPeer | undefined {
    return this.returns.get(s);
  }

  async external(s: Session, authzid = ''): Promise<XmlElement> {
    // RFC 6120 §6.4.2: an empty initial response is sent as '='
    const body = authzid === '' ? '=' : Buffer.from(authzid, 'utf8').toString('base64');
    s.send(el('auth', { xmlns: NS_SASL, mechanism: 'EXTERNAL' }, body));
    return s.next({ what: '<success/> or <failure/> to SASL EXTERNAL' });
  }

  async listen(opts: { readonly cert?: S2sCertKind; readonly srv?: S2sSrvPlan } = {}): Promise<S2sListener> {
    const zone = this.deps.zone;
    if (!zone) this.deps.skip(`the target must find ${this.localDomain} by DNS: give --lab-dns IP:PORT with a target that asks the lab DNS (lab servers do)`);
    const kind: S2sCertKind = opts.cert ?? 'valid';
    const missing = certUnavailable(this.deps.config, kind);
    if (missing) this.deps.skip(missing);
    const plan = opts.srv ?? 'single';
    // A plan's fresh domain gets fresh ports too: a server may hold a port the previous case's
    // connection used against it for a while (jabberd2 marks the address of every outgoing
    // connection that closes as bad and prefers other records), which would decide the order.
    const main = plan === 'single' ? await this.deps.listener() : await this.freshListener();
    const second = plan === 'two-priorities' ? await this.freshListener() : undefined;
    const refused = plan === 'refused-first' || plan === 'refused' ? await refusingPort() : 0;
    const listener = InboundListener.open(
      zone,
      main,
      second,
      {
        timeout: this.deps.timeout,
        localDomain: this.localDomain,
        cert: await this.deps.certs.get(kind),
        // the CA the s2s target is checked against (--s2s-ca when given): the target's side is judged alike
        trust: this.deps.config.target.ca,
        transcript: this.deps.transcript,
        actor: 'in',
      },
      plan,
      refused,
    );
    this.deps.cleanup(() => listener.close());
    return listener;
  }

  /** A listening socket for this case only, closed after it. */
  private async freshListener(): Promise<ClientListener> {
    const l = await InboundListener.listen();
    this.deps.cleanup(() => l.close());
    return l;
  }

  account(i: number): Account {
    const a = this.deps.config.accounts[i];
    if (!a) this.deps.skip(`needs ${i + 1} account(s) on ${this.targetDomain}; give --s2s-account JID:PASSWORD`);
    return a;
  }

  async login(i: number, opts: LoginOptions & ConnectOptions = {}): Promise<Session> {
    const account = this.account(i);
    // the federating domain's c2s certificate may come from the s2s CA (ejabberd picks by name)
    const trust = [this.deps.c2s.ca, this.deps.config.target.ca].filter((p): p is string => p !== undefined).join('\n');
    const actor = opts.actor ?? `c2s-${account.local}`;
    const connect = (retry: boolean) =>
      this.deps.open({
        target: { ...this.deps.c2s, domain: this.targetDomain, ...(trust ? { ca: trust } : {}) },
        actor: retry ? `${actor}-retry` : actor,
        ...(opts.transport ? { transport: opts.transport } : {}),
      });
    // logging in is the case's setup here (see setupLogin)
    return setupLogin(connect, account, { ...opts, ...(opts.resource === undefined ? { resource: this.deps.id() } : {}) }, this.deps.note);
  }
}
