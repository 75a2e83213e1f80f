// The server side of SCRAM (RFC 5802 §5, §6, §7) for the project's fake peers: it checks the client's
// messages strictly and verifies the proof and, for -PLUS, the channel binding.
import { randomBytes } from 'node:crypto';
import type { ServerMechanism, ServerMechanismOptions, ServerStep, FailureCondition } from './server.js';
import { SaslError } from './errors.js';
import { prepareOpaqueString } from '../jid/index.js';
import {
  type ScramVariant,
  decodeB64,
  decodeUtf8,
  deriveKeys,
  digest,
  hmac,
  isValidNonce,
  randomNonce,
  safeEqual,
  saltedPassword,
  splitAttributes,
  unescapeSaslName,
  xor,
  type ScramKeys,
} from './scram.js';

type State = 'start' | 'first' | 'final' | 'await-empty' | 'done';

interface FirstInfo {
  header: string;
  flag: string;
  username: string;
  authzid: string | undefined;
  firstBare: string;
  serverFirst: string;
  nonce: string;
  keys: ScramKeys | undefined; // undefined: unknown user or unusable password (we still finish the exchange)
}

export function failure(condition: FailureCondition, text: string): ServerStep {
  return { kind: 'failure', condition, text };
}

/**
 * RFC 6120 §6.3.8: the server decides whether the authenticated user may act as the authzid. With no
 * `authorize` option, an absent authzid, the username itself, or a JID whose localpart is the username
 * (`user@domain[/resource]`) is accepted; anything else fails with invalid-authzid (RFC 6120 §6.5.6).
 */
export function authorize(opts: ServerMechanismOptions, username: string, authzid: string | undefined): ServerStep | undefined {
  if (authzid === undefined || authzid === '') return undefined;
  const ok = opts.authorize ? opts.authorize(username, authzid) : authzid === username || authzid.startsWith(`${username}@`);
  return ok ? undefined : failure('invalid-authzid', `${username} may not act as ${authzid} (RFC 6120 §6.3.8, §6.5.6)`);
}

class ScramServer implements ServerMechanism {
  readonly name: string;
  private state: State = 'start';
  private first: FirstInfo | undefined;

  constructor(
    private readonly variant: ScramVariant,
    private readonly opts: ServerMechanismOptions,
  ) {
    this.name = variant.name;
    if (variant.plus && !opts.channelBinding) {
      throw new SaslError(`${variant.name} server needs the channel binding of its TLS socket (RFC 5802 §6)`);
    }
  }

  step(data: Buffer | null): ServerStep {
    const out = this.dispatch(data);
    if (out.kind !== 'challenge') this.state = 'done';
    return out;
  }

  private dispatch(data: Buffer | null): ServerStep {
    switch (this.state) {
      case 'start':
        // RFC 6120 §6.4.2: SCRAM is client-first; without an initial response send an empty challenge.
        if (data === null) {
          this.state = 'first';
          return { kind: 'challenge', data: Buffer.alloc(0) };
        }
        return this.onClientFirst(data);
      case 'first':
        return this.onClientFirst(data ?? Buffer.alloc(0));
      case 'final':
        return this.onClientFinal(data ?? Buffer.alloc(0));
      case 'await-empty': {
        // We sent v= as a challenge; RFC 6120 §6.3.10 expects an empty response, then <success/>.
        this.state = 'done';
        if (data !== null && data.length > 0)
          return failure('malformed-request', 'expected an empty response after the server-final-message (RFC 6120 §6.3.10)');
        const f = this.first as FirstInfo;
        return this.success(null, f);
      }
      case 'done':
        return failure('malformed-request', 'the SCRAM exchange is already finished (RFC 5802 §5)');
    }
  }

  private onClientFirst(data: Buffer): ServerStep {
    const text = decodeUtf8(data);
    if (text === undefined) return failure('malformed-request', 'client-first-message is not UTF-8 (RFC 5802 §7)');
    // RFC 5802 §7: gs2-header = flag "," [a=authzid] "," then client-first-message-bare.
    const m = /^(n|y|p=[A-Za-z0-9.-]+),(a=[^,]*)?,(.*)$/s.exec(text);
    if (!m) return failure('malformed-request', `client-first-message has no valid gs2 header: ${JSON.stringify(text.slice(0, 40))} (RFC 5802 §7)`);
    const flag = m[1] as string;
    const header = `${flag},${m[2] ?? ''},`;
    const bare = m[3] as string;
    let authzid: string | undefined;
    if (m[2] !== undefined) {
      authzid = unescapeSaslName(m[2].slice(2));
      if (authzid === undefined || authzid === '') return failure('malformed-request', 'authzid a= is empty or badly escaped (RFC 5802 §5.1)');
    }
    const cbFail = this.checkFlag(flag);
    if (cbFail) return cbFail;
    const attrs = splitAttributes(bare);
    if (!attrs) return failure('malformed-request', 'client-first-message-bare is not a list of attributes (RFC 5802 §7)');
    if (attrs[0]?.[0] === 'm') return failure('malformed-request', 'client sent a mandatory extension m= we do not support (RFC 5802 §5.1)');
    const [n, r] = attrs;
    if (n?.[0] !== 'n' || r?.[0] !== 'r') return failure('malformed-request', 'client-first-message-bare must be n=...,r=... (RFC 5802 §7)');
    const username = unescapeSaslName(n[1]);
    if (username === undefined || username === '')
      return failure('malformed-request', 'username n= is empty or has an "=" not followed by 2C or 3D (RFC 5802 §5.1)');
    if (!isValidNonce(r[1])) return failure('malformed-request', 'client nonce r= is not printable ASCII without "," (RFC 5802 §7)');
    const account = this.opts.lookup(username);
    const salt = this.opts.salt ?? randomBytes(16);
    const iterations = this.opts.iterations ?? 4096;
    let keys: ScramKeys | undefined;
    if (account) {
      try {
        // RFC 7677 §4 / RFC 8265 §4.2: the stored password is prepared with OpaqueString before Hi().
        keys = deriveKeys(this.variant.hash, saltedPassword(this.variant.hash, prepareOpaqueString(account.password), salt, iterations));
      } catch {
        keys = undefined;
      }
    }
    // An unknown user still gets a normal-looking server-first (RFC 5802 §9: no account enumeration).
    const nonce = r[1] + (this.opts.nonce ?? randomNonce());
    const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
    this.first = { header, flag, username, authzid, firstBare: bare, serverFirst, nonce, keys };
    this.state = 'final';
    return { kind: 'challenge', data: Buffer.from(serverFirst, 'utf8') };
  }

  /** RFC 5802 §6: the channel-binding flag must fit the mechanism and what this server offers. */
  private checkFlag(flag: string): ServerStep | undefined {
    const cb = this.opts.channelBinding;
    if (this.variant.plus) {
      if (!flag.startsWith('p=')) return failure('malformed-request', `${this.name} requires gs2 flag p=<type>, got ${JSON.stringify(flag)} (RFC 5802 §6)`);
      if (flag.slice(2) !== cb?.type)
        return failure('not-authorized', `channel binding type ${flag.slice(2)} is not the one this server supports (${cb?.type}) (RFC 5802 §6)`);
      return undefined;
    }
    if (flag.startsWith('p=')) return failure('malformed-request', `gs2 flag p= is not allowed with ${this.name}, only with -PLUS (RFC 5802 §6)`);
    const offersPlus = this.opts.offersPlus ?? cb !== undefined;
    // RFC 5802 §6: 'y' says "I could bind but you did not offer it"; if we did, that is a downgrade.
    if (flag === 'y' && offersPlus)
      return failure('not-authorized', 'client flag y but this server offered a -PLUS mechanism: possible downgrade (RFC 5802 §6)');
    return undefined;
  }

  private onClientFinal(data: Buffer): ServerStep {
    const f = this.first as FirstInfo;
    const text = decodeUtf8(data);
    if (text === undefined) return failure('malformed-request', 'client-final-message is not UTF-8 (RFC 5802 §7)');
    const cut = text.lastIndexOf(',p=');
    if (cut < 0) return failure('malformed-request', 'client-final-message has no proof p= at its end (RFC 5802 §7)');
    const withoutProof = text.slice(0, cut);
    const attrs = splitAttributes(withoutProof);
    const [c, r] = attrs ?? [];
    if (c?.[0] !== 'c' || r?.[0] !== 'r') return failure('malformed-request', 'client-final-message must start c=...,r=... (RFC 5802 §7)');
    const proof = decodeB64(text.slice(cut + 3));
    const cbind = decodeB64(c[1]);
    if (!proof || !cbind) return failure('malformed-request', 'c= or p= in client-final-message is not strict base64 (RFC 5802 §7)');
    // RFC 5802 §5.1: the nonce must be exactly the combined one from the server-first-message.
    if (r[1] !== f.nonce) return failure('not-authorized', 'client-final nonce differs from the server-first nonce (RFC 5802 §5.1)');
    // RFC 5802 §6/§7: c= carries the gs2 header again, plus the binding data for -PLUS.
    const expected = Buffer.concat([
      Buffer.from(f.header, 'utf8'),
      this.variant.plus && this.opts.channelBinding ? this.opts.channelBinding.data : Buffer.alloc(0),
    ]);
    if (!safeEqual(cbind, expected)) {
      return failure(
        'not-authorized',
        this.variant.plus
          ? 'channel binding data in c= does not match this TLS session (RFC 5802 §6)'
          : 'c= does not repeat the gs2 header of the client-first-message (RFC 5802 §7)',
      );
    }
    if (!f.keys) return failure('not-authorized', 'unknown user or wrong password (RFC 5802 §5.1)');
    const hash = this.variant.hash;
    const authMessage = `${f.firstBare},${f.serverFirst},${withoutProof}`;
    // RFC 5802 §3: recover ClientKey = proof XOR ClientSignature and check H(ClientKey) == StoredKey.
    const clientSignature = hmac(hash, f.keys.storedKey, authMessage);
    if (proof.length !== clientSignature.length || !safeEqual(digest(hash, xor(proof, clientSignature)), f.keys.storedKey)) {
      return failure('not-authorized', 'client proof does not verify: wrong password (RFC 5802 §5.1)');
    }
    const authz = authorize(this.opts, f.username, f.authzid);
    if (authz) return authz;
    const serverFinal = Buffer.from(`v=${hmac(hash, f.keys.serverKey, authMessage).toString('base64')}`, 'utf8');
    if (this.opts.serverFinalInChallenge) {
      this.state = 'await-empty';
      return { kind: 'challenge', data: serverFinal };
    }
    return this.success(serverFinal, f);
  }

  private success(data: Buffer | null, f: FirstInfo): ServerStep {
    return f.authzid !== undefined ? { kind: 'success', data, username: f.username, authzid: f.authzid } : { kind: 'success', data, username: f.username };
  }
}

export function createScramServer(variant: ScramVariant, opts: ServerMechanismOptions): ServerMechanism {
  return new ScramServer(variant, opts);
}
