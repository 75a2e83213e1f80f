// RFC 6120 §6.4.2: SASL data inside <auth/>, <challenge/>, <response/> and <success/> is base64
// (RFC 4648 §4) with no line breaks or other whitespace; a present-but-empty payload is a single '='.
import { SaslError } from './errors.js';

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Encodes SASL data for the XML element's text.
 * - null (no data at all, e.g. no initial response) → '' (the element is sent empty),
 * - an empty buffer (data present, zero length) → '=' (RFC 6120 §6.4.2),
 * - otherwise canonical padded base64.
 */
export function encodeSaslPayload(data: Buffer | null): string {
  if (data === null) return '';
  if (data.length === 0) return '=';
  return data.toString('base64');
}

/**
 * Decodes an element's text strictly: '=' is the empty payload, '' (no text) is also returned as an
 * empty buffer (callers that must tell "absent" from "empty" look at the text first). Anything that is
 * not canonical padded base64 — whitespace anywhere, the URL-safe alphabet, missing padding, non-zero
 * pad bits (RFC 4648 §3.5) — throws SaslError with condition 'incorrect-encoding' (RFC 6120 §6.5.4).
 */
export function decodeSaslPayload(text: string): Buffer {
  if (text === '' || text === '=') return Buffer.alloc(0);
  if (!STRICT_BASE64.test(text)) {
    throw new SaslError(`SASL payload is not strict base64 (${describe(text)}) (RFC 6120 §6.4.2, RFC 4648 §4)`, 'incorrect-encoding');
  }
  const out = Buffer.from(text, 'base64');
  // RFC 4648 §3.5: the unused bits before padding must be zero; re-encoding exposes non-canonical input.
  if (out.toString('base64') !== text) {
    throw new SaslError('SASL payload has non-zero base64 pad bits (RFC 4648 §3.5, RFC 6120 §6.4.2)', 'incorrect-encoding');
  }
  return out;
}

function describe(text: string): string {
  if (/\s/.test(text)) return 'contains whitespace';
  if (/[-_]/.test(text)) return 'uses the URL-safe alphabet';
  if (/[^A-Za-z0-9+/=]/.test(text)) return 'contains a character outside the base64 alphabet';
  return 'bad length or padding';
}
