// The s2s lanes (harness/s2s/lanes.ts): how many a run gets, and what each lane plays as.
import { expect } from 'chai';
import type { Account, S2sConfig } from '../../../harness/config.js';
import { MAX_S2S_LANES, S2sKeyPool, s2sLaneConfig, s2sLaneCount, s2sLaneDomain } from '../../../harness/s2s/index.js';

const acc = (n: number): Account[] =>
  Array.from({ length: n }, (_, i) => ({ jid: `u${i}@prosody.lab.test`, local: `u${i}`, domain: 'prosody.lab.test', password: 'p' }));
const files = { certFile: 'ca.pem', keyFile: 'ca-key.pem' };
const config = (o: Partial<S2sConfig> = {}): S2sConfig => ({
  target: { url: 'xmpp://127.0.0.1:15269', scheme: 'xmpp', host: '127.0.0.1', port: 15269, domain: 'prosody.lab.test' } as S2sConfig['target'],
  localDomain: 'xc.lab.test',
  ca: files,
  accounts: acc(3),
  ...o,
});

describe('s2s lanes', () => {
  it('one lane per --s2s-account, at most three and the concurrency, where the run serves the lab DNS and holds the CA', () => {
    expect(s2sLaneCount(config(), 8, true)).to.equal(3);
    expect(s2sLaneCount(config({ accounts: acc(6) }), 8, true)).to.equal(MAX_S2S_LANES);
    expect(s2sLaneCount(config({ accounts: acc(2) }), 8, true)).to.equal(2);
    expect(s2sLaneCount(config(), 2, true)).to.equal(2);
    expect(s2sLaneCount(config(), 1, true)).to.equal(1);
  });

  it('one lane without a lab DNS, without --s2s-ca, with a ready certificate, or without the s2s flags', () => {
    expect(s2sLaneCount(config(), 8, false)).to.equal(1);
    const { ca: _ca, ...noCa } = config();
    expect(s2sLaneCount(noCa, 8, true)).to.equal(1);
    expect(s2sLaneCount(config({ cert: files }), 8, true)).to.equal(1);
    expect(s2sLaneCount(undefined, 8, true)).to.equal(1);
  });

  it('lane 0 is the harness domain, the others siblings of it (no lane has names below another lane)', () => {
    expect(s2sLaneDomain('xc.lab.test', 0)).to.equal('xc.lab.test');
    expect(s2sLaneDomain('xc.lab.test', 1)).to.equal('lane2-xc.lab.test');
    expect(s2sLaneDomain('xc.lab.test', 2)).to.equal('lane3-xc.lab.test');
  });

  it('each lane gets its own domain and a share of the accounts no other lane has', () => {
    const lanes = [0, 1, 2].map((l) => s2sLaneConfig(config({ accounts: acc(7) }), l, 3));
    expect(lanes.map((c) => c.localDomain)).to.deep.equal(['xc.lab.test', 'lane2-xc.lab.test', 'lane3-xc.lab.test']);
    expect(lanes.map((c) => c.accounts.map((a) => a.local))).to.deep.equal([
      ['u0', 'u1'],
      ['u2', 'u3'],
      ['u4', 'u5'],
    ]);
    const one = config();
    expect(s2sLaneConfig(one, 0, 1)).to.equal(one);
  });
});

describe('S2sKeyPool', () => {
  const issued = (keyFile: string) => ({ certFile: 'c.pem', keyFile, cert: 'C', key: 'K' });
  it("gives every later certificate of a kind the first one's key, and each kind a key of its own", async () => {
    const pool = new S2sKeyPool();
    const asked: (string | undefined)[] = [];
    const make = (made: string) => (k: string | undefined) => (asked.push(k), Promise.resolve(issued(k ?? made)));
    await pool.use('valid', make('valid-key.pem'));
    await pool.use('valid', make('other.pem'));
    await pool.use('expired', make('expired-key.pem'));
    expect(asked).to.deep.equal([undefined, 'valid-key.pem', undefined]);
  });
  it('keeps no key from a failed run: the next one makes its own', async () => {
    const pool = new S2sKeyPool();
    await pool.use('valid', () => Promise.reject(new Error('openssl failed'))).catch(() => undefined);
    let got: string | undefined = 'unset';
    await pool.use('valid', (k) => ((got = k), Promise.resolve(issued('k2.pem'))));
    expect(got).to.equal(undefined);
  });
});
