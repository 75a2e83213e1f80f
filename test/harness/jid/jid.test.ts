import { expect } from 'chai';
import { formatJid, jidEquals, parseJid } from '../../../harness/jid/index.js';

describe('jid/jid (RFC 7622)', () => {
  it('splits at the first "/" and the first "@" before it (RFC 7622 §3.1)', () => {
    expect(parseJid('a@b/c@d/e')).to.deep.equal({ valid: true, jid: 'a@b/c@d/e', local: 'a', domain: 'b', resource: 'c@d/e' });
    expect(parseJid('b/c@d')).to.deep.equal({ valid: true, jid: 'b/c@d', domain: 'b', resource: 'c@d' });
  });

  it('reports parts in order and never throws', () => {
    expect(parseJid('a b@c d/')).to.include({ valid: false, part: 'localpart' });
    expect(parseJid('ab@c d/')).to.include({ valid: false, part: 'domainpart' });
    expect(parseJid('ab@cd/')).to.include({ valid: false, part: 'resourcepart' });
    expect(parseJid('x'.repeat(20_000))).to.include({ valid: false, part: 'jid' });
    for (const s of ['\ud800@x', '@', '/', '@/', 'a@[', '\u0000']) expect(() => parseJid(s)).not.to.throw();
  });

  it('compares canonical forms', () => {
    expect(jidEquals('Juliet@EXAMPLE.com/Balcony', 'juliet@example.com/Balcony')).to.equal(true);
    expect(jidEquals('juliet@example.com/balcony', 'juliet@example.com/Balcony')).to.equal(false);
    expect(jidEquals('a@xn--bcher-kva.example', 'a@BÜCHER.example')).to.equal(true);
    expect(formatJid({ local: 'a', domain: 'b', resource: 'c' })).to.equal('a@b/c');
    expect(formatJid({ domain: 'b' })).to.equal('b');
  });
});
