// LabOptions.s2sCa: an instance's federating side issued from a given CA (copied into its state
// dir) instead of a CA of its own, so two lab servers started from it trust each other.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeS2sPki } from '../../../harness/lab/s2s.js';
import { createCa } from '../../../harness/pki/index.js';

describe('lab s2s PKI with a shared CA', function () {
  this.timeout(60_000);
  const root = mkdtempSync(path.join(os.tmpdir(), 'xc-shared-ca-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('two instances get certificates from the one CA, each chaining to it', async () => {
    const ca = await createCa(path.join(root, 'ca'), 'shared test CA');
    const one = await makeS2sPki(path.join(root, 'one'), 'one.lab.test', ca);
    const two = await makeS2sPki(path.join(root, 'two'), 'two.lab.test', ca);
    for (const pki of [one, two]) {
      expect(pki.ca.startsWith(root)).to.equal(true);
      expect(readFileSync(pki.ca, 'utf8')).to.equal(readFileSync(ca.certFile, 'utf8'));
      // each leaf verifies against the shared CA, so each server accepts the other's certificate
      expect(execFileSync('openssl', ['verify', '-CAfile', ca.certFile, pki.cert]).toString()).to.match(/OK/);
    }
  });

  it('without a shared CA each instance makes its own', async () => {
    const a = await makeS2sPki(path.join(root, 'a'), 'a.lab.test');
    const b = await makeS2sPki(path.join(root, 'b'), 'b.lab.test');
    expect(readFileSync(a.ca, 'utf8')).to.not.equal(readFileSync(b.ca, 'utf8'));
  });
});
