import { expect } from 'chai';
import { parseAccount, parseShard, parseTarget, resolveConfig } from '../../harness/config.js';
import { UsageError } from '../../harness/errors.js';

describe('config', () => {
  it('parses targets with default ports', () => {
    expect(parseTarget('xmpp://127.0.0.1', 'localhost')).to.include({ host: '127.0.0.1', port: 5222, domain: 'localhost', scheme: 'xmpp' });
    expect(parseTarget('xmpps://example.org')).to.include({ port: 5223, domain: 'example.org' });
    expect(parseTarget('xmpp://[::1]:15222', 'localhost')).to.include({ host: '::1', port: 15222 });
  });

  it('refuses bad targets with one-line usage errors', () => {
    expect(() => parseTarget('not a url')).to.throw(UsageError, /is not a URL/);
    expect(() => parseTarget('ftp://x')).to.throw(UsageError, /unsupported scheme/);
    expect(() => parseTarget('xmpp://127.0.0.1:5222')).to.throw(UsageError, /--domain/);
  });

  it('parses accounts whose passwords contain colons, and hides passwords in errors', () => {
    expect(parseAccount('alice@localhost:pa:ss')).to.deep.equal({ jid: 'alice@localhost', local: 'alice', domain: 'localhost', password: 'pa:ss' });
    expect(() => parseAccount('alice:secret')).to.throw(UsageError);
    try {
      parseAccount('@localhost:topsecret');
    } catch (e) {
      expect((e as Error).message).to.not.include('topsecret');
    }
  });

  it('validates shards and numbers', () => {
    expect(parseShard('2/4')).to.deep.equal({ index: 2, total: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1-2']) expect(() => parseShard(bad)).to.throw(UsageError);
    expect(() => resolveConfig({ target: 'xmpp://h', timeout: '-1' })).to.throw(UsageError, /--timeout/);
    expect(() => resolveConfig({ target: 'xmpp://h', area: 'nope' })).to.throw(UsageError, /--area/);
    expect(() => resolveConfig({ target: 'xmpp://h', level: 'maybe' })).to.throw(UsageError, /--level/);
    expect(() => resolveConfig({ target: 'xmpp://h', grep: '(' })).to.throw(UsageError, /--grep/);
    expect(() => resolveConfig({})).to.throw(UsageError, /--target/);
    expect(() => resolveConfig({ target: 'xmpp://h', ca: '/nonexistent/ca.pem' })).to.throw(UsageError, /--ca/);
  });

  it('is frozen and carries the seed', () => {
    const c = resolveConfig({ target: 'xmpp://h', seed: '42' });
    expect(c.seed).to.equal(42);
    expect(Object.isFrozen(c)).to.equal(true);
  });
});
