// The SASL framework seen from a client (RFC 4422 §3, §5; RFC 6120 §6): one object per exchange,
// pure state machines fed with decoded payloads, never a socket.
import { SaslError } from './errors.js';
import { createPlain } from './plain.js';
import { createScramClient, parseScramName } from './scram.js';
import { createAnonymous } from './anonymous.js';
import { createExternal } from './external.js';

export interface Credentials {
  username: string;
  password: string;
  authzid?: string;
}

export type ChannelBindingType = 'tls-exporter' | 'tls-server-end-point' | 'tls-unique';

export interface ChannelBinding {
  type: ChannelBindingType;
  data: Buffer;
}

export interface ClientMechanism {
  /** The IANA mechanism name, e.g. 'SCRAM-SHA-256-PLUS'. */
  readonly name: string;
  /** null: no initial response; Buffer.alloc(0): an empty one (sent as '=', RFC 6120 §6.4.2). */
  initialResponse(): Buffer | null;
  /** Answers a server challenge; throws SaslError on a malformed challenge. */
  challenge(data: Buffer): Buffer;
  /** Additional data with <success/>; SCRAM verifies v= here and throws SaslError on mismatch or absence. */
  success(data: Buffer | null): void;
}

export interface ClientMechanismOptions {
  /** Required for the -PLUS mechanisms. */
  channelBinding?: ChannelBinding;
  /**
   * Whether the server advertised any -PLUS mechanism. Used for the gs2 flag of non-PLUS SCRAM
   * (RFC 5802 §6): 'y' when `channelBinding` is given and this is not true, 'n' otherwise.
   */
  serverOffersPlus?: boolean;
  /** Fixed client nonce (test vectors); default 24 random bytes in base64. */
  nonce?: string;
  /** Cap on the server's SCRAM iteration count (a hostile server could ask for billions); default 1,000,000. */
  maxIterations?: number;
}

const SCRAM_NAMES = ['SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

export const CLIENT_MECHANISMS: readonly string[] = Object.freeze(['PLAIN', ...SCRAM_NAMES, ...SCRAM_NAMES.map((n) => `${n}-PLUS`), 'ANONYMOUS', 'EXTERNAL']);

/** Creates the client side of one exchange; throws SaslError for unknown names or a -PLUS without binding. */
export function createClientMechanism(name: string, creds: Credentials, opts: ClientMechanismOptions = {}): ClientMechanism {
  if (name === 'PLAIN') return createPlain(creds);
  if (name === 'ANONYMOUS') return createAnonymous();
  if (name === 'EXTERNAL') return createExternal(creds);
  const scram = parseScramName(name);
  if (scram) return createScramClient(scram, creds, opts);
  throw new SaslError(`unknown SASL mechanism ${JSON.stringify(name)} (RFC 4422 §3.1); known: ${CLIENT_MECHANISMS.join(', ')}`, 'invalid-mechanism');
}

// Strongest first. SHA-1 stays last among SCRAM: weakest hash but still no password on the wire.
const PREFERENCE = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1'] as const;

/**
 * Picks the mechanism to use from the server's list: the -PLUS forms (only when we have a channel
 * binding), then plain SCRAM, then PLAIN — only over TLS, since it sends the password (RFC 6120 §6.4.1
 * / RFC 4616 §6). ANONYMOUS and EXTERNAL are never picked implicitly. Names match exactly (RFC 4422
 * §3.1: mechanism names are upper case).
 */
export function preferredMechanism(offered: readonly string[], opts: { tls: boolean; channelBinding: boolean }): string | undefined {
  const order: string[] = [];
  if (opts.channelBinding) order.push(...PREFERENCE.map((n) => `${n}-PLUS`));
  order.push(...PREFERENCE);
  if (opts.tls) order.push('PLAIN');
  return order.find((n) => offered.includes(n));
}
