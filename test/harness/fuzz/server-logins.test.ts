// What fuzz server reuses between logins (harness/fuzz/server-logins.ts), on the fake server: a
// kept liveness session is handed on once and only while nothing can have touched it, and the
// space after a TLS 1.3 session ticket goes out only when asked for and only after our header.
import { expect } from 'chai';
import { parseAccount, parseTarget } from '../../../harness/config.js';
import { FuzzLogins } from '../../../harness/fuzz/server-logins.js';
import { Session, Transcript } from '../../../harness/session/index.js';
import { el, NS_PING } from '../../../harness/xml/index.js';
import { sleep } from '../../../harness/util/index.js';
import { FakeServer } from '../../support/fake-server/fake-server.js';

const ACCOUNT = parseAccount('alice@localhost:secret-alice');

describe('fuzz server logins', function () {
  this.timeout(30_000);
  let fake: FakeServer;
  let tlsFake: FakeServer;
  before(async () => {
    fake = await FakeServer.start({ behaviour: { starttls: 'none' } });
    tlsFake = await FakeServer.start({ behaviour: { tlsMinVersion: 'TLSv1.3' } });
  });
  after(async () => {
    await fake.stop();
    await tlsFake.stop();
  });

  const logins = (reuse: boolean) => new FuzzLogins({ target: parseTarget(fake.url, 'localhost'), timeoutMs: 3000, account: ACCOUNT, reuse });

  it('hands a kept session on once, as it is', async () => {
    const l = logins(true);
    const s = await l.login('liveness');
    l.keep(s);
    expect(l.takeKept()).to.equal(s);
    expect(l.takeKept()).to.equal(undefined);
    expect([l.logins, l.reused]).to.deep.equal([1, 1]);
    await s.closeGracefully(300);
  });

  it('does not hand on a kept session whose stream has closed: the sequence logs in anew', async () => {
    const l = logins(true);
    const s = await l.login('liveness');
    l.keep(s);
    s.destroy();
    expect(l.takeKept()).to.equal(undefined);
    expect(l.reused).to.equal(0);
  });

  it('does not hand on a kept session with anything unread (it would be blamed on the first input), and closes it', async () => {
    const l = logins(true);
    const s = await l.login('liveness');
    // an answer nobody reads: the server's word after the liveness check
    s.send(el('iq', { type: 'get', to: 'localhost', id: 'stray' }, el('ping', { xmlns: NS_PING })));
    const until = Date.now() + 3000;
    while (s.stream.pending().length === 0 && Date.now() < until) await sleep(5);
    expect(s.stream.pending()).to.not.have.length(0);
    l.keep(s);
    expect(l.takeKept()).to.equal(undefined);
    expect(s.stream.closed).to.equal(true);
  });

  it('drop closes a kept session nobody took', async () => {
    const l = logins(true);
    const s = await l.login('liveness');
    l.keep(s);
    await l.drop();
    expect(s.stream.closed).to.equal(true);
    expect(l.takeKept()).to.equal(undefined);
  });

  for (const ack of [true, false]) {
    it(`after STARTTLS with TLS 1.3, ${ack ? 'answers the session tickets with a space, after the header' : 'sends no space unless asked to'}`, async () => {
      const transcript = new Transcript();
      const s = await Session.connect({
        target: parseTarget(tlsFake.url, 'localhost', { ca: tlsFake.cert.cert }),
        timeout: 3000,
        transcript,
        actor: 'a',
        ackTlsTickets: ack,
      });
      try {
        await s.login(ACCOUNT);
        expect(s.tls?.protocol).to.equal('TLSv1.3');
        const out = transcript
          .snapshot()
          .filter((e) => e.dir === 'out')
          .map((e) => e.data);
        const spaces = out.filter((d) => d === ' ').length;
        if (!ack) {
          expect(spaces).to.equal(0);
          return;
        }
        expect(spaces).to.be.greaterThan(0);
        // each space goes after the restarted stream's header, never before it (or into SASL)
        const headers = out.flatMap((d, i) => (d.includes('<stream:stream') ? [i] : []));
        expect(headers).to.have.length(3);
        const [, second = 0, third = 0] = headers;
        out.forEach((d, i) => {
          if (d === ' ') expect(i).to.be.greaterThan(second).and.lessThan(third);
        });
      } finally {
        await s.closeGracefully(300);
      }
    });
  }
});
