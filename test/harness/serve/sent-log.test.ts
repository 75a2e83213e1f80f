// What serve keeps of the client's traffic for the passive cases: bounded, each item traceable to
// its transcript line; and the passive cases run after the cases whose traffic they judge.
import { expect } from 'chai';
import { SENT_LOG_CAP, SentLog, passiveLast, sentLine, type SentItem } from '../../../harness/serve/index.js';
import { el } from '../../../harness/xml/index.js';

const item = (over: Partial<SentItem> = {}): SentItem => ({
  caseId: 'rfc6120/client/header-to',
  actor: 'client',
  t: 12,
  secure: true,
  kind: 'element',
  el: el('presence', {}, el('show', {}, 'busy')),
  ...over,
});

describe('serve: the log of what the client sent', () => {
  it('keeps at most SENT_LOG_CAP items and counts the rest', () => {
    const log = new SentLog();
    for (let i = 0; i < SENT_LOG_CAP + 3; i++) log.add(item({ t: i }));
    expect(log.all().length).to.equal(SENT_LOG_CAP);
    expect(log.dropped).to.equal(3);
  });

  it('names the case, the connection and the time of the transcript line', () => {
    expect(sentLine(item())).to.equal('[rfc6120/client/header-to, client +12 ms] <presence><show>busy</show></presence>');
    const header = item({ kind: 'header', el: el('stream:stream', { to: 'localhost', version: '1.0' }) });
    expect(sentLine(header)).to.match(/^\[rfc6120\/client\/header-to, client \+12 ms\] <stream:stream to='localhost' version='1.0'>$/);
  });

  it('shortens a long line', () => {
    const long = item({ el: el('message', {}, el('body', {}, 'x'.repeat(1000))) });
    expect(sentLine(long).length).to.be.lessThan(320);
    expect(sentLine(long).endsWith('…')).to.equal(true);
  });

  it('puts passive cases after the others, each group in its order', () => {
    const plan = [
      { id: 'a', tags: ['passive'] },
      { id: 'b', tags: [] },
      { id: 'c', tags: ['passive'] },
      { id: 'd', tags: ['x'] },
    ];
    expect(passiveLast(plan).map((c) => c.id)).to.deep.equal(['b', 'd', 'a', 'c']);
  });
});
