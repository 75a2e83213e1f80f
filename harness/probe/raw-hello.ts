// A ClientHello written byte by byte (RFC 5246 §7.4.1.2), for the suites Node's OpenSSL cannot offer:
// RC4 (RFC 7465), EXPORT and single DES (under 112 bits), static DH and ECDH key agreement. The probe
// sends one such hello offering only the suites of one class and reads the first record back: a
// ServerHello naming one of them means the server would negotiate it (RFC 9325 §4.1); an alert or
// a closed connection means it would not. No handshake is completed.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { SocketTransport } from '../transport/index.js';
import { XmppStream } from '../stream/index.js';
import { negotiateStarttls } from './connection.js';

export interface RawSuite {
  readonly code: number;
  readonly name: string;
}

export type LegacySuiteClass = 'rc4' | 'under-112' | 'static-dh';

/** IANA code points (TLS Cipher Suites registry) of the suites each class offers. */
export const LEGACY_SUITES: Readonly<Record<LegacySuiteClass, readonly RawSuite[]>> = {
  rc4: [
    { code: 0x0005, name: 'TLS_RSA_WITH_RC4_128_SHA' },
    { code: 0x0004, name: 'TLS_RSA_WITH_RC4_128_MD5' },
    { code: 0xc011, name: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA' },
    { code: 0xc007, name: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA' },
  ],
  'under-112': [
    { code: 0x0003, name: 'TLS_RSA_EXPORT_WITH_RC4_40_MD5' },
    { code: 0x0008, name: 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA' },
    { code: 0x0014, name: 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA' },
    { code: 0x0009, name: 'TLS_RSA_WITH_DES_CBC_SHA' },
    { code: 0x0015, name: 'TLS_DHE_RSA_WITH_DES_CBC_SHA' },
  ],
  'static-dh': [
    { code: 0x0031, name: 'TLS_DH_RSA_WITH_AES_128_CBC_SHA' },
    { code: 0x0037, name: 'TLS_DH_RSA_WITH_AES_256_CBC_SHA' },
    { code: 0x00a0, name: 'TLS_DH_RSA_WITH_AES_128_GCM_SHA256' },
    { code: 0xc00e, name: 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA' },
    { code: 0xc004, name: 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA' },
    { code: 0xc031, name: 'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256' },
    { code: 0xc02d, name: 'TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256' },
  ],
};

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const ext = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), u16(body.length), body]);
const list16 = (items: readonly number[]): Buffer => Buffer.concat([u16(items.length * 2), ...items.map(u16)]);

/** A TLS 1.2 ClientHello record offering exactly `suites` (with SNI unless `domain` is an IP literal). */
export function clientHello(domain: string, suites: readonly number[]): Buffer {
  const exts: Buffer[] = [];
  if (!net.isIP(domain)) {
    const name = Buffer.from(domain, 'ascii');
    exts.push(ext(0x0000, Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name])));
  }
  exts.push(ext(0x000a, list16([0x001d, 0x0017, 0x0018]))); // supported_groups: x25519, P-256, P-384
  exts.push(ext(0x000b, Buffer.from([1, 0]))); // ec_point_formats: uncompressed
  exts.push(ext(0x000d, list16([0x0401, 0x0501, 0x0601, 0x0804, 0x0805, 0x0806, 0x0403, 0x0503, 0x0201, 0x0203])));
  exts.push(ext(0xff01, Buffer.from([0]))); // renegotiation_info, empty
  const extensions = Buffer.concat(exts);
  const body = Buffer.concat([u16(0x0303), randomBytes(32), Buffer.from([0]), list16(suites), Buffer.from([1, 0]), u16(extensions.length), extensions]);
  const hs = Buffer.concat([Buffer.from([1]), u24(body.length), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(hs.length), hs]);
}

/** The cipher suites a ClientHello record offers, or undefined when `buf` holds none (yet). */
export function offeredSuites(buf: Buffer): number[] | undefined {
  if (buf.length < 5 + 4 + 2 + 32 + 1 || buf[0] !== 0x16 || buf[5] !== 1) return undefined;
  let at = 5 + 4 + 2 + 32;
  const sid = buf[at] ?? 0;
  at += 1 + sid;
  if (buf.length < at + 2) return undefined;
  const n = buf.readUInt16BE(at);
  at += 2;
  if (buf.length < at + n) return undefined;
  const out: number[] = [];
  for (let i = 0; i < n; i += 2) out.push(buf.readUInt16BE(at + i));
  return out;
}

/** A ServerHello record (TLS 1.2) choosing `suite`: what a server that accepts it answers first. */
export function serverHello(suite: number): Buffer {
  const body = Buffer.concat([u16(0x0303), randomBytes(32), Buffer.from([0]), u16(suite), Buffer.from([0]), u16(0)]);
  const hs = Buffer.concat([Buffer.from([2]), u24(body.length), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x03]), u16(hs.length), hs]);
}

export type RawAnswer =
  | { readonly kind: 'chosen'; readonly suite: number }
  | { readonly kind: 'alert'; readonly level: number; readonly description: number }
  | { readonly kind: 'other'; readonly text: string };

/** The server's first record, once `buf` holds enough of it; undefined while more is needed. */
export function readAnswer(buf: Buffer): RawAnswer | undefined {
  if (buf.length < 5) return undefined;
  const type = buf[0];
  if (type === 0x15) return buf.length < 7 ? undefined : { kind: 'alert', level: buf[5] ?? 0, description: buf[6] ?? 0 };
  if (type !== 0x16) return { kind: 'other', text: `a record of type ${type ?? '?'} (not a handshake)` };
  if (buf.length < 5 + 4 + 2 + 32 + 1) return undefined;
  if (buf[5] !== 2) return { kind: 'other', text: `handshake message type ${buf[5] ?? '?'} where a ServerHello belongs` };
  const at = 5 + 4 + 2 + 32 + 1 + (buf[5 + 4 + 2 + 32] ?? 0);
  if (buf.length < at + 2) return undefined;
  return { kind: 'chosen', suite: buf.readUInt16BE(at) };
}

export interface RawOfferResult {
  /** the offered suite the server chose, if it chose one */
  readonly accepted?: RawSuite;
  /** what came back, in words */
  readonly answer: string;
}

const MAX_ANSWER = 16 * 1024;

/**
 * One connection (STARTTLS first for xmpp://) and one hand-written ClientHello offering only the
 * suites of `cls`; what the server answers. Throws a one-line error when the connection or the
 * STARTTLS dialogue fails.
 */
export async function offerLegacySuites(
  target: { scheme: string; host: string; port: number; domain: string; timeoutMs: number },
  cls: LegacySuiteClass,
): Promise<RawOfferResult> {
  const suites = LEGACY_SUITES[cls];
  const transport = await SocketTransport.connectTcp({ host: target.host, port: target.port }, target.timeoutMs);
  try {
    if (target.scheme !== 'xmpps') await negotiateStarttls(new XmppStream(transport), target.domain, target.timeoutMs);
    return await new Promise<RawOfferResult>((resolve) => {
      let buf = Buffer.alloc(0);
      const done = (r: RawOfferResult): void => {
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => done({ answer: `nothing within ${target.timeoutMs} ms` }), target.timeoutMs);
      transport.onClose((reason) => done({ answer: `the connection closed (${reason})` }));
      transport.onData((chunk) => {
        buf = Buffer.concat([buf, chunk]).subarray(0, MAX_ANSWER);
        const a = readAnswer(buf);
        if (!a) return;
        if (a.kind === 'alert') return done({ answer: `TLS alert ${a.description}` });
        if (a.kind === 'other') return done({ answer: a.text });
        const hit = suites.find((s) => s.code === a.suite);
        done(
          hit
            ? { accepted: hit, answer: `ServerHello choosing ${hit.name}` }
            : { answer: `ServerHello choosing 0x${a.suite.toString(16)}, which was not offered` },
        );
      });
      transport.write(
        clientHello(
          target.domain,
          suites.map((s) => s.code),
        ),
      );
    });
  } finally {
    transport.destroy();
  }
}
