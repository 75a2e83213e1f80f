// What a case's script receives: its sessions, its deadline, ids, and ways to fail or skip
// with the rule cited. Suites depend on this interface, not on the runner.
import type { Account, ResolvedTarget } from '../config.js';
import type { Session, LoginOptions } from '../session/index.js';
import type { SpecRef } from '../spec.js';
import type { XmlElement } from '../xml/index.js';

export interface ConnectOptions {
  /** name of this connection in the transcript (default 'c1', 'c2', …) */
  readonly actor?: string;
  readonly transport?: 'starttls' | 'direct-tls';
}

/**
 * The certificate the harness presents as the initiating server (RFC 6120 §13.7.1.2, RFC 6125):
 * 'valid' names the harness's domain and comes from a CA the target trusts; the others break one
 * thing each. 'none' presents no certificate at all.
 */
export type S2sCertKind = 'valid' | 'self-signed' | 'expired' | 'wrong-name' | 'server-only' | 'none';

export interface S2sConnectOptions {
  readonly actor?: string;
  /** default 'valid' */
  readonly cert?: S2sCertKind;
  /** declare the dialback namespace on the stream headers (XEP-0220, once RFC 3920 §8) */
  readonly dialback?: boolean;
  /** to the target's XEP-0368 direct-TLS s2s port (--s2s-direct-tls-target); skips when it has none */
  readonly direct?: boolean;
}

export interface S2sAuthOptions extends S2sConnectOptions {
  /** ask for a bidirectional stream (XEP-0288) when offered, so answers come back on it; default true */
  readonly bidi?: boolean;
}

/** What the target did when it connected to the harness as the receiving server. */
export interface S2sInboundRecord {
  /** the target's stream headers, in order (initial, after TLS, after SASL) */
  readonly headers: XmlElement[];
  /** whether the target completed TLS, and the handshake error when it did not */
  secured: boolean;
  tlsError?: string;
  /** the DNS names in the target's certificate, and whether it chains to the CA and is in date */
  peerNames: string[];
  peerCertValid: boolean;
  /** SASL EXTERNAL offered by the harness (the target's certificate names its domain), and done */
  externalOffered: boolean;
  authenticated: boolean;
  /**
   * how the target authenticated: SASL EXTERNAL, or a dialback request (XEP-0220) the harness
   * granted on the strength of the same certificate (XEP-0344 §2.4, dialback without dialback)
   */
  authMethod?: 'external' | 'dialback';
  /** what the target sent where the harness expected a negotiation step, when it did */
  unexpected?: string;
  /** direct TLS (XEP-0368): the handshake came first; the ALPN protocols and SNI name the target sent (added) */
  directTls?: boolean;
  alpnOffered?: string[];
  sni?: string;
}

/** One connection the target opened to the harness's domain. */
export interface S2sInboundPeer {
  readonly record: S2sInboundRecord;
  /**
   * The negotiation from the receiving side; stops where the target stops (see the record).
   * `external: false` withholds SASL EXTERNAL whatever the target's certificate; `dialback: true`
   * offers dialback (XEP-0220) after TLS, and the negotiation ends with those features sent.
   */
  negotiate(opts?: { readonly external?: boolean; readonly dialback?: boolean }): Promise<S2sInboundRecord>;
  /** the next stanza the target routes to the harness */
  stanza(what?: string, within?: number): Promise<XmlElement>;
  /** the next element with this name and namespace (others stay unread) */
  element(name: string, ns: string, what?: string, within?: number): Promise<XmlElement>;
  /** bytes to the target as given */
  sendRaw(text: string): void;
  /** sends our closing tag; resolves with how the target ended its side (RFC 6120 §4.4) */
  closeStream(within?: number): Promise<'close-tag' | 'eof'>;
}

/**
 * How the harness's domain is published for a case (RFC 6120 §3.2.1): one SRV record naming the
 * listener; or two, the preferred (priority 0) and another (priority 10), both the harness's; or
 * the preferred one naming a port that refuses connections, the other the listener; or only the
 * refusing port ('refused': the domain resolves, nothing accepts the connection); or one record
 * for the listener at a fresh domain ('fresh': no earlier case's stream to it can exist).
 */
export type S2sSrvPlan = 'single' | 'two-priorities' | 'refused-first' | 'refused' | 'fresh' | S2sSrvPlanAdded;

/**
 * Added plans, each for a fresh domain below the harness's: 'direct-tls' publishes only an
 * _xmpps-server._tcp record (XEP-0368) naming the listener, which then expects TLS from the first
 * byte; 'dot-target' a single _xmpp-server._tcp record whose target is '.' (RFC 6120 §3.2.1: the
 * service is decidedly not available) and an A record for the domain; 'no-srv' no SRV record at
 * all, only the domain's A record (the §3.2.2 fallback); 'named-target' one _xmpp-server._tcp
 * record naming the listener's port at host.<domain>, a lab name with an A record (127.0.0.1), so
 * the lab DNS shows whether the target resolves host names through it.
 */
export type S2sSrvPlanAdded = 'direct-tls' | 'dot-target' | 'no-srv' | 'named-target';

/** One question the lab DNS was asked (S2sListener.lookups). */
export interface S2sDnsLookup {
  readonly name: string;
  readonly type: string;
  readonly at: number;
}

/** The harness's domain, pointed (lab DNS) at a listener of this case. */
export interface S2sListener {
  /** the domain the target reaches the listener at (the harness's, or a fresh one below it) */
  readonly domain: string;
  readonly port: number;
  /** 'two-priorities': which of the two records' ports the target's first connection came to */
  firstConnection(within?: number): Promise<'preferred' | 'other'>;
  /** the target's next connection; waits `within` ms (default: three step timeouts) */
  accept(within?: number): Promise<S2sInboundPeer>;
  /** whether the target connected (a connection is waiting or comes within `within` ms); that connection is taken and closed with the case (added) */
  connected(within: number): Promise<boolean>;
  /** what the lab DNS was asked since the listener opened about its domain, names below it, and the root ('': an SRV target of '.' looked up) (added) */
  lookups(): readonly S2sDnsLookup[];
}

/** The harness as a remote server towards the target's s2s port (RFC 6120 §4-§6, §8, §10, §13.7). */
export interface S2sContext {
  /** the domain the harness speaks for */
  readonly localDomain: string;
  /** the target's federating domain */
  readonly targetDomain: string;
  /** a TCP (or direct TLS) connection to the s2s port, default namespace jabber:server; nothing sent */
  connect(opts?: S2sConnectOptions): Promise<Session>;
  /** the initial header sent (from localDomain, to targetDomain), the answer and first features read */
  opened(opts?: S2sConnectOptions): Promise<Session>;
  /** past STARTTLS with the chosen client certificate, stream restarted, features read */
  secured(opts?: S2sConnectOptions): Promise<Session>;
  /**
   * Authenticated with SASL EXTERNAL for localDomain (RFC 6120 §6.3.8), after a XEP-0288 bidi
   * request when the target offers it, stream restarted, features read; or, where the target
   * offers no EXTERNAL but dialback (XEP-0220) and the run serves the lab DNS, by dialback. Skips
   * when neither is possible.
   */
  authenticated(opts?: S2sAuthOptions): Promise<Session>;
  /** whether the stream carries the target's stanzas back to the harness (XEP-0288) */
  isBidi(s: Session): boolean;
  /**
   * The target's own authenticated connection to localDomain that authenticating `s` brought
   * about (dialback: the target checks the key over it), which carries the target's stanzas back
   * to the harness; undefined when there is none.
   */
  returnRoute(s: Session): S2sInboundPeer | undefined;
  /** sends <auth mechanism='EXTERNAL'/> with this authzid ('' sends '='), resolves with the answer */
  external(s: Session, authzid?: string): Promise<XmlElement>;
  /**
   * The receiving side: a listener for this case that the lab DNS names for localDomain (SRV and A
   * records, removed after the case), presenting `cert` when the target connects. Skips without
   * --lab-dns (the target would not find it).
   */
  listen(opts?: { readonly cert?: S2sCertKind; readonly srv?: S2sSrvPlan }): Promise<S2sListener>;
  /** the i-th c2s account on the target's federating domain; skips when there is none */
  account(i: number): Account;
  /** that account logged in through the target's c2s port (bound) */
  login(i: number, opts?: LoginOptions & ConnectOptions): Promise<Session>;
}

/** Added: the harness as an external component on the target's component port (XEP-0114). */
export interface ComponentContext {
  /** the component's domain (the stream header's 'to') */
  readonly domain: string;
  /** the shared secret the target was configured with */
  readonly secret: string;
  /** a TCP connection to the component port, default namespace jabber:component:accept; nothing sent */
  connect(actor?: string): Promise<Session>;
  /** the component's stream header sent, the target's header read */
  opened(actor?: string): Promise<Session>;
  /** the id of the target's header (fails the case when there is none) */
  streamId(s: Session): string;
  /** <handshake/> with the digest of the stream id and `secret` (default: the right one) */
  sendHandshake(s: Session, secret?: string): void;
  /** opened, handshake with the right secret, the empty <handshake/> read */
  authenticated(actor?: string): Promise<Session>;
}

export interface CaseContext {
  readonly target: ResolvedTarget;
  /** per-step deadline (--timeout) */
  readonly timeout: number;
  /** the case's own refs; `ref` is the first, the default citation for failures */
  readonly refs: readonly SpecRef[];
  readonly ref: SpecRef;
  readonly seed: number;
  /** a reproducible id, unique within the run */
  id(): string;
  /** the i-th test account; skips the case when there is none */
  account(i: number): Account;
  /** a connected TCP/TLS session; nothing sent yet */
  connect(opts?: ConnectOptions): Promise<Session>;
  /** a session that has opened the stream and read the first features */
  opened(opts?: ConnectOptions): Promise<Session>;
  /** a session past STARTTLS (or direct TLS), with the post-TLS features read */
  secured(opts?: ConnectOptions): Promise<Session>;
  /** a logged-in session for account i (bound unless opts.bind === false) */
  login(i: number, opts?: LoginOptions & ConnectOptions): Promise<Session>;
  /** ends the case as `skipped` with this reason */
  skip(reason: string): never;
  /** ends the case as `failed` */
  fail(expected: string, received: string, ref?: SpecRef): never;
  /** fails unless `cond` */
  check(cond: boolean, expected: string, received: string | (() => string), ref?: SpecRef): void;
  /** adds to the result's message (e.g. which of two permitted behaviours the target chose) */
  note(message: string): void;
  /** names the step now running, for failure messages */
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** runs after the case whatever its outcome (undo roster changes...); a failure there is noted */
  cleanup(fn: () => Promise<void>): void;
  /** every test account's bare JID, for cleanups that touch only what the suite created */
  readonly accountJids: readonly string[];
  /** the server-to-server side; skips the case when the run has no --s2s-target */
  s2s(): S2sContext;
  /** added: the external component side; skips the case when the run has no --component-target */
  component(): ComponentContext;
  /** the next element must be a stanza error of one of these conditions (RFC 6120 §8.3) */
  stanzaErrorCondition(stanza: XmlElement): string | undefined;
}
