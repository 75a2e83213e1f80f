import { expect } from 'chai';
import {
  CLIENT_MECHANISMS,
  SERVER_MECHANISMS,
  SaslError,
  createClientMechanism,
  createServerMechanism,
  preferredMechanism,
  type ServerMechanismOptions,
} from '../../../harness/sasl/index.js';

const accounts: ServerMechanismOptions['lookup'] = (u) => (u === 'user' ? { password: 'pencil' } : undefined);
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('sasl/mechanism', () => {
  it('lists the client and server mechanisms', () => {
    expect(CLIENT_MECHANISMS).to.have.members([
      'PLAIN',
      'SCRAM-SHA-1',
      'SCRAM-SHA-256',
      'SCRAM-SHA-512',
      'SCRAM-SHA-1-PLUS',
      'SCRAM-SHA-256-PLUS',
      'SCRAM-SHA-512-PLUS',
      'ANONYMOUS',
      'EXTERNAL',
    ]);
    expect(SERVER_MECHANISMS).to.include.members(['PLAIN', 'SCRAM-SHA-512-PLUS', 'ANONYMOUS']);
  });

  it('throws SaslError for unknown names', () => {
    expect(() => createClientMechanism('DIGEST-MD5', { username: 'u', password: 'p' })).to.throw(SaslError, /unknown SASL mechanism "DIGEST-MD5"/);
    expect(() => createClientMechanism('scram-sha-1', { username: 'u', password: 'p' })).to.throw(SaslError);
    expect(() => createServerMechanism('EXTERNAL', { lookup: accounts })).to.throw(SaslError);
  });

  describe('preferredMechanism', () => {
    const all = ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-512-PLUS', 'ANONYMOUS'];
    it('picks the strongest', () => {
      expect(preferredMechanism(all, { tls: true, channelBinding: true })).to.equal('SCRAM-SHA-512-PLUS');
      expect(preferredMechanism(['SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256'], { tls: true, channelBinding: true })).to.equal('SCRAM-SHA-1-PLUS');
      expect(preferredMechanism(all, { tls: true, channelBinding: false })).to.equal('SCRAM-SHA-512');
      expect(preferredMechanism(['SCRAM-SHA-1', 'SCRAM-SHA-256', 'PLAIN'], { tls: false, channelBinding: false })).to.equal('SCRAM-SHA-256');
    });
    it('uses PLAIN only over TLS and never ANONYMOUS/EXTERNAL', () => {
      expect(preferredMechanism(['PLAIN', 'ANONYMOUS'], { tls: true, channelBinding: false })).to.equal('PLAIN');
      expect(preferredMechanism(['PLAIN', 'ANONYMOUS'], { tls: false, channelBinding: false })).to.equal(undefined);
      expect(preferredMechanism(['EXTERNAL'], { tls: true, channelBinding: true })).to.equal(undefined);
    });
  });

  describe('PLAIN', () => {
    it('sends authzid NUL user NUL pass (RFC 4616 §2)', () => {
      expect(createClientMechanism('PLAIN', { username: 'user', password: 'pencil' }).initialResponse()).to.deep.equal(b('\0user\0pencil'));
      expect(createClientMechanism('PLAIN', { username: 'user', password: 'pencil', authzid: 'user@example.org' }).initialResponse()).to.deep.equal(
        b('user@example.org\0user\0pencil'),
      );
    });
    it('prepares the password with OpaqueString (non-ASCII space → U+0020, NFC)', () => {
      expect(createClientMechanism('PLAIN', { username: 'u', password: 'a\u00a0e\u0301' }).initialResponse()).to.deep.equal(b('\0u\0a \u00e9'));
    });
    it('refuses NUL inside fields and a disallowed password', () => {
      expect(() => createClientMechanism('PLAIN', { username: 'u\0', password: 'p' })).to.throw(SaslError, /NUL .*RFC 4616/);
      expect(() => createClientMechanism('PLAIN', { username: 'u', password: 'p\u0007' })).to.throw(/RFC 8264/);
    });
    it('answers an empty challenge when no initial response was sent; rejects success data', () => {
      const m = createClientMechanism('PLAIN', { username: 'user', password: 'pencil' });
      expect(m.challenge(Buffer.alloc(0))).to.deep.equal(b('\0user\0pencil'));
      expect(() => m.challenge(Buffer.alloc(0))).to.throw(SaslError);
      expect(() => m.success(b('x'))).to.throw(SaslError);
      expect(() => m.success(null)).not.to.throw();
    });
    it('server: good, bad password, bad format, authzid rules', () => {
      const s = (): ReturnType<typeof createServerMechanism> => createServerMechanism('PLAIN', { lookup: accounts });
      expect(s().step(b('\0user\0pencil'))).to.deep.equal({ kind: 'success', data: null, username: 'user' });
      expect(s().step(b('user@example.org\0user\0pencil'))).to.deep.equal({ kind: 'success', data: null, username: 'user', authzid: 'user@example.org' });
      expect(s().step(b('\0user\0wrong'))).to.include({ kind: 'failure', condition: 'not-authorized' });
      expect(s().step(b('\0nobody\0pencil'))).to.include({ kind: 'failure', condition: 'not-authorized' });
      expect(s().step(b('user\0pencil'))).to.include({ kind: 'failure', condition: 'malformed-request' });
      expect(s().step(Buffer.from([0, 0x75, 0, 0xff]))).to.include({ kind: 'failure', condition: 'malformed-request' });
      expect(s().step(b('admin@example.org\0user\0pencil'))).to.include({ kind: 'failure', condition: 'invalid-authzid' });
      // Passwords compare after OpaqueString on both sides: U+3000 IDEOGRAPHIC SPACE equals ' '.
      const sp = createServerMechanism('PLAIN', { lookup: () => ({ password: 'a b' }) });
      expect(sp.step(b('\0x\0a\u3000b'))).to.include({ kind: 'success' });
    });
    it('server: no initial response → empty challenge, then the message', () => {
      const s = createServerMechanism('PLAIN', { lookup: accounts });
      expect(s.step(null)).to.deep.equal({ kind: 'challenge', data: Buffer.alloc(0) });
      expect(s.step(b('\0user\0pencil'))).to.include({ kind: 'success' });
      expect(s.step(b('\0user\0pencil'))).to.include({ kind: 'failure', condition: 'malformed-request' });
    });
  });

  describe('ANONYMOUS', () => {
    it('client: no initial response, empty answer to an empty challenge', () => {
      const m = createClientMechanism('ANONYMOUS', { username: '', password: '' });
      expect(m.initialResponse()).to.equal(null);
      expect(m.challenge(Buffer.alloc(0))).to.deep.equal(Buffer.alloc(0));
      expect(() => m.challenge(b('x'))).to.throw(SaslError);
    });
    it('server: succeeds with a generated or configured username; caps trace length', () => {
      const s = createServerMechanism('ANONYMOUS', { lookup: accounts });
      expect(s.step(null).kind).to.equal('challenge');
      const ok = s.step(Buffer.alloc(0));
      expect(ok.kind).to.equal('success');
      expect((ok as { username: string }).username).to.match(/^anon-[0-9a-f]{8}$/);
      expect(createServerMechanism('ANONYMOUS', { lookup: accounts, anonymousUsername: 'guest' }).step(b('trace'))).to.include({ username: 'guest' });
      expect(createServerMechanism('ANONYMOUS', { lookup: accounts }).step(b('x'.repeat(256)))).to.include({ kind: 'failure', condition: 'malformed-request' });
    });
  });

  describe('EXTERNAL', () => {
    it("sends the authzid, or an empty response ('=') without one", () => {
      expect(createClientMechanism('EXTERNAL', { username: '', password: '' }).initialResponse()).to.deep.equal(Buffer.alloc(0));
      expect(createClientMechanism('EXTERNAL', { username: '', password: '', authzid: 'u@example.org' }).initialResponse()).to.deep.equal(b('u@example.org'));
    });
  });
});
