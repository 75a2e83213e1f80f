// A small scripted XMPP client for the client cases' negative controls: faithful by default (TLS
// with full certificate checks, SCRAM with channel binding, bind, iq answers, clean closing), or
// with exactly one flaw that breaks the rule one case checks. It runs in-process and plugs into
// serve as a ClientLauncher, in place of a --client-cmd.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import {
  bestChannelBinding,
  createClientMechanism,
  decodeSaslPayload,
  encodeSaslPayload,
  preferredMechanism,
  type ChannelBindingType,
  type ClientMechanism,
} from '../../../harness/sasl/index.js';
import type { ClientEnv, ClientLauncher, RunningClient } from '../../../harness/serve/index.js';
import {
  NS_BIND,
  NS_ROSTER,
  NS_SASL,
  NS_STANZA_ERRORS,
  NS_STREAM_ERRORS,
  NS_STREAMS,
  NS_TLS,
  STREAM_CLOSE,
  StreamParser,
  child,
  children,
  el,
  escapeAttr,
  serialize,
  streamContext,
  text,
  type XmlElement,
} from '../../../harness/xml/index.js';

/** One broken rule each; the control table pairs every client case with one of these. */
export type Flaw =
  | 'header-no-version'
  | 'header-no-to'
  | 'header-id'
  | 'header-jabber-server'
  | 'header-no-lang'
  | 'ignore-tls'
  | 'plaintext-after-proceed'
  | 'no-name-check'
  | 'no-chain-check'
  | 'no-restart-tls'
  | 'no-restart-sasl'
  | 'bad-proof'
  | 'bad-cb'
  | 'ignore-server-signature'
  | 'ignore-sasl-failure'
  | 'ignore-unknown-sasl-condition'
  | 'plain-in-clear'
  | 'unlisted-mechanism'
  | 'sends-authzid'
  | 'presence-before-bind'
  | 'iq-no-id'
  | 'keeps-requested-resource'
  | 'ignore-unknown-iq'
  | 'error-without-condition'
  | 'wrong-error-id'
  | 'answers-results'
  | 'ignore-stream-error'
  | 'no-close-reply'
  | 'ignore-redirect'
  | 'redirect-wrong-to'
  | 'whitespace-breaks'
  | 'chunk-breaks'
  | 'first-feature-only'
  | 'unknown-feature-breaks'
  | 'whitespace-hangs'
  | 'sends-unknown-stanza'
  | 'iq-bad-type'
  | 'iq-two-children'
  | 'presence-bad-show'
  | 'presence-status-same-lang'
  | 'presence-bad-priority'
  /** two <show/>, or two <priority/>, in its presence (RFC 6121 §4.7.2.1, §4.7.2.3) */
  | 'presence-two-show'
  | 'presence-two-priority'
  /** an element mixed into the text of <show/>, <status/> or <priority/> (RFC 6121 §4.7.2) */
  | 'presence-mixed-show'
  | 'presence-mixed-status'
  | 'presence-mixed-priority'
  | 'message-bad-type'
  | 'header-no-from'
  /** writes a presence after its own closing tag (RFC 6120 §4.4) */
  | 'data-after-close'
  /** breaks its SASL responses with a line feed inside the base64 (RFC 6120 §6.3.5, RFC 4648 §3.1) */
  | 'base64-line-break'
  /** version='01.0', xml:lang='en_GB' (RFC 6120 §4.7.5, §4.7.4) */
  | 'header-version-leading-zero'
  | 'header-bad-lang'
  /** a root in a namespace that is not the streams one; no default namespace; the root unprefixed in the streams namespace (RFC 6120 §4.8) */
  | 'header-wrong-stream-ns'
  | 'header-no-content-ns'
  | 'header-unprefixed-stream'
  /** its iq errors: without 'type' on <error/>, or without <error/> (RFC 6120 §8.3) */
  | 'error-without-type'
  | 'error-without-error-child'
  /** probes its own account's presence, as only servers do (RFC 6121 §4.7.1) */
  | 'sends-probe'
  /** after the TLS handshake sends no new stream header and goes on with <auth/> (RFC 6120 §5.3.2, §4.3.3) */
  | 'no-header-after-tls'
  /** after the TLS handshake drops the connection and opens a new one for the next stream (RFC 6120 §4.3.3) */
  | 'reconnect-after-tls'
  /** after SASL success sends no new stream header and asks to bind on the old stream (RFC 6120 §6.3.2) */
  | 'no-header-after-sasl'
  /** answers a ping with a result holding two children (RFC 6120 §8.2.3) */
  | 'ping-result-two-children'
  /** answers a ping with an error iq without <error/> (RFC 6120 §8.2.3) */
  | 'ping-error-without-error';

/**
 * Faithful but limited behaviours (no rule broken): the controls use them to prove that a case
 * skips, or still passes, on a client that lacks something the case's rule does not require.
 */
export type Quirk =
  /** knows no SASL mechanism but PLAIN */
  | 'plain-only'
  /** knows no SASL mechanism but SCRAM-SHA-512, which the usual login does not offer */
  | 'scram-sha-512-only'
  /** answers no iq at all (not even a ping or a roster push) */
  | 'answers-no-iq'
  /** closes its stream right after binding */
  | 'leaves-after-bind'
  /**
   * slow but correct: under TLS it acts on one decrypted TLS record per turn of its event loop,
   * RECORD_TURN_MS apart, so a stream of many tiny records takes it seconds to read
   */
  | 'one-record-per-turn'
  /** slow but correct: takes SLOW_SCRAM_MS over each SCRAM response (a key derivation on a busy machine) */
  | 'slow-scram';

/** How long the 'one-record-per-turn' client takes over each TLS record it receives. */
const RECORD_TURN_MS = 150;
/** How long the 'slow-scram' client takes over each SCRAM response: more than twice the controls' step timeout. */
const SLOW_SCRAM_MS = 3500;

const KNOWN_SASL_CONDITIONS = new Set([
  'aborted',
  'account-disabled',
  'credentials-expired',
  'encryption-required',
  'incorrect-encoding',
  'invalid-authzid',
  'invalid-mechanism',
  'malformed-request',
  'mechanism-too-weak',
  'not-authorized',
  'temporary-auth-failure',
]);
const KNOWN_FEATURE_NS = new Set([NS_TLS, NS_SASL, NS_BIND, 'urn:xmpp:sasl-cb:0', 'urn:ietf:params:xml:ns:xmpp-session', 'http://jabber.org/protocol/caps']);

class Connection {
  private socket: net.Socket;
  private secure: tls.TLSSocket | undefined;
  private parser: StreamParser;
  private mech: ClientMechanism | undefined;
  private bound = false;
  private done = false;

  private whitespaceSeen = false;
  /** the TLS records still waiting for their turn ('one-record-per-turn') */
  private records: Promise<void> = Promise.resolve();

  constructor(
    private readonly env: ClientEnv,
    private readonly flaw: Flaw | undefined,
    private readonly quirks: readonly Quirk[],
    private readonly host: string,
    private readonly port: number,
    private readonly onRedirect: (host: string, port: number) => void,
    private readonly redirected = false,
  ) {
    this.parser = this.newParser();
    this.socket = net.connect({ host, port }, () => this.sendHeader());
    this.attach(this.socket);
  }

  private attach(s: net.Socket): void {
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('error', () => this.destroy());
    s.on('close', () => (this.done = true));
  }

  private onData(chunk: Buffer): void {
    const str = chunk.toString('utf8');
    if (this.bound && this.flaw === 'whitespace-breaks' && /^\s/.test(str)) return this.streamError('not-well-formed');
    if (this.bound && /^\s/.test(str)) this.whitespaceSeen = true;
    // reads on, but no longer acts on anything: a parser stuck after the keepalive
    if (this.flaw === 'whitespace-hangs' && this.whitespaceSeen) return;
    if (this.flaw === 'chunk-breaks' && !/>\s*$/.test(str)) return this.destroy();
    this.parser.write(chunk);
  }

  private newParser(): StreamParser {
    return new StreamParser({
      onOpen: () => undefined,
      onElement: (e) => this.onElement(e),
      onClose: () => {
        if (this.flaw === 'no-close-reply') return this.destroy();
        this.close();
      },
      onError: () => this.destroy(),
    });
  }

  private write(data: string): void {
    if (!this.done) (this.secure ?? this.socket).write(data);
  }

  private send(e: XmlElement): void {
    this.write(serialize(e, streamContext()));
  }

  private sendHeader(): void {
    const f = this.flaw;
    const attrs: string[] = [];
    if (f !== 'header-no-to') attrs.push(`to='${escapeAttr(f === 'redirect-wrong-to' && this.redirected ? '127.0.0.1' : this.env.XC_DOMAIN)}'`);
    if (f !== 'header-no-version') attrs.push(f === 'header-version-leading-zero' ? "version='01.0'" : "version='1.0'");
    if (f !== 'header-no-lang') attrs.push(f === 'header-bad-lang' ? "xml:lang='en_GB'" : "xml:lang='en'");
    if (f === 'header-id') attrs.push("id='client-chosen'");
    // RFC 6120 §4.7.1: once under TLS, a client that knows its JID says so
    if (this.secure && f !== 'header-no-from') attrs.push(`from='${escapeAttr(this.env.XC_JID)}'`);
    const ns = f === 'header-jabber-server' ? 'jabber:server' : 'jabber:client';
    if (f === 'header-unprefixed-stream') return this.write(`<?xml version='1.0'?><stream xmlns='${NS_STREAMS}' ${attrs.join(' ')}>`);
    const content = f === 'header-no-content-ns' ? '' : `xmlns='${ns}' `;
    const streams = f === 'header-wrong-stream-ns' ? 'urn:xmpp-conformance:not-streams' : NS_STREAMS;
    this.write(`<?xml version='1.0'?><stream:stream ${content}xmlns:stream='${streams}' ${attrs.join(' ')}>`);
  }

  /** A new stream on the same connection (RFC 6120 §4.3.3), or the flawed version of it. */
  private restart(flawed: boolean): void {
    this.parser = this.newParser();
    if (flawed) this.write(STREAM_CLOSE);
    this.sendHeader();
  }

  private close(): void {
    this.write(STREAM_CLOSE);
    (this.secure ?? this.socket).end();
    this.done = true;
  }

  private streamError(condition: string): void {
    this.write(`<stream:error><${condition} xmlns='${NS_STREAM_ERRORS}'/></stream:error>`);
    this.close();
  }

  destroy(): void {
    this.done = true;
    this.secure?.destroy();
    this.socket.destroy();
  }

  private onElement(e: XmlElement): void {
    if (this.done) return;
    if (e.ns === NS_STREAMS && e.name === 'features') return this.onFeatures(e);
    if (e.ns === NS_STREAMS && e.name === 'error') return this.onStreamError(e);
    if (e.ns === NS_TLS && e.name === 'proceed') return this.onProceed();
    if (e.ns === NS_TLS && e.name === 'failure') return this.destroy();
    if (e.ns === NS_SASL) return this.onSasl(e);
    if (e.name === 'iq') return this.onIq(e);
  }

  private onFeatures(f: XmlElement): void {
    const all = children(f);
    const feats = this.flaw === 'first-feature-only' ? all.slice(0, 1) : all;
    if (this.flaw === 'unknown-feature-breaks' && all.some((c) => !KNOWN_FEATURE_NS.has(c.ns))) return this.close();
    const starttls = feats.find((c) => c.name === 'starttls' && c.ns === NS_TLS);
    const mechs = feats.find((c) => c.name === 'mechanisms' && c.ns === NS_SASL);
    const bind = feats.find((c) => c.name === 'bind' && c.ns === NS_BIND);
    if (starttls && !this.secure) {
      if (this.flaw === 'ignore-tls') return this.auth('PLAIN');
      return this.write(`<starttls xmlns='${NS_TLS}'/>`);
    }
    if (mechs) {
      const all = children(mechs, 'mechanism', NS_SASL).map((m) => text(m).trim());
      const known = this.quirks.includes('plain-only') ? ['PLAIN'] : this.quirks.includes('scram-sha-512-only') ? ['SCRAM-SHA-512'] : undefined;
      const offered = known ? all.filter((m) => known.includes(m)) : all;
      const cbFeature = feats.find((c) => c.name === 'sasl-channel-binding');
      const cbTypes = cbFeature ? children(cbFeature, 'channel-binding').map((c) => c.attrs['type'] as ChannelBindingType) : undefined;
      const cb = this.secure ? bestChannelBinding(this.secure, cbTypes) : undefined;
      let name = preferredMechanism(offered, { tls: this.secure !== undefined, channelBinding: cb !== undefined });
      if (!name && (this.flaw === 'unlisted-mechanism' || (this.flaw === 'plain-in-clear' && offered.includes('PLAIN')))) name = 'PLAIN';
      // RFC 6120 §6.4.5: nothing acceptable is left, so close rather than wait
      if (!name) return this.close();
      return this.auth(
        name,
        cb,
        offered.some((m) => m.endsWith('-PLUS')),
      );
    }
    if (bind) {
      if (this.flaw === 'presence-before-bind') this.send(el('presence'));
      const id = this.flaw === 'iq-no-id' ? undefined : `bind-${randomBytes(3).toString('hex')}`;
      return this.send(el('iq', { type: 'set', id }, el('bind', { xmlns: NS_BIND }, el('resource', {}, this.env.XC_RESOURCE))));
    }
    if (!starttls) this.close();
  }

  private auth(name: string, cb?: { type: ChannelBindingType; data: Buffer }, serverOffersPlus = false): void {
    const creds = { username: this.env.XC_USERNAME, password: this.env.XC_PASSWORD, ...(this.flaw === 'sends-authzid' ? { authzid: this.env.XC_JID } : {}) };
    const binding = cb && this.flaw === 'bad-cb' ? { type: cb.type, data: randomBytes(cb.data.length) } : cb;
    this.mech = createClientMechanism(name, creds, { ...(binding ? { channelBinding: binding } : {}), serverOffersPlus });
    const initial = this.mech.initialResponse();
    this.write(`<auth xmlns='${NS_SASL}' mechanism='${name}'>${encodeSaslPayload(initial)}</auth>`);
  }

  private onProceed(): void {
    if (this.flaw === 'plaintext-after-proceed') return this.restart(false);
    const settings: tls.ConnectionOptions = {
      socket: this.socket,
      servername: this.env.XC_DOMAIN,
      ca: readCa(this.env.XC_CA_FILE),
      rejectUnauthorized: this.flaw !== 'no-chain-check',
      ...(this.flaw === 'no-name-check' ? { checkServerIdentity: () => undefined } : {}),
    };
    this.socket.removeAllListeners('data');
    const s = tls.connect(settings, () => {
      this.secure = s;
      if (this.flaw === 'no-header-after-tls') return this.auth('PLAIN');
      if (this.flaw === 'reconnect-after-tls') {
        // a moment for our handshake to finish on the other side too, then a new connection
        setTimeout(() => {
          this.destroy();
          this.onRedirect(this.host, this.port);
        }, 200);
        return;
      }
      this.restart(this.flaw === 'no-restart-tls');
    });
    s.on('data', (chunk: Buffer) => {
      if (!this.quirks.includes('one-record-per-turn')) return this.onData(chunk);
      // Node's TLS socket emits each decrypted record as a chunk of its own
      const turn = (done: () => void): void => {
        setTimeout(() => {
          if (!this.done) this.onData(chunk);
          done();
        }, RECORD_TURN_MS);
      };
      this.records = this.records.then(() => new Promise<void>(turn));
    });
    s.on('error', () => this.destroy());
  }

  private onSasl(e: XmlElement): void {
    const mech = this.mech;
    if (!mech) return;
    try {
      if (e.name === 'challenge') {
        let resp = mech.challenge(decodeSaslPayload(text(e)));
        if (this.flaw === 'bad-proof' && /,p=/.test(resp.toString('utf8'))) {
          const s = resp.toString('utf8');
          const cut = s.lastIndexOf(',p=') + 3;
          const proof = Buffer.from(s.slice(cut), 'base64');
          proof[0] = (proof[0] ?? 0) ^ 0xff;
          resp = Buffer.from(s.slice(0, cut) + proof.toString('base64'), 'utf8');
        }
        const b64 = encodeSaslPayload(resp);
        const out = `<response xmlns='${NS_SASL}'>${this.flaw === 'base64-line-break' ? `${b64.slice(0, 8)}\n${b64.slice(8)}` : b64}</response>`;
        if (this.quirks.includes('slow-scram') && mech.name.startsWith('SCRAM-')) {
          setTimeout(() => this.write(out), SLOW_SCRAM_MS);
          return;
        }
        return this.write(out);
      }
      if (e.name === 'success') {
        const data = text(e);
        try {
          mech.success(data === '' ? null : decodeSaslPayload(data));
        } catch {
          // RFC 5802 §3: a server signature that does not verify means the exchange failed
          if (this.flaw !== 'ignore-server-signature') return this.close();
        }
        if (this.flaw === 'no-header-after-sasl') return this.send(el('iq', { type: 'set', id: 'bind-old-stream' }, el('bind', { xmlns: NS_BIND })));
        return this.restart(this.flaw === 'no-restart-sasl');
      }
      if (e.name === 'failure') {
        const cond = children(e).find((c) => c.name !== 'text')?.name ?? '';
        if (this.flaw === 'ignore-sasl-failure') return this.restart(false);
        if (this.flaw === 'ignore-unknown-sasl-condition' && !KNOWN_SASL_CONDITIONS.has(cond)) return this.restart(false);
        return this.close();
      }
    } catch {
      return this.close();
    }
  }

  private onIq(iq: XmlElement): void {
    const type = iq.attrs['type'];
    const id = iq.attrs['id'];
    const bindResult = child(iq, 'bind', NS_BIND);
    if (type === 'result' && bindResult && !this.bound) {
      this.bound = true;
      if (this.quirks.includes('leaves-after-bind')) return this.close();
      return this.afterBind();
    }
    if (this.quirks.includes('answers-no-iq')) return;
    if (type === 'get' || type === 'set') {
      const payload = children(iq)[0];
      if (payload?.ns === NS_ROSTER && type === 'set') return this.send(el('iq', { type: 'result', id }));
      // XEP-0199: a ping is answered with an empty result
      if (payload?.ns === 'urn:xmpp:ping' && type === 'get') {
        const to = iq.attrs['from'] ? { to: iq.attrs['from'] } : {};
        if (this.flaw === 'ping-error-without-error') return this.send(el('iq', { type: 'error', id, ...to }));
        const extra = this.flaw === 'ping-result-two-children' ? [el('ping', { xmlns: 'urn:xmpp:ping' }), el('ping', { xmlns: 'urn:xmpp:ping' })] : [];
        return this.send(el('iq', { type: 'result', id, ...to }, ...extra));
      }
      if (this.flaw === 'ignore-unknown-iq') return;
      const errId = this.flaw === 'wrong-error-id' ? `${id ?? ''}-x` : id;
      const f = this.flaw;
      const cond = el('service-unavailable', { xmlns: NS_STANZA_ERRORS });
      const error =
        f === 'error-without-condition'
          ? el('error', { type: 'cancel' })
          : f === 'error-without-type'
            ? el('error', {}, cond)
            : el('error', { type: 'cancel' }, cond);
      return this.send(
        el('iq', { type: 'error', id: errId, ...(iq.attrs['from'] ? { to: iq.attrs['from'] } : {}) }, ...(f === 'error-without-error-child' ? [] : [error])),
      );
    }
    if ((type === 'result' || type === 'error') && this.flaw === 'answers-results' && id !== 'roster-1') {
      this.send(el('iq', { type: 'error', id }, el('error', { type: 'cancel' }, el('bad-request', { xmlns: NS_STANZA_ERRORS }))));
    }
  }

  /** Initial presence (with show, status and priority), the roster, and one chat message to itself. */
  private afterBind(): void {
    const f = this.flaw;
    const requested = `${this.env.XC_JID}/${this.env.XC_RESOURCE}`;
    const mixed = (name: string, value: string): XmlElement => el(name, {}, value, el('b', { xmlns: 'urn:xmpp-conformance:mixed' }));
    const statuses =
      f === 'presence-status-same-lang'
        ? [el('status', {}, 'here'), el('status', {}, 'still here')]
        : [f === 'presence-mixed-status' ? mixed('status', 'here') : el('status', { 'xml:lang': 'en' }, 'here')];
    const show = f === 'presence-mixed-show' ? mixed('show', 'chat') : el('show', {}, f === 'presence-bad-show' ? 'busy' : 'chat');
    const priority = f === 'presence-mixed-priority' ? mixed('priority', '5') : el('priority', {}, f === 'presence-bad-priority' ? '200' : '5');
    this.send(
      el(
        'presence',
        f === 'keeps-requested-resource' ? { from: requested } : {},
        show,
        ...(f === 'presence-two-show' ? [el('show', {}, 'away')] : []),
        ...statuses,
        priority,
        ...(f === 'presence-two-priority' ? [el('priority', {}, '1')] : []),
      ),
    );
    const rosterQuery = el('query', { xmlns: NS_ROSTER });
    this.send(
      el(
        'iq',
        { type: f === 'iq-bad-type' ? 'fetch' : 'get', id: 'roster-1' },
        rosterQuery,
        ...(f === 'iq-two-children' ? [el('query', { xmlns: NS_ROSTER })] : []),
      ),
    );
    this.send(el('message', { type: f === 'message-bad-type' ? 'private' : 'chat', to: this.env.XC_JID, id: 'msg-1' }, el('body', {}, 'hello')));
    if (f === 'sends-unknown-stanza') this.send(el('note', {}, 'not a stanza'));
    if (f === 'sends-probe') this.send(el('presence', { type: 'probe', to: this.env.XC_JID }));
  }

  private onStreamError(e: XmlElement): void {
    const cond = children(e).find((c) => c.ns === NS_STREAM_ERRORS && c.name !== 'text');
    if (this.flaw === 'ignore-stream-error') {
      this.send(el('presence'));
      return;
    }
    if (this.flaw === 'data-after-close') {
      this.write(STREAM_CLOSE);
      this.send(el('presence'));
    }
    this.close();
    if (cond?.name === 'see-other-host' && this.flaw !== 'ignore-redirect') {
      // RFC 6120 §4.9.3.19: host[:port]; IPv6 literals in brackets
      const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text(cond).trim());
      if (m?.[1]) this.onRedirect(m[1], Number(m[2] ?? 5222));
    }
  }
}

function readCa(file: string): string {
  return readFileSync(file, 'utf8');
}

/** serve's launcher for the scripted client, faithful or with one flaw, and any faithful quirks. */
export function scriptedClient(flaw?: Flaw, quirks: readonly Quirk[] = []): ClientLauncher {
  return {
    start(env: ClientEnv): RunningClient {
      const conns: Connection[] = [];
      let redirects = 0;
      const open = (host: string, port: number, redirected: boolean): void => {
        conns.push(
          new Connection(
            env,
            flaw,
            quirks,
            host,
            port,
            (h, p) => {
              if (++redirects <= 3) open(h, p, true);
            },
            redirected,
          ),
        );
      };
      open(env.XC_HOST, Number(env.XC_PORT), false);
      return {
        async stop() {
          for (const c of conns) c.destroy();
        },
        tail: () => '',
      };
    },
  };
}
