// The federation job's warm-up: each side pings the other's domain until it answers, before any
// case; it reports how it went per direction and never throws, also when nothing answers.
import { expect } from 'chai';
import { warmUpFederation } from '../../../harness/federation/index.js';
import { startFakeFederation } from '../../support/federation-control.js';

describe('federation warm-up', () => {
  it('reports an answer after one ping each way from a federation that works', async () => {
    const fed = await startFakeFederation();
    try {
      const lines = await warmUpFederation(fed.a, fed.b, { timeout: 2000 });
      expect(lines).to.deep.equal(['fake-a->fake-b: b.fed.test answered after 1 ping(s)', 'fake-b->fake-a: a.fed.test answered after 1 ping(s)']);
    } finally {
      await fed.stop();
    }
  });

  it('says so, without throwing, when the other domain never answers', async () => {
    const fed = await startFakeFederation({ fedDomainIqUnanswered: 'ping' });
    try {
      const lines = await warmUpFederation(fed.a, fed.b, { timeout: 500, tries: 2 });
      expect(lines).to.have.length(2);
      for (const line of lines) expect(line).to.match(/ (failed: |no answer)/);
    } finally {
      await fed.stop();
    }
  });
});
