import { expect } from 'chai';
import { bareJid, sameBareJid, sameJid } from '../../../harness/jid/index.js';

describe('jid/compare (canonical forms, RFC 7622 §3)', () => {
  it('gives the bare JID in canonical form', () => {
    expect(bareJid('Alice@LocalHost/Res')).to.equal('alice@localhost');
    expect(bareJid('localhost')).to.equal('localhost');
    expect(bareJid(undefined)).to.equal('');
  });

  it('falls back to the text before the first slash, lower-cased, for an address that is not valid', () => {
    expect(bareJid('a b@Host/x')).to.equal('a b@host');
    expect(bareJid('')).to.equal('');
  });

  it('compares bare JIDs whatever the resources, full JIDs resource and all', () => {
    expect(sameBareJid('Alice@localhost/a', 'alice@LOCALHOST/b')).to.equal(true);
    expect(sameBareJid('alice@localhost', 'bob@localhost')).to.equal(false);
    expect(sameBareJid(undefined, 'alice@localhost')).to.equal(false);
    expect(sameJid('Alice@localhost/Res', 'alice@localhost/Res')).to.equal(true);
    expect(sameJid('alice@localhost/Res', 'alice@localhost/res')).to.equal(false);
    expect(sameJid('alice@localhost/r', 'alice@localhost')).to.equal(false);
    expect(sameJid('alice@localhost', undefined)).to.equal(false);
  });
});
