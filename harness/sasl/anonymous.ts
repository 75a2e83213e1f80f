// RFC 4505 §2: ANONYMOUS is one optional client message (trace data). We send no initial response;
// if the server then sends an empty challenge (RFC 6120 §6.4.2) we answer with empty trace data.
import type { ClientMechanism } from './mechanism.js';
import { SaslError } from './errors.js';

export function createAnonymous(): ClientMechanism {
  let answered = false;
  return {
    name: 'ANONYMOUS',
    initialResponse(): null {
      return null;
    },
    challenge(data: Buffer): Buffer {
      if (answered || data.length > 0) {
        throw new SaslError('ANONYMOUS received a non-empty or repeated challenge; the mechanism has no server challenges (RFC 4505 §2)');
      }
      answered = true;
      return Buffer.alloc(0);
    },
    success(data: Buffer | null): void {
      if (data !== null && data.length > 0) {
        throw new SaslError('ANONYMOUS success carried additional data, which the mechanism does not define (RFC 4505 §2)');
      }
    },
  };
}
