import { expect } from 'chai';
import { SaslError, decodeSaslPayload, encodeSaslPayload } from '../../../harness/sasl/index.js';

describe('sasl/payload', () => {
  it("encodes null as '' (no data), empty as '=' (RFC 6120 §6.4.2), other data as padded base64", () => {
    expect(encodeSaslPayload(null)).to.equal('');
    expect(encodeSaslPayload(Buffer.alloc(0))).to.equal('=');
    expect(encodeSaslPayload(Buffer.from('\0user\0pencil'))).to.equal('AHVzZXIAcGVuY2ls');
    expect(encodeSaslPayload(Buffer.from('ab'))).to.equal('YWI=');
  });

  it("decodes '=' and '' as empty and valid base64 exactly", () => {
    expect(decodeSaslPayload('=')).to.deep.equal(Buffer.alloc(0));
    expect(decodeSaslPayload('')).to.deep.equal(Buffer.alloc(0));
    expect(decodeSaslPayload('AHVzZXIAcGVuY2ls').toString()).to.equal('\0user\0pencil');
    expect(decodeSaslPayload('YWI=').toString()).to.equal('ab');
    expect(decodeSaslPayload('YQ==').toString()).to.equal('a');
  });

  for (const [label, text] of [
    ['inner whitespace', 'AHVz ZXIA'],
    ['a line break', 'AHVzZXIA\ncGVuY2ls'],
    ['leading/trailing whitespace', ' YWI= '],
    ['missing padding', 'YWI'],
    ['the URL-safe alphabet', 'a-_b'],
    ['a stray character', 'YW*='],
    ['padding in the middle', 'YQ==YWI='],
    ['too much padding', 'YWI=='],
    ['non-zero pad bits', 'YR=='],
    ['a lone =', '=='],
  ] as const) {
    it(`rejects ${label} with incorrect-encoding`, () => {
      try {
        decodeSaslPayload(text);
        expect.fail('accepted');
      } catch (e) {
        expect(e).to.be.instanceOf(SaslError);
        expect((e as SaslError).condition).to.equal('incorrect-encoding');
        expect((e as SaslError).code).to.equal('SASL');
        expect((e as SaslError).message).to.match(/RFC (6120|4648)/);
      }
    });
  }
});
