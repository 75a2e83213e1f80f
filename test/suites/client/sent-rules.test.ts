// The passive error-shape rule on stanzas the controls do not make the scripted client send:
// message and presence errors, conditions outside RFC 6120 §8.3.3, <text/> and application conditions.
import { expect } from 'chai';
import { NS_CLIENT, parseFragment } from '../../../harness/xml/index.js';
import { errorShapeProblems } from '../../../suites/client/sent.js';

const ERR = "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'";
const problems = (xml: string): string[] => errorShapeProblems(parseFragment(xml, { defaultNs: NS_CLIENT }));

describe('client passive rule: the shape of the stanza errors a client sends', () => {
  it('accepts an error with a type, one defined condition, <text/> and an application condition', () => {
    expect(
      problems(
        `<message type='error' id='m1'><error type='cancel'><item-not-found ${ERR}/><text ${ERR} xml:lang='en'>gone</text><x xmlns='urn:example:app'/></error></message>`,
      ),
    ).to.deep.equal([]);
    expect(problems(`<presence type='error'><error type='modify'><bad-request ${ERR}/></error></presence>`)).to.deep.equal([]);
  });

  it('names a message or presence error without <error/>', () => {
    expect(problems("<message type='error' id='m2'><body>hi</body></message>")).to.deep.equal(['no <error/>']);
    expect(problems("<presence type='error'/>")).to.deep.equal(['no <error/>']);
  });

  it("names a missing or unknown 'type' on <error/>", () => {
    expect(problems(`<iq type='error' id='i1'><error><service-unavailable ${ERR}/></error></iq>`)).to.deep.equal(["<error/> without 'type'"]);
    expect(problems(`<iq type='error' id='i2'><error type='fatal'><service-unavailable ${ERR}/></error></iq>`)).to.deep.equal(["<error type='fatal'>"]);
  });

  it('names no condition, two conditions, and a condition RFC 6120 §8.3.3 does not define', () => {
    expect(problems(`<iq type='error' id='i3'><error type='cancel'><text ${ERR}>only text</text></error></iq>`)).to.deep.equal([
      'no defined condition in <error/>',
    ]);
    expect(problems(`<iq type='error' id='i4'><error type='cancel'><conflict ${ERR}/><gone ${ERR}/></error></iq>`)).to.deep.equal([
      '2 defined conditions in <error/>',
    ]);
    expect(problems(`<iq type='error' id='i5'><error type='cancel'><busy ${ERR}/></error></iq>`)).to.deep.equal(['<busy/>, which is no defined condition']);
  });
});
