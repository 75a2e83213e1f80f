// XEP citations: how a XEP ref reads and links, what a case may declare, and what the catalog takes.
import { expect } from 'chai';
import { defineCase } from '../../harness/cases/index.js';
import { documentKey, validateCatalog } from '../../harness/coverage/catalog.js';
import { CITED_RE, formatRef, rfcUrl } from '../../harness/spec.js';

describe('XEP citations', () => {
  const xep = { xep: 114, version: '1.6', section: '3', level: 'MUST' } as const;

  it('reads as XEP-0114 §3 MUST and links the XEP page', () => {
    expect(formatRef(xep)).to.equal('XEP-0114 §3 MUST');
    expect(rfcUrl(xep)).to.equal('https://xmpp.org/extensions/xep-0114.html');
    expect(formatRef({ rfc: 6120, section: '4.7.5', level: 'MUST' })).to.equal('RFC 6120 §4.7.5 MUST');
    expect(CITED_RE.test('x (XEP-0114 §3 MUST)')).to.equal(true);
    expect(CITED_RE.test('x (RFC 6120 §4 MUST)')).to.equal(true);
  });

  it('a case may cite a XEP with its version, under a xep<NNNN> id', () => {
    const def = {
      id: 'xep0114/component/x',
      title: 't',
      area: 'component',
      role: 'server',
      refs: [xep],
      requirements: ['xep0114-3-empty-handshake'],
      tags: [],
      run: async () => undefined,
    } as const;
    expect(() => defineCase(def)).to.not.throw();
    expect(() => defineCase({ ...def, refs: [{ xep: 114, version: '', section: '3', level: 'MUST' }] })).to.throw(/malformed ref/);
  });

  it('the catalog takes a XEP entry with its version and counts it under xep<NNNN>', () => {
    const entry = { id: 'xep0114-3-x', xep: 114, version: '1.6', section: '3', level: 'MUST', role: 'server', area: 'component', summary: 's', testable: true };
    const [r] = validateCatalog([entry]);
    expect(documentKey(r as never)).to.equal('xep0114');
    expect(() => validateCatalog([{ ...entry, version: undefined }])).to.throw(/version/);
    expect(() => validateCatalog([{ ...entry, xep: 115 }])).to.throw(/'xep' must be the number in the id/);
  });
});
