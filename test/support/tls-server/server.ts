// A small XMPP-ish TLS server for the probe's tests: just enough of RFC 6120 (stream header, features,
// STARTTLS, a first answer to <auth/>) over node:tls, with the TLS knobs exposed so each test can
// make the variant it needs. String matching, capped buffers: a test double, not a parser.
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';

export interface TlsTestServerOptions {
  readonly mode?: 'starttls' | 'direct-tls';
  /** STARTTLS policy; default 'required' */
  readonly starttls?: 'required' | 'optional';
  readonly key: string;
  readonly cert: string;
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  /** OpenSSL cipher string (TLS ≤ 1.2) */
  readonly ciphers?: string;
  readonly honorCipherOrder?: boolean;
  readonly mechanismsBeforeTls?: readonly string[];
  readonly mechanismsAfterTls?: readonly string[];
  /** XEP-0440 types to advertise after TLS */
  readonly channelBindingTypes?: readonly string[];
  /** answer to <auth/> on the plain stream; default encryption-required */
  readonly authBeforeTls?: 'encryption-required' | 'challenge' | 'stream-error';
  readonly alpn?: readonly string[];
  readonly domain?: string;
}

export interface TlsTestServer {
  readonly port: number;
  readonly connections: () => number;
  close(): Promise<void>;
}

const NS = "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'";
const CAP = 64 * 1024;

function header(domain: string): string {
  return `<?xml version='1.0'?><stream:stream ${NS} from='${domain}' id='t${Math.random().toString(36).slice(2)}' version='1.0'>`;
}

function mechanisms(list: readonly string[]): string {
  if (!list.length) return '';
  return `<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${list.map((m) => `<mechanism>${m}</mechanism>`).join('')}</mechanisms>`;
}

export async function startTlsTestServer(opts: TlsTestServerOptions): Promise<TlsTestServer> {
  const mode = opts.mode ?? 'starttls';
  const required = (opts.starttls ?? 'required') === 'required';
  const domain = opts.domain ?? 'localhost';
  const secureContext = tls.createSecureContext({
    key: opts.key,
    cert: opts.cert,
    ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
    ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
    ...(opts.ciphers ? { ciphers: opts.ciphers } : {}),
    ...(opts.honorCipherOrder !== undefined ? { honorCipherOrder: opts.honorCipherOrder } : {}),
  });
  const sockets = new Set<Duplex>();
  let count = 0;

  const afterTls = (sock: Duplex): void => {
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      if (buf.length > CAP) sock.destroy();
      const m = /<stream:stream[^>]*>/.exec(buf);
      if (!m) return;
      buf = buf.slice(m.index + m[0].length);
      const cb = opts.channelBindingTypes
        ? `<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>${opts.channelBindingTypes.map((t) => `<channel-binding type='${t}'/>`).join('')}</sasl-channel-binding>`
        : '';
      sock.write(`${header(domain)}<stream:features>${mechanisms(opts.mechanismsAfterTls ?? ['SCRAM-SHA-256', 'PLAIN'])}${cb}</stream:features>`);
    });
    sock.on('error', () => undefined);
  };

  const upgrade = (raw: net.Socket): void => {
    const secure = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext,
      ...(opts.alpn ? { ALPNProtocols: [...opts.alpn] } : {}),
    });
    sockets.add(secure);
    secure.on('error', () => secure.destroy());
    secure.on('close', () => sockets.delete(secure));
    afterTls(secure);
  };

  const server = net.createServer((raw) => {
    count++;
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    if (mode === 'direct-tls') return upgrade(raw);
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString('utf8');
      if (buf.length > CAP) return void raw.destroy();
      for (;;) {
        const head = /<stream:stream[^>]*>/.exec(buf);
        if (head) {
          buf = buf.slice(head.index + head[0].length);
          const st = `<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>${required ? '<required/>' : ''}</starttls>`;
          raw.write(`${header(domain)}<stream:features>${st}${mechanisms(opts.mechanismsBeforeTls ?? [])}</stream:features>`);
          continue;
        }
        const st = /<starttls[^>]*\/>|<starttls[^>]*>\s*<\/starttls>/.exec(buf);
        if (st) {
          buf = '';
          raw.removeListener('data', onData);
          raw.write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", () => upgrade(raw));
          return;
        }
        const auth = /<auth[^>]*>[^<]*<\/auth>|<auth[^>]*\/>/.exec(buf);
        if (auth) {
          buf = buf.slice(auth.index + auth[0].length);
          const how = opts.authBeforeTls ?? 'encryption-required';
          if (how === 'challenge') raw.write("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>cj1mYWtl</challenge>");
          else if (how === 'stream-error')
            raw.end("<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
          else raw.write("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><encryption-required/></failure>");
          continue;
        }
        return;
      }
    };
    raw.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const addr = server.address() as net.AddressInfo;
  return {
    port: addr.port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
