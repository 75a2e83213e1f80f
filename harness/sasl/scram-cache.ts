// A client-side cache of SCRAM keys (RFC 5802 §5.1: a client may keep ClientKey and ServerKey, or
// the SaltedPassword, for re-authenticating to the same service, since the server is likely to
// offer the same salt again). Hi() — PBKDF2 with thousands of iterations — is the costly step of a
// login; with the keys cached, a second login with the same password, salt, iteration count and
// hash computes only the HMACs over its own AuthMessage, so its proof is the one a fresh
// derivation gives.
import { createHash } from 'node:crypto';
import { deriveKeys, saltedPassword, type ScramHash, type ScramKeys } from './scram.js';

/** How many (password, salt, iterations, hash) combinations a cache keeps by default. */
export const DEFAULT_SCRAM_CACHE_ENTRIES = 16;

export class ScramKeyCache {
  private readonly entries = new Map<string, ScramKeys>();
  /** logins that reused cached keys */
  hits = 0;
  /** logins that derived their keys (and stored them) */
  misses = 0;

  constructor(readonly maxEntries = DEFAULT_SCRAM_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`a SCRAM key cache holds at least one entry, not ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The keys for this combination: from the cache, or derived (Hi(), RFC 5802 §3) and kept. */
  keys(hash: ScramHash, password: string, salt: Buffer, iterations: number): ScramKeys {
    // the map is keyed by a digest, so the cache holds no copy of the password
    const id = createHash('sha256').update(`${hash}\0${iterations}\0${salt.toString('base64')}\0`).update(password, 'utf8').digest('base64');
    const cached = this.entries.get(id);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const keys = deriveKeys(hash, saltedPassword(hash, password, salt, iterations));
    // oldest first out: a Map iterates in insertion order
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, keys);
    return keys;
  }
}
