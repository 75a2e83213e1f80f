// RFC 4422 Appendix A: EXTERNAL sends only an authorization identity (possibly empty) and relies on
// credentials from a lower layer (for XMPP: the TLS client certificate, XEP-0178).
import type { ClientMechanism, Credentials } from './mechanism.js';
import { SaslError } from './errors.js';

export function createExternal(creds: Credentials): ClientMechanism {
  let sent = false;
  const message = (): Buffer => {
    sent = true;
    // RFC 4422 Appendix A.1: the message is the UTF-8 authzid, or empty to derive it from the credentials.
    return Buffer.from(creds.authzid ?? '', 'utf8');
  };
  return {
    name: 'EXTERNAL',
    initialResponse(): Buffer {
      return message();
    },
    challenge(data: Buffer): Buffer {
      if (!sent && data.length === 0) return message();
      throw new SaslError('EXTERNAL received an unexpected challenge (RFC 4422 Appendix A.1)');
    },
    success(data: Buffer | null): void {
      if (data !== null && data.length > 0) {
        throw new SaslError('EXTERNAL success carried additional data, which the mechanism does not define (RFC 4422 Appendix A.1)');
      }
    },
  };
}
