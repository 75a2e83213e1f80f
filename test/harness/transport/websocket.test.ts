// The WebSocket binding (RFC 7395): framing translation, and the transport against a scripted peer.
import { expect } from 'chai';
import { UnreachableError } from '../../../harness/errors.js';
import { XmppStream } from '../../../harness/stream/index.js';
import { NS_FRAMING, WebSocketTransport, fromFrame, toFrame } from '../../../harness/transport/index.js';
import { el } from '../../../harness/xml/index.js';
import { startWsPeer, type WsPeer } from '../../support/ws-peer.js';

describe('transport/ws-framing: RFC 7395 framing at the transport boundary', () => {
  it('turns our stream header into <open/> in the framing namespace, keeping its attributes (§3.3.1)', () => {
    const f = toFrame(
      "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0' xml:lang='en'>",
    );
    expect(f).to.equal(`<open xmlns='${NS_FRAMING}' to='localhost' version='1.0' xml:lang='en'/>`);
  });

  it('turns the stream footer into <close/> (§3.6)', () => {
    expect(toFrame('</stream:stream>')).to.equal(`<close xmlns='${NS_FRAMING}'/>`);
  });

  it('gives a stanza without a default namespace the content namespace, and leaves declared ones alone (§3.3.3)', () => {
    expect(toFrame("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>")).to.equal(
      "<iq xmlns='jabber:client' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>",
    );
    expect(toFrame('<presence/>')).to.equal("<presence xmlns='jabber:client'/>");
    expect(toFrame("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>")).to.equal(
      "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>",
    );
  });

  it('sends deliberately broken input unchanged', () => {
    expect(toFrame('not xml <<')).to.equal('not xml <<');
    expect(toFrame(' ')).to.equal(' ');
  });

  it("turns the server's <open/> into a stream header and <close/> into the footer", () => {
    const open = fromFrame(`<open xmlns="${NS_FRAMING}" from="localhost" id="abc" version="1.0" xml:lang="en"/>`);
    expect(open.kind).to.equal('open');
    expect(open.text).to.equal(
      `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from="localhost" id="abc" version="1.0" xml:lang="en">`,
    );
    const close = fromFrame(`<close xmlns='${NS_FRAMING}' see-other-uri='wss://other.example/ws'/>`);
    expect(close).to.deep.equal({ kind: 'close', text: '</stream:stream>', seeOtherUri: 'wss://other.example/ws' });
  });

  it('treats an <open/> outside the framing namespace as an ordinary element (§3.3.2)', () => {
    expect(fromFrame("<open xmlns='jabber:client'/>").kind).to.equal('element');
    expect(fromFrame('<open/>').kind).to.equal('element');
  });
});

describe('transport/websocket: the transport against a scripted peer', function () {
  this.timeout(10_000);
  let peer: WsPeer | undefined;
  afterEach(async () => {
    await peer?.close();
    peer = undefined;
  });

  it('speaks framed XMPP: the stream layer sees an ordinary stream, the peer sees RFC 7395 messages', async () => {
    peer = await startWsPeer();
    const transport = await WebSocketTransport.connect({ url: peer.url }, 2000);
    const stream = new XmppStream(transport);
    stream.sendOpen({ to: 'localhost', version: '1.0' });
    await peer.waitFor(1);
    expect(peer.received[0]).to.equal(`<open xmlns='${NS_FRAMING}' to='localhost' version='1.0'/>`);
    peer.send(`<open xmlns='${NS_FRAMING}' from='localhost' id='s1' version='1.0'/>`);
    peer.send(
      "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
    );
    const header = await stream.take(2000, 'header');
    expect(header.kind).to.equal('open');
    const features = await stream.take(2000, 'features');
    expect(features.kind === 'element' && features.el.name).to.equal('features');
    stream.send(el('presence'));
    await peer.waitFor(2);
    expect(peer.received[1]).to.equal("<presence xmlns='jabber:client'/>");
    peer.send(`<close xmlns='${NS_FRAMING}'/>`);
    const close = await stream.take(2000, 'close');
    expect(close.kind).to.equal('close');
    transport.destroy();
  });

  it("refuses a server that does not select the 'xmpp' subprotocol (RFC 7395 §3.1)", async () => {
    peer = await startWsPeer({ protocol: null });
    const err = await WebSocketTransport.connect({ url: peer.url }, 2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(UnreachableError);
    expect((err as Error).message).to.match(/handshake failed .*subprotocol 'xmpp', RFC 7395 §3\.1/);
  });

  it('says clearly when nothing listens', async () => {
    const err = await WebSocketTransport.connect({ url: 'ws://127.0.0.1:9/xmpp-websocket' }, 2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(UnreachableError);
    expect((err as Error).message).to.match(/^cannot reach ws:\/\/127\.0\.0\.1:9\/xmpp-websocket: /);
    expect((err as Error).message).to.not.include('\n');
  });
});
