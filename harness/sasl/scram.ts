// SCRAM (RFC 5802) with SHA-1, SHA-256 (RFC 7677) and SHA-512, and their -PLUS channel-binding
// forms (RFC 5802 §6). This file holds the shared primitives and the client; scram-server.ts the server.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClientMechanism, ClientMechanismOptions, Credentials } from './mechanism.js';
import { SaslError } from './errors.js';
import { prepareOpaqueString } from '../jid/index.js';

export type ScramHash = 'sha1' | 'sha256' | 'sha512';

export interface ScramVariant {
  readonly name: string;
  readonly hash: ScramHash;
  readonly plus: boolean;
}

const HASHES: Readonly<Record<string, ScramHash>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' };
const HASH_BYTES: Readonly<Record<ScramHash, number>> = { sha1: 20, sha256: 32, sha512: 64 };

export const DEFAULT_MAX_ITERATIONS = 1_000_000;

/** 'SCRAM-SHA-256-PLUS' → { hash: 'sha256', plus: true }; undefined for anything else. */
export function parseScramName(name: string): ScramVariant | undefined {
  const m = /^SCRAM-(SHA-1|SHA-256|SHA-512)(-PLUS)?$/.exec(name);
  if (!m) return undefined;
  return { name, hash: HASHES[m[1] as string] as ScramHash, plus: m[2] !== undefined };
}

// RFC 5802 §5.1: ',' and '=' in a saslname are written =2C and =3D.
export function escapeSaslName(s: string): string {
  return s.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** The inverse; undefined when an '=' is not followed by 2C or 3D (RFC 5802 §5.1). */
export function unescapeSaslName(s: string): string | undefined {
  if (/=(?!2C|3D)/.test(s)) return undefined;
  return s.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

// RFC 5802 §7: a nonce is printable ASCII except ','.
export function isValidNonce(s: string): boolean {
  return /^[\x21-\x2b\x2d-\x7e]+$/.test(s);
}

export function randomNonce(): string {
  return randomBytes(24).toString('base64');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a SCRAM message as UTF-8 (RFC 5802 §7: messages are UTF-8) or returns undefined. */
export function decodeUtf8(data: Buffer): string | undefined {
  try {
    return UTF8.decode(data);
  } catch {
    return undefined;
  }
}

const STRICT_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 inside a SCRAM attribute (RFC 5802 §7 'base64'); undefined when invalid. */
export function decodeB64(s: string): Buffer | undefined {
  if (!STRICT_B64.test(s)) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}

/** Splits 'a=1,b=2' into [['a','1'],['b','2']]; undefined when a part is not `letter=value`. */
export function splitAttributes(msg: string): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  for (const part of msg.split(',')) {
    const m = /^([A-Za-z])=(.*)$/s.exec(part);
    if (!m) return undefined;
    out.push([m[1] as string, m[2] as string]);
  }
  return out;
}

export function hmac(hash: ScramHash, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(hash, key).update(data).digest();
}

export function digest(hash: ScramHash, data: Buffer): Buffer {
  return createHash(hash).update(data).digest();
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** At most this many salted passwords are kept (a run logs a few accounts in hundreds of times). */
const SALTED_CACHE_LIMIT = 256;
const saltedCache = new Map<string, Buffer>();

// RFC 5802 §2.2: Hi() is PBKDF2 with HMAC as the PRF and one block of output. It depends on the
// password, salt, iteration count and hash alone, so it is computed once per combination (RFC 5802
// §5.1 lets a client keep it while the server sends the same salt and count): thousands of
// iterations each time were the harness's largest CPU cost in a full run.
export function saltedPassword(hash: ScramHash, password: string, salt: Buffer, iterations: number): Buffer {
  const key = `${hash}\0${iterations}\0${salt.toString('base64')}\0${password}`;
  let salted = saltedCache.get(key);
  if (!salted) {
    salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, HASH_BYTES[hash], hash);
    if (saltedCache.size >= SALTED_CACHE_LIMIT) saltedCache.delete(saltedCache.keys().next().value as string);
    saltedCache.set(key, salted);
  }
  return Buffer.from(salted);
}

export interface ScramKeys {
  clientKey: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

// RFC 5802 §3: ClientKey, StoredKey = H(ClientKey), ServerKey from the salted password.
export function deriveKeys(hash: ScramHash, salted: Buffer): ScramKeys {
  const clientKey = hmac(hash, salted, 'Client Key');
  return { clientKey, storedKey: digest(hash, clientKey), serverKey: hmac(hash, salted, 'Server Key') };
}

/** RFC 5802 §7 gs2-header: flag, optional a=authzid, trailing comma. */
export function gs2Header(flag: string, authzid: string | undefined): string {
  return `${flag},${authzid !== undefined && authzid !== '' ? `a=${escapeSaslName(authzid)}` : ''},`;
}

function bad(what: string, section = '§7'): SaslError {
  return new SaslError(`${what} (RFC 5802 ${section})`);
}

type ClientState = 'initial' | 'first-sent' | 'final-sent' | 'verified' | 'failed';

class ScramClient implements ClientMechanism {
  readonly name: string;
  private state: ClientState = 'initial';
  private readonly header: string;
  private readonly cbindInput: Buffer;
  private readonly firstBare: string;
  private readonly nonce: string;
  private readonly password: string;
  private readonly maxIterations: number;
  private serverSignature: Buffer | undefined;

  constructor(
    private readonly variant: ScramVariant,
    creds: Credentials,
    opts: ClientMechanismOptions,
  ) {
    this.name = variant.name;
    const cb = opts.channelBinding;
    let flag: string;
    if (variant.plus) {
      if (!cb) throw new SaslError(`${variant.name} needs channel binding data, none was given (RFC 5802 §6)`);
      flag = `p=${cb.type}`;
    } else {
      // RFC 5802 §6: a client that can bind but did not see a -PLUS offer says 'y' (so a server that
      // does support binding can detect a downgrade); a client without binding says 'n'.
      flag = cb && opts.serverOffersPlus !== true ? 'y' : 'n';
    }
    this.header = gs2Header(flag, creds.authzid);
    this.cbindInput = variant.plus && cb ? Buffer.concat([Buffer.from(this.header, 'utf8'), cb.data]) : Buffer.from(this.header, 'utf8');
    this.nonce = opts.nonce ?? randomNonce();
    if (!isValidNonce(this.nonce)) throw bad(`client nonce ${JSON.stringify(this.nonce)} is not printable ASCII without ','`);
    if (creds.username === '') throw bad('username is empty', '§5.1');
    this.firstBare = `n=${escapeSaslName(creds.username)},r=${this.nonce}`;
    // RFC 7677 §4 / RFC 8265 §4.2: the password is prepared with OpaqueString (not SASLprep) before Hi().
    this.password = prepareOpaqueString(creds.password);
    this.maxIterations = opts.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  }

  initialResponse(): Buffer {
    if (this.state !== 'initial') throw bad('client-first-message requested twice', '§5');
    this.state = 'first-sent';
    return Buffer.from(this.header + this.firstBare, 'utf8');
  }

  challenge(data: Buffer): Buffer {
    switch (this.state) {
      case 'initial':
        // RFC 6120 §6.4.2: no initial response was sent, so the server opens with an empty challenge.
        if (data.length !== 0) throw this.fail(bad('server sent a non-empty challenge before the client-first-message', '§5'));
        return this.initialResponse();
      case 'first-sent':
        return this.onServerFirst(data);
      case 'final-sent':
        // The server-final-message may come as a challenge (then <success/> is empty, RFC 6120 §6.3.10).
        this.verifyServerFinal(data);
        return Buffer.alloc(0);
      default:
        throw this.fail(bad(`unexpected challenge after the exchange finished (state ${this.state})`, '§5'));
    }
  }

  success(data: Buffer | null): void {
    const hasData = data !== null && data.length > 0;
    if (this.state === 'verified') {
      if (hasData) throw this.fail(bad('server sent the server-final-message twice', '§5'));
      return;
    }
    if (this.state !== 'final-sent') {
      throw this.fail(bad('server reported success before the client-final-message was sent', '§5'));
    }
    if (!hasData) {
      throw this.fail(bad('server reported success without the server-final-message (no v= verifier)', '§5.1'));
    }
    this.verifyServerFinal(data);
  }

  private fail(err: SaslError): SaslError {
    this.state = 'failed';
    return err;
  }

  private onServerFirst(data: Buffer): Buffer {
    const text = decodeUtf8(data);
    if (text === undefined) throw this.fail(bad('server-first-message is not valid UTF-8'));
    const attrs = splitAttributes(text);
    if (!attrs) throw this.fail(bad(`server-first-message is not a list of attributes: ${JSON.stringify(text)}`));
    // RFC 5802 §5.1: an 'm' attribute is a mandatory extension we do not know, so we must fail.
    if (attrs[0]?.[0] === 'm') throw this.fail(bad('server-first-message has a mandatory extension (m=) we do not support', '§5.1'));
    const [r, s, i] = attrs;
    if (r?.[0] !== 'r') throw this.fail(bad('server-first-message does not start with the nonce attribute r='));
    if (s?.[0] !== 's') throw this.fail(bad('server-first-message has no salt attribute s= after r='));
    if (i?.[0] !== 'i') throw this.fail(bad('server-first-message has no iteration count i= after s='));
    const nonce = r[1];
    // RFC 5802 §5.1: the server's nonce must start with ours and add its own part.
    if (!nonce.startsWith(this.nonce) || nonce.length === this.nonce.length) {
      throw this.fail(bad('server nonce does not extend the client nonce', '§5.1'));
    }
    if (!isValidNonce(nonce)) throw this.fail(bad('server nonce contains characters outside printable ASCII or a comma'));
    const salt = decodeB64(s[1]);
    if (!salt || salt.length === 0) throw this.fail(bad('salt s= is empty or not strict base64'));
    // RFC 5802 §7: iteration-count is a positive number with no leading zero.
    if (!/^[1-9][0-9]*$/.test(i[1])) throw this.fail(bad(`iteration count i=${i[1]} is not a positive integer`));
    const iterations = Number(i[1]);
    if (!Number.isSafeInteger(iterations) || iterations > this.maxIterations) {
      throw this.fail(
        new SaslError(`iteration count i=${i[1]} exceeds our cap of ${this.maxIterations} (RFC 5802 §9: cost is the server's choice, we bound it)`),
      );
    }
    const hash = this.variant.hash;
    const keys = deriveKeys(hash, saltedPassword(hash, this.password, salt, iterations));
    const withoutProof = `c=${this.cbindInput.toString('base64')},r=${nonce}`;
    // RFC 5802 §3: AuthMessage joins the three messages (the last without its proof).
    const authMessage = `${this.firstBare},${text},${withoutProof}`;
    const clientSignature = hmac(hash, keys.storedKey, authMessage);
    const proof = xor(keys.clientKey, clientSignature);
    this.serverSignature = hmac(hash, keys.serverKey, authMessage);
    this.state = 'final-sent';
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }

  private verifyServerFinal(data: Buffer): void {
    const text = decodeUtf8(data);
    const attrs = text === undefined ? undefined : splitAttributes(text);
    if (!attrs || attrs.length === 0) throw this.fail(bad('server-final-message is not a list of attributes'));
    const [first] = attrs as [[string, string]];
    // RFC 5802 §7: server-final is either e=server-error-value or v=verifier, then extensions.
    if (first[0] === 'e') throw this.fail(bad(`server-final-message reports error ${JSON.stringify(first[1])}`, '§5.1'));
    if (first[0] !== 'v') throw this.fail(bad('server-final-message does not start with v= or e='));
    const v = decodeB64(first[1]);
    if (!v) throw this.fail(bad('server signature v= is not strict base64'));
    if (!this.serverSignature || !safeEqual(v, this.serverSignature)) {
      throw this.fail(bad('server signature does not verify', '§5.1'));
    }
    this.state = 'verified';
  }
}

export function createScramClient(variant: ScramVariant, creds: Credentials, opts: ClientMechanismOptions): ClientMechanism {
  return new ScramClient(variant, creds, opts);
}
