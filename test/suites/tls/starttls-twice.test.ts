// rfc6120/tls/starttls-twice-refused must not fail a faithful server that answers the second
// <starttls/> with a stream error (STARTTLS is not offered inside TLS) instead of <failure/>.
import { expect } from 'chai';
import { caseById, runAgainstFake } from '../../support/control.js';

describe('starttls-twice-refused accepts a stream error', () => {
  it('passes against a server that answers a second <starttls/> with a stream error and closes', async () => {
    const r = await runAgainstFake(caseById('rfc6120/tls/starttls-twice-refused'), { secondStarttls: 'stream-error' });
    expect(r.status, r.message).to.equal('passed');
    expect(r.message ?? '').to.match(/stream error/);
  });
});
