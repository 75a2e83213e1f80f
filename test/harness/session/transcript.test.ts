import { expect } from 'chai';
import fc from 'fast-check';
import { Redactor, Transcript, TRANSCRIPT_CAP } from '../../../harness/session/index.js';

const SECRET = 'AGFsaWNlAHNlY3JldDE='; // base64 of \0alice\0secret1

function redactAll(chunks: string[]): string {
  const r = new Redactor();
  return chunks.map((c) => r.push(c)).join('') + r.flush();
}

describe('transcript redaction', () => {
  it('replaces SASL payloads with [redacted]', () => {
    const out = redactAll([`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${SECRET}</auth>`]);
    expect(out).to.equal("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>[redacted]</auth>");
    expect(redactAll(['<challenge>cj1h</challenge><success>dj1i</success>'])).to.equal('<challenge>[redacted]</challenge><success>[redacted]</success>');
    expect(redactAll(["<response xmlns='x'>Yz1i</response>"])).to.equal("<response xmlns='x'>[redacted]</response>");
    expect(redactAll(['<query><password>hunter2</password></query>'])).to.equal('<query><password>[redacted]</password></query>');
  });

  it('leaves other elements and empty secrets alone', () => {
    expect(redactAll(["<success xmlns='x'/><message><body>hi</body></message>"])).to.equal("<success xmlns='x'/><message><body>hi</body></message>");
    expect(redactAll(['<auth mechanism="EXTERNAL"></auth>'])).to.equal('<auth mechanism="EXTERNAL"></auth>');
  });

  it('never lets the secret survive, however the bytes are chunked', () => {
    const wire = `<iq/><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${SECRET}</auth><message><body>x</body></message>`;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(wire.slice(prev, p));
          prev = p;
        }
        chunks.push(wire.slice(prev));
        const out = redactAll(chunks);
        expect(out).to.not.include('AGFsaWNl');
        expect(out).to.not.include('c2VjcmV0');
        expect(out).to.include('<message><body>x</body></message>');
      }),
    );
  });

  it('caps a transcript and says how much was dropped', () => {
    const t = new Transcript();
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 6; i++) t.record('in', big);
    const snap = t.snapshot();
    const total = snap.reduce((n, e) => n + e.data.length, 0);
    expect(total).to.be.at.most(TRANSCRIPT_CAP + 100);
    expect(snap[snap.length - 1]?.data).to.match(/^…truncated \d+ bytes$/);
  });
});
