// Punycode (RFC 3492): Bootstring with the IDNA parameters, written from the algorithm's description.
// Works on code point arrays; throws PunycodeError on malformed input or arithmetic overflow (§6.4).
import { HarnessError } from '../errors.js';

const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;
const MAX_INT = 0x7fffffff;

export class PunycodeError extends HarnessError {
  override readonly name = 'PunycodeError';
  constructor(message: string) {
    super('JID', message);
  }
}

// RFC 3492 §6.1: bias adaptation after each delta.
function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  delta = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  let k = 0;
  while (delta > ((BASE - TMIN) * TMAX) >> 1) {
    delta = Math.floor(delta / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * delta) / (delta + SKEW));
}

// RFC 3492 §5: digit values 0-25 are a-z (A-Z when decoding), 26-35 are 0-9.
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  return BASE;
}

function digitChar(d: number): string {
  return String.fromCharCode(d < 26 ? d + 0x61 : d + 22);
}

function threshold(k: number, bias: number): number {
  return k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
}

/** RFC 3492 §6.2: decodes the part after "xn--" into code points. */
export function punycodeDecode(input: string): number[] {
  const output: number[] = [];
  const lastDelim = input.lastIndexOf('-');
  const basicEnd = lastDelim < 0 ? 0 : lastDelim;
  for (let j = 0; j < basicEnd; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) throw new PunycodeError('non-basic code point before the last delimiter (RFC 3492 §6.2)');
    output.push(c);
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  // §6.2: decoding starts after the last delimiter only when basic code points were copied.
  for (let pos = basicEnd > 0 ? lastDelim + 1 : 0; pos < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) throw new PunycodeError('truncated variable-length integer (RFC 3492 §6.2)');
      const digit = digitValue(input.charCodeAt(pos++));
      if (digit >= BASE) throw new PunycodeError('invalid digit (RFC 3492 §5)');
      if (digit > Math.floor((MAX_INT - i) / w)) throw new PunycodeError('overflow (RFC 3492 §6.4)');
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) throw new PunycodeError('overflow (RFC 3492 §6.4)');
      w *= BASE - t;
    }
    const len = output.length + 1;
    bias = adapt(i - oldi, len, oldi === 0);
    if (Math.floor(i / len) > MAX_INT - n) throw new PunycodeError('overflow (RFC 3492 §6.4)');
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw new PunycodeError('decodes to a value that is not a Unicode scalar value');
    output.splice(i, 0, n);
    i++;
  }
  return output;
}

/** RFC 3492 §6.3: encodes code points (the result goes after "xn--"). */
export function punycodeEncode(cps: readonly number[]): string {
  let out = '';
  for (const c of cps) if (c < 0x80) out += String.fromCharCode(c);
  const b = out.length;
  let h = b;
  if (b > 0) out += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (h < cps.length) {
    let m = MAX_INT;
    for (const c of cps) if (c >= n && c < m) m = c;
    if (m - n > Math.floor((MAX_INT - delta) / (h + 1))) throw new PunycodeError('overflow (RFC 3492 §6.4)');
    delta += (m - n) * (h + 1);
    n = m;
    for (const c of cps) {
      if (c < n && ++delta > MAX_INT) throw new PunycodeError('overflow (RFC 3492 §6.4)');
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = threshold(k, bias);
          if (q < t) break;
          out += digitChar(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out += digitChar(q);
        bias = adapt(delta, h + 1, h === b);
        delta = 0;
        h++;
      }
    }
    delta++;
    n++;
  }
  return out;
}
