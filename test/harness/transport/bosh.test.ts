// The BOSH binding (XEP-0124, XEP-0206): framing translation, and the transport against a scripted
// connection manager.
import { expect } from 'chai';
import { HarnessError, UnreachableError } from '../../../harness/errors.js';
import { XmppStream, type StreamEvent } from '../../../harness/stream/index.js';
import {
  BoshTransport,
  NS_HTTPBIND,
  NS_XBOSH,
  classifyWrite,
  creationBody,
  describeTerminate,
  initialRid,
  parseBody,
  synthesizedHeader,
} from '../../../harness/transport/index.js';
import { el } from '../../../harness/xml/index.js';
import { attr, inner, startBoshPeer, type BoshPeer } from '../../support/bosh-peer.js';

const HEADER = { to: 'localhost', version: '1.0', 'xml:lang': 'en' };

describe('transport/bosh-framing: XEP-0124/XEP-0206 framing at the transport boundary', () => {
  it('starts rids at a random positive integer that cannot pass 2^53 - 1 (XEP-0124 §14)', () => {
    const rids = Array.from({ length: 200 }, () => initialRid());
    for (const r of rids) expect(Number.isSafeInteger(r) && r > 0 && r < 2 ** 52).to.equal(true);
    expect(new Set(rids).size).to.be.greaterThan(190);
  });

  it('asks for a session with to, xml:lang, wait, hold=1, ver and xmpp:version (XEP-0124 §7.1, XEP-0206 §3)', () => {
    const b = parseBody(creationBody({ rid: 42, to: 'example.com', lang: 'en', wait: 20, hold: 1 }), 1 << 20);
    expect(b.attrs).to.include({ rid: '42', to: 'example.com', 'xml:lang': 'en', wait: '20', hold: '1', ver: '1.11' });
    expect(b.xbosh).to.deep.equal({ version: '1.0' });
  });

  it('classifies the stream layer writes: header, footer, whitespace, and stanzas given jabber:client', () => {
    expect(
      classifyWrite("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='a.example' xml:lang='de'>"),
    ).to.deep.equal({ kind: 'header', to: 'a.example', lang: 'de' });
    expect(classifyWrite('</stream:stream>')).to.deep.equal({ kind: 'close' });
    expect(classifyWrite('  ')).to.deep.equal({ kind: 'nothing' });
    expect(classifyWrite("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>")).to.deep.equal({
      kind: 'payload',
      text: "<iq xmlns='jabber:client' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>",
    });
    expect(classifyWrite("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>")).to.deep.equal({
      kind: 'payload',
      text: "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>",
    });
    expect(classifyWrite('<presence/><presence/>')).to.deep.equal({
      kind: 'payload',
      text: "<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>",
    });
    expect(classifyWrite('not xml <<')).to.deep.equal({ kind: 'payload', text: 'not xml <<' });
  });

  it('reads a response body: xbosh attributes under any prefix, stanzas in the httpbind namespace read as jabber:client (XEP-0206 §2)', () => {
    const b = parseBody(
      `<body xmlns='${NS_HTTPBIND}' xmlns:x='${NS_XBOSH}' sid='s1' x:version='1.0' from='localhost'><message to='a@b'><body>hi</body></message><iq xmlns='jabber:client' type='result' id='1'/></body>`,
      1 << 20,
    );
    expect(b.xbosh).to.deep.equal({ version: '1.0' });
    expect(b.children).to.deep.equal(["<message to='a@b'><body>hi</body></message>", "<iq type='result' id='1'/>"]);
    expect(synthesizedHeader(b, 'fallback')).to.equal(
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='s1' version='1.0'>",
    );
  });

  it('rejects what is not a <body/> in the httpbind namespace', () => {
    expect(() => parseBody("<body xmlns='jabber:client'/>", 1 << 20)).to.throw(/expected <body xmlns='http:\/\/jabber\.org\/protocol\/httpbind'\/>/);
    expect(() => parseBody('<body', 1 << 20)).to.throw();
  });

  it('names terminate conditions in one line (XEP-0124 §17.2)', () => {
    expect(describeTerminate('host-unknown')).to.match(/^BOSH session terminated by the connection manager: host-unknown \(.*; check --domain\)$/);
    expect(describeTerminate('no-such')).to.include('not a XEP-0124 condition');
    expect(describeTerminate(undefined)).to.include('no condition');
  });
});

async function take(stream: XmppStream, what: string): Promise<StreamEvent> {
  return stream.take(3000, what);
}

function rid(body: string): number {
  return Number(attr(body, 'rid'));
}

describe('transport/bosh: the transport against a scripted connection manager', function () {
  this.timeout(15_000);
  let peer: BoshPeer | undefined;
  let transport: BoshTransport | undefined;
  afterEach(async () => {
    transport?.destroy();
    transport = undefined;
    await peer?.close();
    peer = undefined;
  });

  async function opened(): Promise<{ peer: BoshPeer; stream: XmppStream }> {
    peer = await startBoshPeer();
    transport = await BoshTransport.connect({ url: peer.url, domain: 'localhost' }, 2000);
    const stream = new XmppStream(transport);
    stream.sendOpen(HEADER);
    const header = await take(stream, 'header');
    expect(header.kind === 'open' && header.header.attrs).to.deep.include({ from: 'localhost', id: peer.sid, version: '1.0' });
    const features = await take(stream, 'features');
    expect(features.kind === 'element' && features.el.name).to.equal('features');
    return { peer, stream };
  }

  it('creates the session, and the stream layer sees the header and features of the creation response', async () => {
    const { peer } = await opened();
    const creation = peer.received[0] as string;
    expect(attr(creation, 'to')).to.equal('localhost');
    expect(attr(creation, 'xml:lang')).to.equal('en');
    expect(attr(creation, 'hold')).to.equal('1');
    expect(attr(creation, 'ver')).to.equal('1.11');
    expect(attr(creation, 'xmpp:version')).to.equal('1.0');
    expect(creation).to.include("xmlns:xmpp='urn:xmpp:xbosh'");
    expect(rid(creation)).to.be.within(1, 2 ** 53 - 1);
    expect(attr(creation, 'sid')).to.equal(undefined);
  });

  it('keeps one empty request at the connection manager, which pushes through it', async () => {
    const { peer, stream } = await opened();
    await peer.waitFor((b) => b.length >= 2);
    const poll = peer.received[1] as string;
    expect(inner(poll)).to.equal('');
    expect(attr(poll, 'sid')).to.equal(peer.sid);
    expect(rid(poll)).to.equal(rid(peer.received[0] as string) + 1);
    peer.push("<message xmlns='jabber:client' from='bob@localhost' type='chat'><body>pushed</body></message>");
    const ev = await take(stream, 'pushed message');
    expect(ev.kind === 'element' && ev.el.attrs['from']).to.equal('bob@localhost');
    // the answered request is replaced: one is held again
    await peer.waitFor((b) => b.length >= 3);
    expect(inner(peer.received[2] as string)).to.equal('');
  });

  it('sends what the stream layer writes in reaction to an answer instead of a second, empty request', async () => {
    const { peer, stream } = await opened();
    stream.sendRaw("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>");
    await peer.waitFor((b) => b.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.received.length).to.equal(2);
    expect(inner(peer.received[1] as string)).to.match(/^<auth /);
  });

  it('carries stanzas in <body rid sid>, batched per turn, rids one up per request, and the answer back', async () => {
    const { peer, stream } = await opened();
    await peer.waitFor((b) => b.length >= 2);
    stream.send(el('iq', { type: 'get', id: 'p1' }, el('ping', { xmlns: 'urn:xmpp:ping' })));
    stream.send(el('presence'));
    await peer.waitFor((b) => b.some((x) => inner(x) !== '' && x !== b[0]));
    const data = peer.received.find((x, i) => i > 0 && inner(x) !== '') as string;
    expect(inner(data)).to.equal("<iq xmlns='jabber:client' type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq><presence xmlns='jabber:client'/>");
    expect(attr(data, 'sid')).to.equal(peer.sid);
    const rids = peer.received.map(rid);
    for (let i = 1; i < rids.length; i++) expect(rids[i]).to.equal((rids[0] as number) + i);
    peer.push("<iq xmlns='jabber:client' type='result' id='p1'/>");
    const ev = await take(stream, 'iq result');
    expect(ev.kind === 'element' && ev.el.attrs['id']).to.equal('p1');
  });

  it('restarts with xmpp:restart after SASL success; the new features belong to the new stream (XEP-0206 §5)', async () => {
    const { peer, stream } = await opened();
    stream.sendRaw("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>");
    await peer.waitFor((b) => b.some((x) => inner(x).startsWith('<auth')));
    // success and the new features in one answer: the features must wait for our new header
    peer.push("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
    const success = await take(stream, 'success');
    expect(success.kind === 'element' && success.el.name).to.equal('success');
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.pending()).to.deep.equal([]);
    stream.restart();
    stream.sendOpen(HEADER);
    const header = await take(stream, 'restarted header');
    expect(header.kind).to.equal('open');
    const features = await take(stream, 'new features');
    expect(features.kind === 'element' && features.el.children.some((c) => typeof c === 'object' && c.name === 'bind')).to.equal(true);
    const restart = (await peer.waitFor((b) => b.some((x) => attr(x, 'xmpp:restart') === 'true'))).find((x) => attr(x, 'xmpp:restart') === 'true') as string;
    expect(attr(restart, 'sid')).to.equal(peer.sid);
    expect(attr(restart, 'to')).to.equal('localhost');
    expect(restart).to.include("xmlns:xmpp='urn:xmpp:xbosh'");
    expect(inner(restart)).to.equal('');
  });

  it('terminates when the stream layer writes </stream:stream>, and the stream sees the close', async () => {
    const { peer, stream } = await opened();
    await peer.waitFor((b) => b.length >= 2);
    stream.send(el('presence', { type: 'unavailable' }));
    stream.sendRaw('</stream:stream>');
    const close = await take(stream, 'close');
    expect(close.kind).to.equal('close');
    const eof = await take(stream, 'eof');
    expect(eof.kind === 'eof' && eof.reason).to.equal('BOSH session terminated');
    const term = peer.received.find((x) => attr(x, 'type') === 'terminate') as string;
    expect(attr(term, 'sid')).to.equal(peer.sid);
    expect(inner(term)).to.equal("<presence xmlns='jabber:client' type='unavailable'/>");
    expect(transport?.closed).to.equal(true);
  });

  it("surfaces the connection manager's terminate, with the stream error it carries, as a close with the condition", async () => {
    const { peer, stream } = await opened();
    await peer.waitFor((b) => b.length >= 2);
    peer.terminate('remote-stream-error', "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
    const err = await take(stream, 'stream error');
    expect(err.kind === 'element' && err.el.name).to.equal('error');
    expect((await take(stream, 'close')).kind).to.equal('close');
    const eof = await take(stream, 'eof');
    expect(eof.kind === 'eof' && eof.reason).to.match(
      /^BOSH session terminated by the connection manager: remote-stream-error \(the XMPP server sent a stream error\)$/,
    );
  });

  it('gives up on a silent connection manager at session creation, in one line', async () => {
    peer = await startBoshPeer({ mode: 'silent' });
    const t0 = Date.now();
    const err = await BoshTransport.connect({ url: peer.url, domain: 'localhost' }, 500).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - t0).to.be.below(2000);
    expect(err).to.be.instanceOf(UnreachableError);
    expect((err as Error).message).to.equal(`cannot reach ${peer.url}: no answer to the session creation request within 500 ms`);
  });

  it('closes with a one-line reason when a request gets no answer within wait + margin', async () => {
    peer = await startBoshPeer({ mode: 'silent-after-creation', wait: 1 });
    transport = await BoshTransport.connect({ url: peer.url, domain: 'localhost', marginMs: 300 }, 2000);
    const stream = new XmppStream(transport);
    stream.sendOpen(HEADER);
    expect((await take(stream, 'header')).kind).to.equal('open');
    await take(stream, 'features');
    const eof = await stream.take(5000, 'eof', (e) => e.kind === 'eof');
    expect(eof.kind === 'eof' && eof.reason).to.match(/^BOSH: no answer to the request with rid \d+ within 1300 ms$/);
  });

  it('refuses a response body over 1 MiB, at creation and later', async () => {
    peer = await startBoshPeer({ oversizedAt: { request: 0, bytes: 1_100_000 } });
    const err = await BoshTransport.connect({ url: peer.url, domain: 'localhost' }, 2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(UnreachableError);
    expect((err as Error).message).to.match(/over the 1048576-byte cap$/);
    await peer.close();
    peer = await startBoshPeer({ oversizedAt: { request: 1, bytes: 1_100_000 } });
    transport = await BoshTransport.connect({ url: peer.url, domain: 'localhost' }, 2000);
    const stream = new XmppStream(transport);
    const eof = await stream.take(3000, 'eof', (e) => e.kind === 'eof');
    expect(eof.kind === 'eof' && eof.reason).to.match(/^BOSH: the answer to the request with rid \d+ is (\d+ bytes, )?over the 1048576-byte cap$/);
  });

  it('says HTTP 404 in one line', async () => {
    peer = await startBoshPeer({ mode: 'not-found' });
    const err = await BoshTransport.connect({ url: peer.url, domain: 'localhost' }, 2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(UnreachableError);
    expect((err as Error).message).to.equal(`cannot reach ${peer.url}: HTTP 404 not found (no BOSH connection manager at this path, or an unknown session)`);
  });

  it('says clearly when nothing listens', async () => {
    const err = await BoshTransport.connect({ url: 'http://127.0.0.1:9/http-bind', domain: 'localhost' }, 2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(UnreachableError);
    expect((err as Error).message).to.match(/^cannot reach http:\/\/127\.0\.0\.1:9\/http-bind: .*ECONNREFUSED/);
    expect((err as Error).message).to.not.include('\n');
  });

  it('has no STARTTLS (XEP-0206 §2)', async () => {
    await opened();
    const err = await (transport as BoshTransport).startTls().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(HarnessError);
    expect((err as HarnessError).code).to.equal('TLS');
  });
});
