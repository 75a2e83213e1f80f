// The lab's external component (XEP-0114): the port, the run flags, and the Prosody and ejabberd
// configuration lines that accept it.
import { expect } from 'chai';
import { componentDomain, componentPort, componentRunArgs, labPorts, renderEjabberdYml, renderProsodyConfig } from '../../../harness/lab/index.js';

describe('lab external component', () => {
  const component = { port: componentPort(16622), domain: componentDomain('localhost'), secret: 'abc"def' };

  it('sits on base+25, a port no other lab port uses', () => {
    expect(component.port).to.equal(16647);
    expect(Object.values(labPorts(16622))).to.not.include(16647);
    expect(component.domain).to.equal('component.localhost');
  });

  it('componentRunArgs names target, domain and secret', () => {
    expect(componentRunArgs({ target: 'xmpp://127.0.0.1:1', domain: 'c.localhost', secret: 's' })).to.deep.equal([
      '--component-target',
      'xmpp://127.0.0.1:1',
      '--component-domain',
      'c.localhost',
      '--component-secret',
      's',
    ]);
  });

  it('Prosody: component_ports on loopback and a Component with its secret (quoted)', () => {
    const cfg = renderProsodyConfig({
      dir: '/s',
      ports: labPorts(16622),
      cert: '/s/c.pem',
      key: '/s/k.pem',
      domains: ['localhost'],
      runAsRoot: false,
      starttls: 'required',
      registration: true,
      component,
    });
    expect(cfg).to.include('component_ports = { 16647 }');
    expect(cfg).to.include('component_interfaces = { "127.0.0.1" }');
    expect(cfg).to.include('Component "component.localhost"\n\tcomponent_secret = "abc\\"def"');
  });

  it('Prosody: no component lines without one', () => {
    const cfg = renderProsodyConfig({
      dir: '/s',
      ports: labPorts(16622),
      cert: '/s/c.pem',
      key: '/s/k.pem',
      domains: ['localhost'],
      runAsRoot: false,
      starttls: 'required',
      registration: true,
    });
    expect(cfg).to.not.include('component_');
  });

  it('ejabberd: an ejabberd_service listener on loopback with the domain and its password', () => {
    const yml = renderEjabberdYml({
      dir: '/s',
      ports: labPorts(16622),
      distPort: 16624,
      starttls: 'required',
      registration: true,
      combinedPem: '/s/c.pem',
      domains: ['localhost'],
      nodeName: 'n@localhost',
      component,
    });
    expect(yml).to.include(
      '    port: 16647\n    ip: "127.0.0.1"\n    module: ejabberd_service\n    hosts:\n      "component.localhost":\n        password: "abc\\"def"',
    );
  });
});
