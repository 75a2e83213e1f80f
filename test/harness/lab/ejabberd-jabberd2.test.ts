import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  labDown,
  labPorts,
  labStatus,
  labUp,
  portFree,
  renderC2sXml,
  renderEjabberdYml,
  renderInetrc,
  renderSmXml,
  type LabInfo,
  type LabName,
} from '../../../harness/lab/index.js';
import { Session } from '../../../harness/session/index.js';
import { parseAccount, parseTarget } from '../../../harness/config.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../../support/ports.js';

describe('lab ejabberd and jabberd2 configs (no server)', () => {
  const ejParams = {
    dir: '/s',
    ports: labPorts(26222),
    distPort: 26224,
    combinedPem: '/s/certs/combined.pem',
    domains: ['localhost', 'ejabberd.test'],
    nodeName: 'ejabberd-lab26222@localhost',
  };

  it('ejabberd: STARTTLS and registration switches, loopback only, no s2s listener', () => {
    const req = renderEjabberdYml({ ...ejParams, starttls: 'required', registration: true });
    expect(req)
      .to.match(/starttls_required: true/)
      .and.match(/access: register$/m);
    const ips = [...req.matchAll(/ip: "([^"]+)"/g)].map((m) => m[1]);
    expect(ips)
      .to.have.length(4)
      .and.satisfy((a: string[]) => a.every((ip) => ip === '127.0.0.1'));
    expect(req).not.to.include('ejabberd_s2s_in');
    expect(req).to.include('port: 26222').and.include('port: 26223');
    const opt = renderEjabberdYml({ ...ejParams, starttls: 'optional', registration: false });
    expect(opt)
      .to.match(/starttls_required: false/)
      .and.match(/access: nobody$/m);
  });

  it('ejabberd: PEP (XEP-0163) through mod_pubsub with the pep plugin, nodes created by local users only', () => {
    const yml = renderEjabberdYml({ ...ejParams, starttls: 'required', registration: true });
    expect(yml).to.match(/^  mod_pubsub:\n    access_createnode: local\n    plugins:\n      - flat\n      - pep$/m);
  });

  it("ejabberd: Erlang's resolver never reads resolv.conf and asks only 127.0.0.1", () => {
    const rc = renderInetrc(['localhost', 'ejabberd.test']);
    expect(rc).to.include('{resolv_conf, ""}.').and.include('{nameserver, {127,0,0,1}, 9}.').and.include('{lookup,[file,dns]}.');
    expect(rc).not.to.match(/nameserver, \{(?!127,0,0,1)/);
  });

  it('jabberd2: require-starttls and register-enable per switch; pre-TLS SASL only when optional; no -PLUS', () => {
    const base = {
      dir: '/s',
      c2sPort: 36222,
      directTlsPort: 36223,
      routerPort: 36224,
      secret: 'abc',
      combinedPem: '/s/c.pem',
      domains: ['localhost'],
      moduleDir: '/usr/lib/x/jabberd2',
    };
    const req = renderC2sXml({ ...base, starttls: 'required', registration: true });
    expect(req).to.include("require-starttls='mu'").and.include("register-enable='mu'").and.include('<port>36222</port>');
    expect(req).to.match(/<mechanisms>\s*<traditional\/>\s*<sasl><\/sasl>/);
    expect(req).not.to.include('-plus');
    const opt = renderC2sXml({ ...base, starttls: 'optional', registration: false });
    expect(opt).not.to.include('require-starttls');
    expect(opt).to.include("password-change='mu'").and.include('<sasl><scram-sha-1/>');
    expect(renderSmXml({ ...base, starttls: 'required', registration: true }))
      .to.include('<port>36224</port>')
      .and.include('<auto-create/>');
  });

  it('escapes paths and secrets in the jabberd2 XML', () => {
    const c2s = renderC2sXml({
      dir: "/t/a&b'",
      c2sPort: 1,
      directTlsPort: 2,
      routerPort: 3,
      secret: '<s>',
      starttls: 'required',
      registration: true,
      combinedPem: '/p',
      domains: ['localhost'],
      moduleDir: '/m',
    });
    expect(c2s).to.include('/t/a&amp;b&apos;/run/c2s.pid').and.include('&lt;s&gt;');
  });
});

for (const [name, firstBase] of [
  ['ejabberd', TEST_PORT_BASES.labEjabberd],
  ['jabberd2', TEST_PORT_BASES.labJabberd2],
] as const) {
  describe(`lab ${name} @integration`, function () {
    this.timeout(120_000);
    let root: string;
    let info: LabInfo;
    let portBase: number = firstBase;

    before(async function () {
      if (!existsSync(name === 'ejabberd' ? '/usr/sbin/ejabberdctl' : '/usr/sbin/jabberd2-c2s')) this.skip();
      if (process.getuid?.() !== 0) this.skip();
      root = mkdtempSync(path.join(os.tmpdir(), `xc-lab-${name}-`));
      info = await labUp(name as LabName, { stateRoot: root, portBase, portFallbacks: TEST_PORT_FALLBACKS, log: () => undefined });
      portBase = info.ports.c2s;
    });

    after(async () => {
      if (root) {
        await labDown(name as LabName, { stateRoot: root, portBase });
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('answers with the lab object (docs/reference.md): target, domain, three accounts, CA, pid', async () => {
      expect(info.server).to.equal(name);
      expect(info.target).to.equal(`xmpp://127.0.0.1:${portBase}`);
      expect(info.domain).to.equal('localhost');
      expect(info.accounts).to.have.length(3);
      expect(readFileSync(info.ca, 'utf8')).to.include('BEGIN CERTIFICATE');
      expect((await labStatus(name as LabName, { stateRoot: root, portBase })).running).to.equal(true);
    });

    it('every account logs in over STARTTLS, trusting only the lab CA', async () => {
      const target = parseTarget(info.target, info.domain, { ca: readFileSync(info.ca, 'utf8') });
      for (const spec of info.accounts) {
        const s = await Session.connect({ target, timeout: 10_000 });
        try {
          const jid = await s.login(parseAccount(spec));
          expect(jid).to.match(/^(alice|bob|carol)@localhost\//);
        } finally {
          await s.closeGracefully();
        }
      }
    });

    it('up again returns the running instance; down stops it, frees the port and removes the dir', async () => {
      const again = await labUp(name as LabName, { stateRoot: root, portBase, log: () => undefined });
      expect(again.pid).to.equal(info.pid);
      const res = await labDown(name as LabName, { stateRoot: root, portBase });
      expect(res.removed).to.equal(true);
      expect(existsSync(info.dir)).to.equal(false);
      expect(await portFree(portBase)).to.equal(true);
    });
  });
}
