// The fake server's SASL side (RFC 6120 §6.4): the harness's own server mechanisms, with the
// behaviour knobs applied to what goes on the wire.
import { createHash, randomBytes } from 'node:crypto';
import {
  channelBindingFor,
  createServerMechanism,
  decodeSaslPayload,
  encodeSaslPayload,
  type ChannelBinding,
  type ServerMechanism,
  type ServerStep,
} from '../../../harness/sasl/index.js';
import { text, type XmlElement } from '../../../harness/xml/element.js';
import { NS_SASL } from '../../../harness/xml/ns.js';
import type { FakeConnection } from './fake-connection.js';

export class FakeSasl {
  private mech: ServerMechanism | undefined;
  private mechName = '';
  private pendingSuccess: { data: Buffer | null; username: string } | undefined;
  private failures = 0;

  constructor(private readonly conn: FakeConnection) {}

  private get b() {
    return this.conn.server.behaviour;
  }

  private failure(condition: string): void {
    this.mech = undefined;
    this.failures += 1;
    const cond = this.b.saslFailureFault === 'no-condition' ? '' : `<${this.b.saslFailureFault === 'undefined-condition' ? 'no-such-condition' : condition}/>`;
    this.conn.write(`<failure xmlns='${NS_SASL}'>${cond}</failure>`);
    if (this.b.noRetry && condition === 'not-authorized') this.conn.streamError('policy-violation');
  }

  private success(data: Buffer | null, username: string): void {
    this.mech = undefined;
    this.conn.write(`<success xmlns='${NS_SASL}'>${data && data.length ? data.toString('base64') : ''}</success>`);
    this.conn.authenticatedAs(username);
  }

  onElement(el: XmlElement): void {
    if (this.conn.authenticated) return this.conn.streamError('policy-violation');
    if (el.name === 'auth') return this.onAuth(el);
    if (el.name === 'response') return this.onResponse(el);
    if (el.name === 'abort') {
      this.mech = undefined;
      this.pendingSuccess = undefined;
      this.conn.write(`<failure xmlns='${NS_SASL}'><${this.b.abortCondition}/></failure>`);
      return;
    }
    this.conn.streamError('unsupported-stanza-type');
  }

  /** base64 as RFC 6120 §13.9.1 has it, or (lenientBase64) with characters outside the alphabet skipped */
  private decode(body: string): Buffer {
    return this.b.lenientBase64 ? Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64') : decodeSaslPayload(body);
  }

  private offered(): readonly string[] {
    return this.b.mechanisms;
  }

  private onAuth(el: XmlElement): void {
    const b = this.b;
    const name = el.attrs['mechanism'] ?? '';
    if (!this.conn.tlsSocket && b.starttls === 'required' && !b.successBeforeTls && !b.saslBeforeTls) return this.failure(b.encryptionRequiredCondition);
    if (el.attrs['mechanism'] === undefined) return this.failure(b.noMechanismCondition);
    if (!this.offered().includes(name)) return this.failure(b.unknownMechanismCondition);
    // RFC 6120 §6.4.2: a new <auth/> mid-handshake starts over (the broken server refuses it).
    if (this.mech && b.rejectAuthMidHandshake) return this.failure('malformed-request');
    let initial: Buffer | null = null;
    const body = text(el).trim();
    if (body.length > 0) {
      try {
        initial = this.decode(body);
      } catch {
        return this.failure(b.badBase64Condition);
      }
    }
    if (b.rejectEmptyAuthzid && name === 'PLAIN' && initial?.[0] === 0) return this.failure('invalid-authzid');
    let cb: ChannelBinding | undefined;
    if (name.endsWith('-PLUS') && this.conn.tlsSocket) {
      // The server learns the type from the client's gs2 header; compute what it would check.
      const header = initial?.toString('utf8') ?? '';
      const type = /^p=([a-z-]+),/.exec(header)?.[1];
      if (type === 'tls-exporter' || type === 'tls-server-end-point' || type === 'tls-unique') {
        cb = serverChannelBinding(this.conn.tlsSocket, type);
        if (cb && b.channelBindingMismatch) cb = { type: cb.type, data: randomBytes(cb.data.length) };
      }
    }
    if (b.ignoreInitialResponse) initial = null;
    if (initial === null && name === 'PLAIN' && b.requireInitialResponse) return this.failure('malformed-request');
    const accounts = this.conn.server.accounts;
    this.mechName = name;
    this.mech = createServerMechanism(name, {
      lookup: (u) => (accounts[u] !== undefined ? { password: accounts[u] as string } : undefined),
      iterations: b.scramIterations,
      ...(cb ? { channelBinding: cb } : {}),
    });
    this.apply(this.mech.step(initial));
  }

  private onResponse(el: XmlElement): void {
    if (this.pendingSuccess) {
      const p = this.pendingSuccess;
      this.pendingSuccess = undefined;
      this.conn.write(`<success xmlns='${NS_SASL}'/>`);
      this.conn.authenticatedAs(p.username);
      return;
    }
    if (!this.mech) return this.failure('malformed-request');
    let data: Buffer | null = null;
    const body = text(el).trim();
    if (body.length > 0) {
      try {
        data = this.decode(body);
      } catch {
        return this.failure(this.b.badBase64Condition);
      }
    }
    this.apply(this.mech.step(data));
  }

  private apply(step: ServerStep): void {
    const b = this.b;
    if (step.kind === 'challenge') {
      let msg = step.data.toString('utf8');
      if (msg.startsWith('r=')) {
        if (b.scramFreshNonce) msg = msg.replace(/^r=[^,]*/, `r=${randomBytes(12).toString('base64')}`);
        if (b.scramOmitSalt) msg = msg.replace(/,s=[^,]*/, '');
      }
      this.conn.write(`<challenge xmlns='${NS_SASL}'>${encodeSaslPayload(Buffer.from(msg, 'utf8'))}</challenge>`);
      return;
    }
    if (step.kind === 'failure') {
      if (b.acceptAnyPassword && step.condition === 'not-authorized') return this.success(null, 'alice');
      return this.failure(step.condition);
    }
    if (b.failMechanism === this.mechName) return this.failure('not-authorized');
    let data = step.data;
    if (data && b.scramBadServerSignature) data = Buffer.from(`v=${randomBytes(32).toString('base64')}`);
    if (data && b.scramFinalInChallenge) {
      this.pendingSuccess = { data, username: step.username };
      this.conn.write(`<challenge xmlns='${NS_SASL}'>${encodeSaslPayload(data)}</challenge>`);
      return;
    }
    this.success(data, step.username);
  }
}

/** The same channel-binding value as the client computes, seen from the server's socket. */
function serverChannelBinding(sock: import('node:tls').TLSSocket, type: ChannelBinding['type']): ChannelBinding | undefined {
  if (type === 'tls-unique') {
    // RFC 5929 §3.1: the first Finished message of the handshake — the client's, on a full handshake.
    const f = sock.getPeerFinished();
    return f ? { type, data: f } : undefined;
  }
  if (type === 'tls-server-end-point') {
    // RFC 5929 §4.1: hash of our own certificate (the test certificate is signed with SHA-256).
    const own = sock.getCertificate();
    if (!own || !('raw' in own)) return undefined;
    return { type, data: createHash('sha256').update(own.raw).digest() };
  }
  return channelBindingFor(sock, type);
}
