// The external component (XEP-0114) each lab server accepts: its port, domain and secret, and the
// `run` flags that point the component area at it.
import { componentPort, LOOPBACK } from './ports.js';
import { randomPassword, type Resolved } from './instance.js';
import type { LabComponent } from './types.js';

/** The component's domain: a subdomain of the server's main domain. */
export function componentDomain(serverDomain: string): string {
  return `component.${serverDomain}`;
}

/** A fresh component (port from the instance's base, a random secret) for a server's config. */
export function labComponent(r: Resolved, serverDomain: string): LabComponent & { readonly port: number } {
  const port = componentPort(r.portBase);
  return { port, target: `xmpp://${LOOPBACK}:${port}`, domain: componentDomain(serverDomain), secret: randomPassword() };
}

/** LabInfo.component and LabInfo.componentRunArgs. */
export function componentInfo(c: LabComponent): { component: LabComponent; componentRunArgs: string[] } {
  const component: LabComponent = { target: c.target, domain: c.domain, secret: c.secret };
  return { component, componentRunArgs: componentRunArgs(component) };
}

/** The `run` flags of the component area. */
export function componentRunArgs(c: LabComponent): string[] {
  return ['--component-target', c.target, '--component-domain', c.domain, '--component-secret', c.secret];
}
