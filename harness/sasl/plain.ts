// RFC 4616 §2: PLAIN sends [authzid] NUL authcid NUL passwd, UTF-8, as the initial response.
import type { ClientMechanism, Credentials } from './mechanism.js';
import { SaslError } from './errors.js';
import { prepareOpaqueString } from '../jid/index.js';

export function createPlain(creds: Credentials): ClientMechanism {
  // RFC 4616 §2: NUL may not appear inside any of the three fields.
  for (const [field, value] of [
    ['username', creds.username],
    ['password', creds.password],
    ['authzid', creds.authzid ?? ''],
  ] as const) {
    if (value.includes('\0')) throw new SaslError(`PLAIN ${field} contains NUL (RFC 4616 §2)`);
  }
  if (creds.username === '') throw new SaslError('PLAIN needs a non-empty authentication identity (RFC 4616 §2)');
  // RFC 8265 §4.2: the password is an OpaqueString (replacing SASLprep, RFC 4616 §2 / RFC 6120 §6.3.4).
  const password = prepareOpaqueString(creds.password);
  let sent = false;
  return {
    name: 'PLAIN',
    initialResponse(): Buffer {
      sent = true;
      return Buffer.from(`${creds.authzid ?? ''}\0${creds.username}\0${password}`, 'utf8');
    },
    challenge(data: Buffer): Buffer {
      // RFC 6120 §6.4.2: without an initial response the server sends an empty challenge first.
      if (!sent && data.length === 0) return this.initialResponse() as Buffer;
      throw new SaslError('PLAIN received an unexpected challenge: the mechanism is a single client message (RFC 4616 §2)');
    },
    success(data: Buffer | null): void {
      if (data !== null && data.length > 0) {
        throw new SaslError('PLAIN success carried additional data, which the mechanism does not define (RFC 6120 §6.3.10, RFC 4616 §2)');
      }
    },
  };
}
