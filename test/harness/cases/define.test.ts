import { expect } from 'chai';
import { CaseDefinitionError, defineCase, registerCases, type CaseDefinition } from '../../../harness/cases/index.js';
import { allCases } from '../../../suites/index.js';

const base: CaseDefinition = {
  id: 'rfc6120/stream/example',
  title: 'an example',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.1', level: 'MUST' }],
  requirements: ['rfc6120-4.7.1-example'],
  tags: ['header'],
  async run() {},
};

describe('case declarations', () => {
  it('accepts a well-formed case', () => {
    expect(defineCase({ ...base }).id).to.equal('rfc6120/stream/example');
  });

  it('refuses malformed metadata with a message naming the case', () => {
    expect(() => defineCase({ ...base, id: 'stream/example' })).to.throw(CaseDefinitionError, /rfc6120\/<area>/);
    expect(() => defineCase({ ...base, id: 'rfc6120/sasl/example' })).to.throw(CaseDefinitionError, /area segment/);
    expect(() => defineCase({ ...base, refs: [] })).to.throw(CaseDefinitionError, /ref/);
    expect(() => defineCase({ ...base, refs: [{ rfc: 6120, section: 'x', level: 'MUST' }] })).to.throw(CaseDefinitionError, /malformed ref/);
    expect(() => defineCase({ ...base, requirements: ['nope'] })).to.throw(CaseDefinitionError, /requirement/);
    expect(() => defineCase({ ...base, tags: ['Header'] })).to.throw(CaseDefinitionError, /tag/);
    expect(() => defineCase({ ...base, tags: ['a', 'a'] })).to.throw(CaseDefinitionError, /duplicate/);
  });

  it('refuses duplicate ids in the registry', () => {
    expect(() => registerCases([defineCase({ ...base }), defineCase({ ...base })])).to.throw(CaseDefinitionError, /twice/);
  });

  it('the suite has at least 50 cases over stream, tls, sasl and bind, each cited', () => {
    expect(allCases.length).to.be.at.least(50);
    for (const area of ['stream', 'tls', 'sasl', 'bind'])
      expect(
        allCases.some((c) => c.area === area),
        area,
      ).to.equal(true);
    for (const c of allCases) expect(c.refs.length, c.id).to.be.greaterThan(0);
  });
});
