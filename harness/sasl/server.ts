// The receiving side of SASL (RFC 4422 §3, RFC 6120 §6.4) for fake peers in tests and a later
// client-testing mode: plaintext accounts, strict parsing, one ServerStep per client message.
import { randomBytes, createHash } from 'node:crypto';
import type { ChannelBinding } from './mechanism.js';
import { SaslError } from './errors.js';
import { prepareOpaqueString } from '../jid/index.js';
import { decodeUtf8, parseScramName, safeEqual } from './scram.js';
import { authorize, createScramServer, failure } from './scram-server.js';

/** Stored plaintext: test servers only. */
export interface ServerAccount {
  password: string;
}

export interface ServerMechanismOptions {
  lookup(username: string): ServerAccount | undefined;
  /** SCRAM iteration count; default 4096 (RFC 5802 §5.1 / RFC 7677 §4 minimum). */
  iterations?: number;
  /** SCRAM salt; default 16 random bytes. */
  salt?: Buffer;
  /** Fixed server part of the SCRAM nonce (test vectors); default 24 random bytes base64. */
  nonce?: string;
  /** What the server computed on its TLS socket; required for -PLUS. */
  channelBinding?: ChannelBinding;
  /** Accepted for future DIGEST-style mechanisms; unused by PLAIN, SCRAM and ANONYMOUS. */
  realm?: string;
  // ---- additions beyond the fixed API ----
  /**
   * Whether this server advertised a -PLUS mechanism, for detecting the 'y' downgrade flag in
   * non-PLUS SCRAM (RFC 5802 §6). Default: `channelBinding !== undefined`.
   */
  offersPlus?: boolean;
  /** May `username` act as `authzid`? Default: see authorize() in scram-server.ts. */
  authorize?(username: string, authzid: string): boolean;
  /** SCRAM: send v= in a challenge, then an empty <success/> (RFC 6120 §6.3.10 alternative). */
  serverFinalInChallenge?: boolean;
  /** ANONYMOUS: the username to hand out; default 'anon-' + 8 random hex digits. */
  anonymousUsername?: string;
}

export type FailureCondition =
  'not-authorized' | 'malformed-request' | 'incorrect-encoding' | 'invalid-authzid' | 'encryption-required' | 'temporary-auth-failure';

export type ServerStep =
  | { kind: 'challenge'; data: Buffer }
  | { kind: 'success'; data: Buffer | null; username: string; authzid?: string }
  | { kind: 'failure'; condition: FailureCondition; text?: string };

export interface ServerMechanism {
  readonly name: string;
  /** Feeds one decoded client message (null: <auth/> without initial response). */
  step(data: Buffer | null): ServerStep;
}

export const SERVER_MECHANISMS: readonly string[] = Object.freeze([
  'PLAIN',
  'SCRAM-SHA-1',
  'SCRAM-SHA-256',
  'SCRAM-SHA-512',
  'SCRAM-SHA-1-PLUS',
  'SCRAM-SHA-256-PLUS',
  'SCRAM-SHA-512-PLUS',
  'ANONYMOUS',
]);

/** Creates the server side of one exchange; throws SaslError for unknown names or -PLUS without a binding. */
export function createServerMechanism(name: string, opts: ServerMechanismOptions): ServerMechanism {
  if (name === 'PLAIN') return once(name, (data) => plainStep(data, opts));
  if (name === 'ANONYMOUS') return once(name, (data) => anonymousStep(data, opts));
  const scram = parseScramName(name);
  if (scram) return createScramServer(scram, opts);
  throw new SaslError(
    `server mechanism ${JSON.stringify(name)} is not implemented (RFC 4422 §3.1); known: ${SERVER_MECHANISMS.join(', ')}`,
    'invalid-mechanism',
  );
}

/**
 * A one-message, client-first mechanism: a missing initial response gets an empty challenge
 * (RFC 6120 §6.4.2), the next message is judged, and anything after that is refused.
 */
function once(name: string, judge: (data: Buffer) => ServerStep): ServerMechanism {
  let state: 'start' | 'waiting' | 'done' = 'start';
  return {
    name,
    step(data: Buffer | null): ServerStep {
      if (state === 'done') return failure('malformed-request', `the ${name} exchange is already finished (RFC 4422 §3)`);
      if (state === 'start' && data === null) {
        state = 'waiting';
        return { kind: 'challenge', data: Buffer.alloc(0) };
      }
      state = 'done';
      return judge(data ?? Buffer.alloc(0));
    },
  };
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

// RFC 4616 §2: message = [authzid] NUL authcid NUL passwd, all UTF-8, no NUL inside a field.
function plainStep(data: Buffer, opts: ServerMechanismOptions): ServerStep {
  const text = decodeUtf8(data);
  if (text === undefined) return failure('malformed-request', 'PLAIN message is not UTF-8 (RFC 4616 §2)');
  const parts = text.split('\0');
  if (parts.length !== 3) return failure('malformed-request', `PLAIN message has ${parts.length - 1} NUL separators, expected 2 (RFC 4616 §2)`);
  const [authzid, username, password] = parts as [string, string, string];
  if (username === '' || password === '') return failure('malformed-request', 'PLAIN authcid and passwd must not be empty (RFC 4616 §2)');
  const account = opts.lookup(username);
  let ok = false;
  if (account) {
    try {
      // RFC 8265 §4.2: both sides compare OpaqueString-prepared passwords.
      ok = safeEqual(sha256(prepareOpaqueString(password)), sha256(prepareOpaqueString(account.password)));
    } catch {
      ok = false;
    }
  }
  if (!ok) return failure('not-authorized', 'unknown user or wrong password (RFC 6120 §6.5.10)');
  const authz = authorize(opts, username, authzid === '' ? undefined : authzid);
  if (authz) return authz;
  return authzid === '' ? { kind: 'success', data: null, username } : { kind: 'success', data: null, username, authzid };
}

// RFC 4505 §2: optional trace data, an email address or up to 255 characters of token.
function anonymousStep(data: Buffer, opts: ServerMechanismOptions): ServerStep {
  const trace = decodeUtf8(data);
  if (trace === undefined) return failure('malformed-request', 'ANONYMOUS trace is not UTF-8 (RFC 4505 §2)');
  if ([...trace].length > 255) return failure('malformed-request', 'ANONYMOUS trace is longer than 255 characters (RFC 4505 §2)');
  return { kind: 'success', data: null, username: opts.anonymousUsername ?? `anon-${randomBytes(4).toString('hex')}` };
}
