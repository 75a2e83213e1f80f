// The --s2s-* run flags: what they resolve to, and the one-line usage errors for what is wrong.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, type RunOptions } from '../../harness/config.js';
import { UsageError } from '../../harness/errors.js';
import { allCases } from '../../suites/index.js';
import { runCase } from '../../harness/runner/index.js';

describe('run --s2s-* flags', () => {
  let dir: string;
  let cert: string;
  let key: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'xc-s2s-flags-'));
    cert = path.join(dir, 'ca.pem');
    key = path.join(dir, 'ca-key.pem');
    writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The lab-like flags with `o` over them; a key set to undefined drops that flag. */
  const base = (o: Partial<Record<keyof RunOptions, unknown>> = {}): RunOptions => {
    const all: Record<string, unknown> = {
      target: 'xmpp://127.0.0.1:15222',
      domain: 'localhost',
      s2sTarget: 'xmpp://127.0.0.1:15269',
      s2sTargetDomain: 'prosody.lab.test',
      s2sCa: cert,
      s2sCaKey: key,
      ...o,
    };
    for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k];
    return all as RunOptions;
  };

  it('resolves the s2s target, the harness domain (default xc.lab.test), accounts and the lab DNS address', () => {
    const c = resolveConfig(base({ s2sAccount: ['alice@prosody.lab.test:pw'], labDns: '127.0.0.1:15275' }));
    expect(c.s2s?.target).to.include({ host: '127.0.0.1', port: 15269, domain: 'prosody.lab.test' });
    expect(c.s2s?.target.ca).to.include('BEGIN CERTIFICATE');
    expect(c.s2s?.localDomain).to.equal('xc.lab.test');
    expect(c.s2s?.accounts.map((a) => a.jid)).to.deep.equal(['alice@prosody.lab.test']);
    expect(c.s2s?.labDns).to.deep.equal({ host: '127.0.0.1', port: 15275 });
    expect(resolveConfig({ target: 'xmpp://127.0.0.1:15222', domain: 'localhost' }).s2s).to.equal(undefined);
  });

  it('--s2s-direct-tls-target: the XEP-0368 s2s port, for the federating domain, checked like --s2s-target', () => {
    const c = resolveConfig(base({ s2sDirectTlsTarget: 'xmpps://127.0.0.1:15270' }));
    expect(c.s2s?.directTarget).to.include({ scheme: 'xmpps', host: '127.0.0.1', port: 15270, domain: 'prosody.lab.test' });
    expect(c.s2s?.directTarget?.ca).to.include('BEGIN CERTIFICATE');
    expect(resolveConfig(base()).s2s?.directTarget).to.equal(undefined);
    expect(() => resolveConfig(base({ s2sDirectTlsTarget: 'xmpp://127.0.0.1:15270' }))).to.throw(
      UsageError,
      /--s2s-direct-tls-target 'xmpp:.*' must be an xmpps:\/\/ URL/,
    );
    expect(() => resolveConfig(base({ s2sDirectTlsTarget: 'xmpps://192.0.2.7:5270' }))).to.throw(
      UsageError,
      /--s2s-direct-tls-target 192.0.2.7 is not a loopback address/,
    );
    expect(resolveConfig(base({ s2sDirectTlsTarget: 'xmpps://192.0.2.7:5270', iOwnThisTarget: true })).s2s?.directTarget?.host).to.equal('192.0.2.7');
  });

  it('refuses what cannot work, in one line naming the flag', () => {
    const bad: [RunOptions, RegExp][] = [
      [base({ s2sCa: undefined, s2sCaKey: undefined }), /--s2s-ca .*--s2s-cert/],
      [base({ s2sCaKey: undefined }), /--s2s-ca and --s2s-ca-key go together/],
      [base({ s2sCa: path.join(dir, 'missing.pem') }), /--s2s-ca '.*missing.pem': cannot read/],
      [base({ s2sCaKey: cert }), /--s2s-ca-key '.*' holds no PEM private key/],
      [base({ s2sTarget: 'ws://127.0.0.1:1/' }), /--s2s-target 'ws:.*' must be an xmpp:\/\/ .* or xmpps:\/\//],
      [base({ s2sTarget: 'xmpp://192.0.2.7:5269' }), /not a loopback address; .* --i-own-this-target/],
      [base({ s2sDomain: 'prosody.lab.test' }), /is the target's own domain/],
      [base({ s2sDomain: 'not a domain' }), /--s2s-domain 'not a domain' is not a domain name/],
      [base({ s2sAccount: ['alice@localhost:pw'] }), /--s2s-account 'alice@localhost' is not on the target's federating domain/],
      [base({ labDns: 'localhost:53' }), /--lab-dns 'localhost:53' must be IPv4:PORT/],
    ];
    for (const [o, re] of bad) expect(() => resolveConfig(o), re.source).to.throw(UsageError, re);
    expect(resolveConfig(base({ s2sTarget: 'xmpp://192.0.2.7:5269', iOwnThisTarget: true })).s2s?.target.host).to.equal('192.0.2.7');
  });

  it('an s2s case without --s2s-target is skipped with the flags to give', async () => {
    const def = allCases.find((c) => c.area === 's2s');
    if (!def) throw new Error('no s2s case');
    const config = resolveConfig({ target: 'xmpp://127.0.0.1:1', domain: 'localhost', timeout: '500' });
    const r = await runCase(def, { config, accounts: [] });
    expect(r.status).to.equal('skipped');
    expect(r.message).to.match(/--s2s-target URL .*s2sRunArgs/);
  });
});
