// The client keeps SCRAM's salted password per password, salt, iteration count and hash (RFC 5802
// §5.1): a second login with the same ones sends the same proof and verifies the same server
// signature as the first, and another salt, count or password gives a fresh derivation's proof.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { pbkdf2Sync } from 'node:crypto';
import { createClientMechanism } from '../../../harness/sasl/index.js';
import { saltedPassword } from '../../../harness/sasl/scram.js';

/** The fields of vectors/sasl/scram.json this file reads. */
type Vector = Readonly<Record<'ref' | 'mechanism' | 'username' | 'password' | 'clientNonce' | 'serverFirst' | 'clientFinal' | 'serverFinal', string>>;
const { vectors } = JSON.parse(readFileSync(new URL('../../../../vectors/sasl/scram.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

/** One client exchange up to the client-final message; for the example itself, checks the server-final too. */
function clientFinal(v: Vector, serverFirst = v.serverFirst, password = v.password): string {
  const c = createClientMechanism(v.mechanism, { username: v.username, password }, { nonce: v.clientNonce });
  c.initialResponse();
  const final = c.challenge(b(serverFirst)).toString();
  if (serverFirst === v.serverFirst && password === v.password) c.success(b(v.serverFinal));
  return final;
}

describe('sasl/scram salted-password cache', () => {
  for (const v of vectors) {
    it(`${v.ref} ${v.mechanism}: a second login with the same password, salt and count sends the example's proof again`, () => {
      expect(clientFinal(v)).to.equal(v.clientFinal);
      // success() above verified the server signature; the kept salted password must verify it the same way
      expect(clientFinal(v)).to.equal(v.clientFinal);
    });
  }

  it('another salt, iteration count or password gives another proof', () => {
    const v = vectors.find((x) => x.mechanism === 'SCRAM-SHA-256') as Vector;
    const otherSalt = v.serverFirst.replace(/,s=[^,]+/, ',s=QSXCR+Q6sek8bf92');
    const otherCount = v.serverFirst.replace(/,i=\d+/, ',i=4097');
    for (const other of [clientFinal(v, otherSalt), clientFinal(v, otherCount), clientFinal(v, v.serverFirst, 'pencil2')])
      expect(other).not.to.equal(v.clientFinal);
  });

  it('what it keeps is what PBKDF2 gives, and a caller changing the returned buffer changes nothing kept', () => {
    const salt = Buffer.from([9, 1, 2, 3]);
    const want = pbkdf2Sync(b('pw'), salt, 64, 20, 'sha1');
    const first = saltedPassword('sha1', 'pw', salt, 64);
    expect(first).to.deep.equal(want);
    first.fill(0);
    expect(saltedPassword('sha1', 'pw', salt, 64)).to.deep.equal(want);
  });
});
