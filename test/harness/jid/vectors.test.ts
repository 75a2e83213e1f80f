import { expect } from 'chai';
import { PrecisError, parseJid, profiles } from '../../../harness/jid/index.js';
import { edgeVectors, profileVectors, rfc7622Vectors, show, type JidVector } from './vectors.js';

function check(v: JidVector): void {
  const r = parseJid(v.input);
  if (v.valid) {
    expect(r, v.note).to.deep.equal({
      valid: true,
      jid: v.jid,
      ...(v.local === undefined ? {} : { local: v.local }),
      domain: v.domain,
      ...(v.resource === undefined ? {} : { resource: v.resource }),
    });
    // Stability: the canonical form is a fixed point.
    const again = parseJid(v.jid as string);
    expect(again.valid && again.jid, `${v.note}: canonical form re-parses to itself`).to.equal(v.jid);
  } else {
    expect(r.valid, v.note).to.equal(false);
    if (r.valid) return;
    expect(r.part, `${v.note}: ${r.reason}`).to.equal(v.part);
    expect(r.reason, v.note).to.include(v.reasonIncludes);
    expect(r.reason).to.match(/RFC \d{4}/);
    expect(r.reason).not.to.include('\n');
  }
}

describe('jid/vectors', () => {
  describe('RFC 7622 §3.5 examples (vectors/jid/rfc7622.json)', () => {
    for (const v of rfc7622Vectors()) it(`${show(v.input)} → ${v.valid ? show(v.jid as string) : `invalid ${v.part}`} (${v.note})`, () => check(v));
  });
  describe('edge cases (vectors/jid/edge-cases.json)', () => {
    for (const v of edgeVectors()) it(`${show(v.input)} → ${v.valid ? show(v.jid as string) : `invalid ${v.part}`} (${v.note})`, () => check(v));
  });
  describe('PRECIS profiles (vectors/jid/precis.json)', () => {
    for (const v of profileVectors()) {
      it(`${v.profile} ${show(v.input)} → ${v.output !== undefined ? show(v.output) : v.rule} (${v.note})`, () => {
        const p = profiles[v.profile];
        if (v.output !== undefined) {
          expect(p.enforce(v.input)).to.equal(v.output);
          expect(p.enforce(v.output), 'idempotent').to.equal(v.output);
        } else {
          expect(() => p.enforce(v.input))
            .to.throw(PrecisError)
            .with.property('rule', v.rule);
        }
      });
    }
  });
});
