import { expect } from 'chai';
import { pbkdf2Sync } from 'node:crypto';
import { saltedPassword } from '../../../harness/sasl/scram.js';
import { readFileSync } from 'node:fs';
import {
  SaslError,
  createClientMechanism,
  createServerMechanism,
  type ChannelBinding,
  type ClientMechanism,
  type ServerMechanism,
  type ServerMechanismOptions,
  type ServerStep,
} from '../../../harness/sasl/index.js';

interface Vector {
  ref: string;
  mechanism: string;
  username: string;
  password: string;
  clientNonce: string;
  clientFirst: string;
  serverFirst: string;
  clientFinal: string;
  serverFinal: string;
}
const { vectors } = JSON.parse(readFileSync(new URL('../../../../vectors/sasl/scram.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const accounts: ServerMechanismOptions['lookup'] = (u) => (u === 'user' ? { password: 'pencil' } : u === 'a,b=c' ? { password: 'pw' } : undefined);

/** Runs a whole exchange; returns the server's final step. */
function run(client: ClientMechanism, server: ServerMechanism): ServerStep {
  let step = server.step(client.initialResponse());
  for (let i = 0; i < 5 && step.kind === 'challenge'; i++) step = server.step(client.challenge(step.data));
  if (step.kind === 'success') client.success(step.data);
  return step;
}

/** Client side only, up to the server-first: returns the mechanism in state final-sent. */
function clientAfterFirst(serverFirst: string, nonce = 'abc'): { c: ClientMechanism; answer: () => Buffer } {
  const c = createClientMechanism('SCRAM-SHA-1', { username: 'user', password: 'pencil' }, { nonce });
  c.initialResponse();
  return { c, answer: () => c.challenge(b(serverFirst)) };
}

describe('sasl/scram', () => {
  for (const v of vectors) {
    it(`client reproduces the ${v.ref} ${v.mechanism} example exactly`, () => {
      const c = createClientMechanism(v.mechanism, { username: v.username, password: v.password }, { nonce: v.clientNonce });
      expect(c.initialResponse()?.toString()).to.equal(v.clientFirst);
      expect(c.challenge(b(v.serverFirst)).toString()).to.equal(v.clientFinal);
      expect(() => c.success(b(v.serverFinal))).not.to.throw();
    });

    it(`server reproduces the ${v.ref} ${v.mechanism} example exactly`, () => {
      const m = /,s=([^,]+),i=(\d+)$/.exec(v.serverFirst) as RegExpExecArray;
      const serverNonce = (/^r=([^,]+)/.exec(v.serverFirst) as RegExpExecArray)[1]!.slice(v.clientNonce.length);
      const s = createServerMechanism(v.mechanism, { lookup: accounts, salt: Buffer.from(m[1]!, 'base64'), iterations: Number(m[2]), nonce: serverNonce });
      const first = s.step(b(v.clientFirst));
      expect(first).to.deep.equal({ kind: 'challenge', data: b(v.serverFirst) });
      const last = s.step(b(v.clientFinal));
      expect(last).to.deep.equal({ kind: 'success', data: b(v.serverFinal), username: 'user' });
    });

    it(`client rejects a bad server signature (${v.mechanism})`, () => {
      const c = createClientMechanism(v.mechanism, { username: v.username, password: v.password }, { nonce: v.clientNonce });
      c.initialResponse();
      c.challenge(b(v.serverFirst));
      const sig = Buffer.from(v.serverFinal.slice(2), 'base64');
      sig[0] = (sig[0] as number) ^ 1;
      expect(() => c.success(b(`v=${sig.toString('base64')}`))).to.throw(SaslError, /server signature does not verify \(RFC 5802 §5\.1\)/);
    });
  }

  it('round-trips SCRAM-SHA-512 client ↔ server and both sides agree on the username', () => {
    const c = createClientMechanism('SCRAM-SHA-512', { username: 'user', password: 'pencil' });
    const s = createServerMechanism('SCRAM-SHA-512', { lookup: accounts, iterations: 4096 });
    const last = run(c, s);
    expect(last.kind).to.equal('success');
    expect(last).to.include({ username: 'user' });
    // A second message after success is refused.
    expect(s.step(b('x'))).to.include({ kind: 'failure', condition: 'malformed-request' });
  });

  it('round-trips with an authzid and a username that needs =2C/=3D escaping', () => {
    const c = createClientMechanism('SCRAM-SHA-256', { username: 'a,b=c', password: 'pw', authzid: 'a,b=c@example.org' }, { nonce: 'n0nce' });
    expect(c.initialResponse()?.toString()).to.equal('n,a=a=2Cb=3Dc@example.org,n=a=2Cb=3Dc,r=n0nce');
    const s = createServerMechanism('SCRAM-SHA-256', { lookup: accounts });
    const c2 = createClientMechanism('SCRAM-SHA-256', { username: 'a,b=c', password: 'pw', authzid: 'a,b=c@example.org' });
    expect(run(c2, s)).to.deep.include({ kind: 'success', username: 'a,b=c', authzid: 'a,b=c@example.org' });
  });

  it('server refuses an authzid the user may not use (invalid-authzid)', () => {
    const c = createClientMechanism('SCRAM-SHA-1', { username: 'user', password: 'pencil', authzid: 'admin@example.org' });
    expect(run(c, createServerMechanism('SCRAM-SHA-1', { lookup: accounts }))).to.include({ kind: 'failure', condition: 'invalid-authzid' });
  });

  it('wrong password → server failure not-authorized', () => {
    const c = createClientMechanism('SCRAM-SHA-256', { username: 'user', password: 'pencil2' });
    const last = run(c, createServerMechanism('SCRAM-SHA-256', { lookup: accounts }));
    expect(last).to.include({ kind: 'failure', condition: 'not-authorized' });
    expect((last as { text: string }).text).to.match(/RFC 5802/);
  });

  it('unknown user → the exchange still runs, then not-authorized', () => {
    const c = createClientMechanism('SCRAM-SHA-1', { username: 'nobody', password: 'x' });
    const s = createServerMechanism('SCRAM-SHA-1', { lookup: accounts });
    const first = s.step(c.initialResponse());
    expect(first.kind).to.equal('challenge');
    expect(s.step(c.challenge((first as { data: Buffer }).data))).to.include({ kind: 'failure', condition: 'not-authorized' });
  });

  it('works without an initial response (empty challenge first, RFC 6120 §6.4.2)', () => {
    const c = createClientMechanism('SCRAM-SHA-256', { username: 'user', password: 'pencil' });
    const s = createServerMechanism('SCRAM-SHA-256', { lookup: accounts });
    let step = s.step(null);
    expect(step).to.deep.equal({ kind: 'challenge', data: Buffer.alloc(0) });
    for (let i = 0; i < 4 && step.kind === 'challenge'; i++) step = s.step(c.challenge(step.data));
    expect(step.kind).to.equal('success');
    c.success(step.kind === 'success' ? step.data : null);
  });

  it('accepts v= in a challenge followed by an empty success (RFC 6120 §6.3.10)', () => {
    const c = createClientMechanism('SCRAM-SHA-1', { username: 'user', password: 'pencil' });
    const s = createServerMechanism('SCRAM-SHA-1', { lookup: accounts, serverFinalInChallenge: true });
    const last = run(c, s);
    expect(last).to.deep.equal({ kind: 'success', data: null, username: 'user' });
  });

  it('client refuses success without a verifier, and success before the final message', () => {
    const { c, answer } = clientAfterFirst('r=abcdef,s=QSXCR+Q6sek8bf92,i=4096');
    expect(() => createClientMechanism('SCRAM-SHA-1', { username: 'u', password: 'p' }).success(null)).to.throw(SaslError, /before the client-final/);
    answer();
    expect(() => c.success(null)).to.throw(SaslError, /without the server-final-message .*RFC 5802 §5\.1/);
  });

  it('client reports a server e= error', () => {
    const { c, answer } = clientAfterFirst('r=abcdef,s=QSXCR+Q6sek8bf92,i=4096');
    answer();
    expect(() => c.success(b('e=invalid-proof'))).to.throw(SaslError, /invalid-proof/);
  });

  describe('malformed server-first-message', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['missing r=', 's=QSXCR+Q6sek8bf92,i=4096', /does not start with the nonce attribute r=/],
      ['nonce not extending ours', 'r=xyzdef,s=QSXCR+Q6sek8bf92,i=4096', /does not extend the client nonce/],
      ['nonce equal to ours', 'r=abc,s=QSXCR+Q6sek8bf92,i=4096', /does not extend the client nonce/],
      ['i=0', 'r=abcdef,s=QSXCR+Q6sek8bf92,i=0', /not a positive integer/],
      ['i with leading zero', 'r=abcdef,s=QSXCR+Q6sek8bf92,i=04096', /not a positive integer/],
      ['i beyond the cap', 'r=abcdef,s=QSXCR+Q6sek8bf92,i=999999999', /exceeds our cap/],
      ['missing salt', 'r=abcdef,i=4096', /no salt attribute/],
      ['bad salt base64', 'r=abcdef,s=QSXCR+Q6sek8bf9,i=4096', /salt s= is empty or not strict base64/],
      ['mandatory extension', 'm=foo,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096', /mandatory extension/],
      ['garbage', 'hello', /not a list of attributes/],
    ];
    for (const [label, msg, re] of cases) {
      it(`rejects ${label}`, () => {
        const { answer } = clientAfterFirst(msg);
        expect(answer).to.throw(SaslError, re);
      });
    }
    it('rejects non-UTF-8', () => {
      const c = createClientMechanism('SCRAM-SHA-1', { username: 'user', password: 'pencil' }, { nonce: 'abc' });
      c.initialResponse();
      expect(() => c.challenge(Buffer.from([0x72, 0x3d, 0xff]))).to.throw(SaslError, /UTF-8/);
    });
  });

  describe('server-side parsing of client messages', () => {
    const s = (): ServerMechanism => createServerMechanism('SCRAM-SHA-1', { lookup: accounts });
    for (const [label, msg] of [
      ['no gs2 header', 'n=user,r=abc'],
      ['bad escape in username', 'n,,n=us=4er,r=abc'],
      ['missing nonce', 'n,,n=user'],
      ['p= with a non-PLUS mechanism', 'p=tls-exporter,,n=user,r=abc'],
      ['mandatory extension', 'n,,m=x,n=user,r=abc'],
    ] as const) {
      it(`refuses ${label} with malformed-request`, () => {
        expect(s().step(b(msg))).to.include({ kind: 'failure', condition: 'malformed-request' });
      });
    }
    it('refuses a client-final whose nonce differs', () => {
      const srv = s();
      srv.step(b('n,,n=user,r=abc'));
      expect(srv.step(b('c=biws,r=abcXYZ,p=AAAA'))).to.include({ kind: 'failure' });
    });
  });

  describe('channel binding (-PLUS and the gs2 flag)', () => {
    const cb: ChannelBinding = { type: 'tls-exporter', data: Buffer.alloc(32, 7) };
    const other: ChannelBinding = { type: 'tls-exporter', data: Buffer.alloc(32, 8) };

    it('SCRAM-SHA-256-PLUS succeeds when both sides see the same binding', () => {
      const c = createClientMechanism('SCRAM-SHA-256-PLUS', { username: 'user', password: 'pencil' }, { channelBinding: cb, nonce: 'abc' });
      expect(c.initialResponse()?.toString()).to.equal('p=tls-exporter,,n=user,r=abc');
      const c2 = createClientMechanism('SCRAM-SHA-256-PLUS', { username: 'user', password: 'pencil' }, { channelBinding: cb });
      expect(run(c2, createServerMechanism('SCRAM-SHA-256-PLUS', { lookup: accounts, channelBinding: cb }))).to.include({ kind: 'success' });
    });

    it('SCRAM-SHA-512-PLUS fails not-authorized when the binding data differ (MITM)', () => {
      const c = createClientMechanism('SCRAM-SHA-512-PLUS', { username: 'user', password: 'pencil' }, { channelBinding: other });
      const last = run(c, createServerMechanism('SCRAM-SHA-512-PLUS', { lookup: accounts, channelBinding: cb }));
      expect(last).to.include({ kind: 'failure', condition: 'not-authorized' });
      expect((last as { text: string }).text).to.match(/channel binding data .* does not match .*RFC 5802 §6/);
    });

    it('-PLUS fails when the binding types differ', () => {
      const c = createClientMechanism('SCRAM-SHA-1-PLUS', { username: 'user', password: 'pencil' }, { channelBinding: { type: 'tls-unique', data: cb.data } });
      expect(run(c, createServerMechanism('SCRAM-SHA-1-PLUS', { lookup: accounts, channelBinding: cb }))).to.include({
        kind: 'failure',
        condition: 'not-authorized',
      });
    });

    it('-PLUS without binding data is refused at creation, on both sides', () => {
      expect(() => createClientMechanism('SCRAM-SHA-256-PLUS', { username: 'user', password: 'pencil' })).to.throw(SaslError, /channel binding/);
      expect(() => createServerMechanism('SCRAM-SHA-256-PLUS', { lookup: accounts })).to.throw(SaslError, /channel binding/);
    });

    it("gs2 flag: 'n' without binding, 'y' when we can bind but the server offered no -PLUS, 'n' when it did", () => {
      const flag = (opts: { channelBinding?: ChannelBinding; serverOffersPlus?: boolean }): string =>
        createClientMechanism('SCRAM-SHA-1', { username: 'user', password: 'pencil' }, { ...opts, nonce: 'abc' })
          .initialResponse()!
          .toString()
          .slice(0, 2);
      expect(flag({})).to.equal('n,');
      expect(flag({ channelBinding: cb, serverOffersPlus: false })).to.equal('y,');
      expect(flag({ channelBinding: cb })).to.equal('y,');
      expect(flag({ channelBinding: cb, serverOffersPlus: true })).to.equal('n,');
    });

    it("server that offered -PLUS detects the 'y' downgrade; one that did not accepts it", () => {
      const mk = (): ClientMechanism =>
        createClientMechanism('SCRAM-SHA-256', { username: 'user', password: 'pencil' }, { channelBinding: cb, serverOffersPlus: false });
      expect(run(mk(), createServerMechanism('SCRAM-SHA-256', { lookup: accounts, channelBinding: cb }))).to.include({
        kind: 'failure',
        condition: 'not-authorized',
      });
      expect(run(mk(), createServerMechanism('SCRAM-SHA-256', { lookup: accounts }))).to.include({ kind: 'success' });
    });
  });
});

describe('saltedPassword (RFC 5802 §2.2 Hi())', () => {
  it('gives what PBKDF2 gives, also when it comes from the cache, and a copy the caller may change', () => {
    const salt = Buffer.from('c2FsdHNhbHQ=', 'base64');
    const fresh = pbkdf2Sync(Buffer.from('pencil', 'utf8'), salt, 4096, 32, 'sha256');
    const first = saltedPassword('sha256', 'pencil', salt, 4096);
    expect(first.equals(fresh)).to.equal(true);
    first.fill(0);
    expect(saltedPassword('sha256', 'pencil', salt, 4096).equals(fresh)).to.equal(true);
    expect(saltedPassword('sha256', 'pencil', salt, 4097).equals(fresh)).to.equal(false);
    expect(saltedPassword('sha256', 'pen', salt, 4096).equals(fresh)).to.equal(false);
    expect(saltedPassword('sha1', 'pencil', salt, 4096).equals(fresh.subarray(0, 20))).to.equal(false);
  });
});
