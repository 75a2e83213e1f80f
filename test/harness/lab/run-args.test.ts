// The lab's runArgs: every `run` flag of the whole suite against an instance (harness/lab/instance.ts).
import { expect } from 'chai';
import { labRunArgs, type LabInfo } from '../../../harness/lab/index.js';
import { runOptionsFrom } from '../../../harness/cli/run.js';
import { resolveConfig } from '../../../harness/config.js';

const INFO = {
  server: 'prosody',
  version: '0.12.3',
  target: 'xmpp://127.0.0.1:15222',
  domain: 'localhost',
  accounts: ['alice@localhost:a', 'bob@localhost:b', 'carol@localhost:c'],
  ca: '/nonexistent/cert.pem',
  registration: true,
  s2sRunArgs: ['--s2s-target', 'xmpp://127.0.0.1:15269'],
  componentRunArgs: ['--component-target', 'xmpp://127.0.0.1:15247', '--component-domain', 'component.localhost', '--component-secret', 's'],
} as unknown as LabInfo;

describe('lab runArgs', () => {
  it('has the target, domain, CA, every account, --register where registration is on, then the s2s and component flags', () => {
    expect(labRunArgs(INFO)).to.deep.equal([
      '--target',
      'xmpp://127.0.0.1:15222',
      '--domain',
      'localhost',
      '--ca',
      '/nonexistent/cert.pem',
      '--account',
      'alice@localhost:a',
      '--account',
      'bob@localhost:b',
      '--account',
      'carol@localhost:c',
      '--register',
      '--s2s-target',
      'xmpp://127.0.0.1:15269',
      '--component-target',
      'xmpp://127.0.0.1:15247',
      '--component-domain',
      'component.localhost',
      '--component-secret',
      's',
    ]);
  });

  it('leaves --register out where the server takes no in-band registrations', () => {
    expect(labRunArgs({ ...INFO, registration: false, s2sRunArgs: undefined, componentRunArgs: undefined } as unknown as LabInfo)).to.not.include('--register');
  });

  it('runs jabberd2 at concurrency 2 (its stray stream errors under many parallel connections), the others at the default', () => {
    const j = labRunArgs({ ...INFO, server: 'jabberd2' } as unknown as LabInfo);
    expect(j.slice(-2)).to.deep.equal(['--concurrency', '2']);
    expect(j).to.include('--register');
    expect(labRunArgs(INFO)).to.not.include('--concurrency');
  });

  it("runs ejabberd at concurrency 2 on the lab's accounts alone, no --register (its PEP auto-create races between pep cases side by side)", () => {
    const e = labRunArgs({ ...INFO, server: 'ejabberd' } as unknown as LabInfo);
    expect(e.slice(-2)).to.deep.equal(['--concurrency', '2']);
    expect(e).to.not.include('--register');
    expect(e.filter((a) => a === '--account')).to.have.length(3);
  });

  it('parses as run flags', () => {
    const o = runOptionsFrom(labRunArgs({ ...INFO, s2sRunArgs: undefined, componentRunArgs: undefined } as unknown as LabInfo));
    expect(o.register).to.equal(true);
    expect(o.account).to.have.length(3);
    const { ca: _ca, ...rest } = o;
    const c = resolveConfig(rest);
    expect(c.concurrency).to.equal(8);
  });
});
