// The --component-* run flags: what they resolve to, the one-line usage errors, and the skip
// without them.
import { expect } from 'chai';
import { resolveConfig, type RunOptions } from '../../harness/config.js';
import { UsageError } from '../../harness/errors.js';
import { runCase } from '../../harness/runner/index.js';
import { allCases } from '../../suites/index.js';

describe('run --component-* flags', () => {
  const base = (o: Partial<RunOptions> = {}): RunOptions => ({
    target: 'xmpp://127.0.0.1:15222',
    domain: 'localhost',
    componentTarget: 'xmpp://127.0.0.1:15247',
    componentDomain: 'Component.Localhost',
    componentSecret: 's3cret',
    ...o,
  });

  it('resolves host, port, the lowercased domain and the secret', () => {
    expect(resolveConfig(base()).component).to.deep.equal({ host: '127.0.0.1', port: 15247, domain: 'component.localhost', secret: 's3cret' });
  });

  it('is absent without the flags', () => {
    expect(resolveConfig({ target: 'xmpp://127.0.0.1:15222', domain: 'localhost' }).component).to.equal(undefined);
  });

  it('wants all three flags together', () => {
    const { componentSecret: _, ...noSecret } = base();
    expect(() => resolveConfig(noSecret)).to.throw(UsageError, /go together/);
  });

  it('refuses a URL that is not xmpp://HOST:PORT', () => {
    expect(() => resolveConfig(base({ componentTarget: 'xmpps://127.0.0.1:1' }))).to.throw(UsageError, /must be xmpp:\/\/HOST:PORT/);
    expect(() => resolveConfig(base({ componentTarget: 'xmpp://127.0.0.1' }))).to.throw(UsageError, /must be xmpp:\/\/HOST:PORT/);
  });

  it('refuses a target off loopback without --i-own-this-target', () => {
    expect(() => resolveConfig(base({ componentTarget: 'xmpp://192.0.2.1:5347' }))).to.throw(UsageError, /not a loopback address/);
    expect(resolveConfig(base({ componentTarget: 'xmpp://192.0.2.1:5347', iOwnThisTarget: true })).component?.host).to.equal('192.0.2.1');
  });

  it('refuses a domain that is not a domain name and an empty secret', () => {
    expect(() => resolveConfig(base({ componentDomain: 'a b' }))).to.throw(UsageError, /not a domain name/);
    expect(() => resolveConfig(base({ componentSecret: '' }))).to.throw(UsageError, /empty/);
  });

  it('without them, a component case is skipped and says which flags it needs', async () => {
    const def = allCases.find((c) => c.area === 'component');
    if (!def) throw new Error('no component case');
    const config = resolveConfig({ target: 'xmpp://127.0.0.1:1', domain: 'localhost', account: ['a@localhost:p'] });
    const r = await runCase(def, { config, accounts: config.accounts });
    expect(r.status).to.equal('skipped');
    expect(r.message).to.match(/--component-target/);
  });
});
