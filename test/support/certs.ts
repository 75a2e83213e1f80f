// A throwaway self-signed certificate for the fake peers, made with the openssl CLI (the lab uses the
// same tool) by the TLS test server's certificate helper, cached per process under the OS temp dir.
import { variantCert } from './tls-server/certs.js';

export interface TestCert {
  readonly key: string;
  readonly cert: string;
  readonly certFile: string;
}

/** What else about the certificate a control may change. */
export interface TestCertOptions {
  /** valid only in January 2020 */
  readonly expired?: boolean;
  /** openssl -newkey argument, e.g. 'rsa:1024'; default rsa:2048 */
  readonly key?: string;
}

/**
 * A self-signed certificate naming `names` and 127.0.0.1. A bare name is a DNS-ID; `xmppAddr:NAME`
 * and `srv:_xmpp-client.NAME` make the other XMPP identifiers (RFC 6120 §13.7.1.2, RFC 6125 §6), and
 * then the CN names none of them, so only the SAN can match.
 */
export function testCert(names: readonly string[] = ['localhost'], opts: TestCertOptions = {}): TestCert {
  const typed = (prefix: string): string[] => names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
  const dns = names.filter((n) => !/^(xmppAddr|srv):/.test(n));
  const c = variantCert({
    dns,
    xmppAddr: typed('xmppAddr:'),
    srv: typed('srv:'),
    ip: ['127.0.0.1'],
    cn: dns[0] ?? 'no-dns-id.invalid',
    ...(opts.expired ? { expired: true } : {}),
    ...(opts.key !== undefined ? { key: opts.key } : {}),
  });
  return { key: c.key, cert: c.cert, certFile: c.certFile };
}
