// The client's SCRAM key cache (RFC 5802 §5.1): a login that finds its keys cached sends the same
// proof and verifies the same server signature as one that derives them, and only the same
// password, salt, iteration count and hash find them.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ScramKeyCache, createClientMechanism } from '../../../harness/sasl/index.js';
import { deriveKeys, saltedPassword } from '../../../harness/sasl/scram.js';

/** The fields of vectors/sasl/scram.json this file reads. */
type Vector = Readonly<Record<'ref' | 'mechanism' | 'username' | 'password' | 'clientNonce' | 'serverFirst' | 'clientFinal' | 'serverFinal', string>>;
const { vectors } = JSON.parse(readFileSync(new URL('../../../../vectors/sasl/scram.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

/** One client exchange up to the client-final message, with the cache given; for the example itself, checks the server-final too. */
function clientFinal(v: Vector, keyCache: ScramKeyCache, serverFirst = v.serverFirst, password = v.password): string {
  const c = createClientMechanism(v.mechanism, { username: v.username, password }, { nonce: v.clientNonce, keyCache });
  c.initialResponse();
  const final = c.challenge(b(serverFirst)).toString();
  if (serverFirst === v.serverFirst && password === v.password) c.success(b(v.serverFinal));
  return final;
}

describe('sasl/scram key cache', () => {
  for (const v of vectors) {
    it(`${v.ref} ${v.mechanism}: the first login derives the keys, the second finds them, and both send the example's proof`, () => {
      const cache = new ScramKeyCache();
      expect(clientFinal(v, cache)).to.equal(v.clientFinal);
      expect([cache.hits, cache.misses]).to.deep.equal([0, 1]);
      // success() above verified the server signature; a cached key must verify it the same way
      expect(clientFinal(v, cache)).to.equal(v.clientFinal);
      expect([cache.hits, cache.misses]).to.deep.equal([1, 1]);
    });
  }

  it('another salt, iteration count or password misses, and its proof is that of a fresh derivation', () => {
    const v = vectors.find((x) => x.mechanism === 'SCRAM-SHA-256') as Vector;
    const cache = new ScramKeyCache();
    clientFinal(v, cache);
    const otherSalt = v.serverFirst.replace(/,s=[^,]+/, ',s=QSXCR+Q6sek8bf92');
    const otherCount = v.serverFirst.replace(/,i=\d+/, ',i=4097');
    const fresh = (sf: string) => clientFinal(v, new ScramKeyCache(), sf);
    expect(clientFinal(v, cache, otherSalt)).to.equal(fresh(otherSalt));
    expect(clientFinal(v, cache, otherCount)).to.equal(fresh(otherCount));
    expect(clientFinal(v, cache, v.serverFirst, 'pencil2')).to.equal(clientFinal(v, new ScramKeyCache(), v.serverFirst, 'pencil2')).and.not.equal(v.clientFinal);
    expect([cache.hits, cache.misses, cache.size]).to.deep.equal([0, 4, 4]);
  });

  it('keys() returns what deriveKeys gives, and the cache stays within its size, oldest out first', () => {
    const cache = new ScramKeyCache(2);
    const salt = (n: number) => Buffer.from([n, 1, 2, 3]);
    for (const n of [1, 2, 3]) expect(cache.keys('sha1', 'pw', salt(n), 64)).to.deep.equal(deriveKeys('sha1', saltedPassword('sha1', 'pw', salt(n), 64)));
    expect(cache.size).to.equal(2);
    cache.keys('sha1', 'pw', salt(3), 64);
    cache.keys('sha1', 'pw', salt(1), 64);
    expect([cache.hits, cache.misses]).to.deep.equal([1, 4]);
  });

  it('refuses a size below one', () => {
    expect(() => new ScramKeyCache(0)).to.throw(RangeError, /at least one/);
  });
});
