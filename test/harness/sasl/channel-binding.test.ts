import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createHash, X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import {
  bestChannelBinding,
  channelBindingFor,
  createClientMechanism,
  createServerMechanism,
  endPointHash,
  type ChannelBindingType,
} from '../../../harness/sasl/index.js';

const certs = JSON.parse(readFileSync(new URL('../../../../vectors/sasl/test-certs.json', import.meta.url), 'utf8')) as Record<string, string>;
const der = (pem: string): Buffer => new X509Certificate(pem).raw;

interface Pair {
  client: tls.TLSSocket;
  server: tls.TLSSocket;
  close(): void;
}

/** A loopback TLS connection (127.0.0.1 only) with a deadline. */
function connectPair(version: tls.SecureVersion): Promise<Pair> {
  return new Promise((resolve, reject) => {
    let server: tls.TLSSocket | undefined;
    let client: tls.TLSSocket | undefined;
    const srv = tls.createServer({ key: certs.ecdsaKey, cert: certs.ecdsaSha384, minVersion: version, maxVersion: version });
    const timer = setTimeout(() => {
      srv.close();
      reject(new Error('TLS handshake on 127.0.0.1 timed out'));
    }, 5000);
    const done = (): void => {
      if (!server || !client) return;
      clearTimeout(timer);
      const [c, s] = [client, server];
      resolve({
        client: c,
        server: s,
        close: () => {
          c.destroy();
          s.destroy();
          srv.close();
        },
      });
    };
    srv.on('secureConnection', (s) => {
      server = s;
      done();
    });
    srv.listen(0, '127.0.0.1', () => {
      const c = tls.connect(
        { host: '127.0.0.1', port: (srv.address() as AddressInfo).port, rejectUnauthorized: false, minVersion: version, maxVersion: version },
        () => {
          client = c;
          done();
        },
      );
      c.on('error', reject);
    });
  });
}

describe('sasl/channel-binding', () => {
  it('tls-server-end-point hash follows the signature algorithm (RFC 5929 §4.1)', () => {
    expect(endPointHash(der(certs.ecdsaSha384 as string))).to.equal('sha384');
    expect(endPointHash(der(certs.ecdsaSha1 as string))).to.equal('sha256'); // SHA-1 → SHA-256
    expect(endPointHash(der(certs.rsaPssSha512 as string))).to.equal('sha512'); // hash from the PSS parameters
    expect(endPointHash(der(certs.ed25519 as string))).to.equal(undefined); // no single hash: not defined
    expect(endPointHash(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]))).to.equal(undefined);
  });

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    describe(`over ${version}`, () => {
      let pair: Pair;
      before(async () => {
        pair = await connectPair(version);
      });
      after(() => pair?.close());

      it('client and server compute the same tls-exporter and tls-server-end-point', () => {
        for (const type of ['tls-exporter', 'tls-server-end-point'] as ChannelBindingType[]) {
          const c = channelBindingFor(pair.client, type);
          const s = channelBindingFor(pair.server, type);
          expect(c, type).to.not.equal(undefined);
          expect(c!.data.equals(s!.data), type).to.equal(true);
        }
        expect(channelBindingFor(pair.client, 'tls-exporter')!.data.length).to.equal(32);
        const want = createHash('sha384')
          .update(der(certs.ecdsaSha384 as string))
          .digest();
        expect(channelBindingFor(pair.client, 'tls-server-end-point')!.data.equals(want)).to.equal(true);
      });

      it('tls-exporter uses no context, not an empty one (RFC 9266 §2)', () => {
        const noContext = (pair.client.exportKeyingMaterial as (n: number, l: string) => Buffer).call(pair.client, 32, 'EXPORTER-Channel-Binding');
        expect(channelBindingFor(pair.client, 'tls-exporter')!.data.equals(noContext)).to.equal(true);
      });

      it(version === 'TLSv1.2' ? 'tls-unique is the client Finished, same on both sides' : 'tls-unique is unavailable', () => {
        const c = channelBindingFor(pair.client, 'tls-unique');
        const s = channelBindingFor(pair.server, 'tls-unique');
        if (version === 'TLSv1.3') {
          expect(c).to.equal(undefined);
          expect(s).to.equal(undefined);
          return;
        }
        expect(c!.data.equals(pair.client.getFinished()!)).to.equal(true);
        expect(c!.data.equals(s!.data)).to.equal(true);
      });

      it('bestChannelBinding prefers tls-exporter and honours the offered list', () => {
        expect(bestChannelBinding(pair.client)?.type).to.equal('tls-exporter');
        expect(bestChannelBinding(pair.client, ['tls-server-end-point'])?.type).to.equal('tls-server-end-point');
        expect(bestChannelBinding(pair.client, [])).to.equal(undefined);
      });

      it('SCRAM-SHA-256-PLUS authenticates with bindings computed on each end', () => {
        const client = createClientMechanism(
          'SCRAM-SHA-256-PLUS',
          { username: 'user', password: 'pencil' },
          { channelBinding: bestChannelBinding(pair.client)! },
        );
        const server = createServerMechanism('SCRAM-SHA-256-PLUS', {
          lookup: () => ({ password: 'pencil' }),
          channelBinding: bestChannelBinding(pair.server)!,
        });
        let step = server.step(client.initialResponse());
        for (let i = 0; i < 4 && step.kind === 'challenge'; i++) step = server.step(client.challenge(step.data));
        expect(step.kind).to.equal('success');
        client.success(step.kind === 'success' ? step.data : null);
      });
    });
  }
});
