// Negative controls for the external component cases: the case runs with the harness as the
// component on the fake's component port (and the fake's c2s accounts), faithful or breaking one rule.
import { expect } from 'chai';
import { expectControlFailure, type FailurePoint } from './control-verdict.js';
import type { CaseDefinition } from '../../harness/cases/index.js';
import { resolveConfig } from '../../harness/config.js';
import { runCase, type CaseResult } from '../../harness/runner/index.js';
import { caseById, fakeRunOptions } from './control.js';
import type { ComponentBehaviour } from './fake-server/fake-component.js';
import { FakeServer } from './fake-server/fake-server.js';
import { explain } from './s2s-control.js';

export interface BrokenComponentServer extends FailurePoint {
  /** what the broken server does, in words */
  readonly breaks: string;
  /** the catalog requirement ids the broken server violates (each one its case lists) */
  readonly requirements: readonly string[];
  readonly behaviour: Partial<ComponentBehaviour>;
}

export interface ComponentControl extends BrokenComponentServer {
  /** more broken servers for the same case (another of its requirements), each failing it */
  readonly also?: readonly BrokenComponentServer[];
}

export type ComponentControlTable = Readonly<Record<string, ComponentControl>>;

const DOMAIN = 'component.localhost';
const SECRET = 'fake-component-secret';

/** Runs `def` against a fresh fake with a component port that behaves as `behaviour` says. */
export async function runComponentAgainstFake(def: CaseDefinition, behaviour: Partial<ComponentBehaviour> = {}, timeout = 1500): Promise<CaseResult> {
  const server = await FakeServer.start({ component: { domain: DOMAIN, secret: SECRET, behaviour } });
  try {
    const config = resolveConfig({
      ...fakeRunOptions(server, timeout),
      componentTarget: server.componentUrl,
      componentDomain: DOMAIN,
      componentSecret: SECRET,
    });
    return await runCase(def, { config, accounts: config.accounts });
  } finally {
    await server.stop();
  }
}

/** Two tests per case: passes against the faithful server, fails against the one that breaks its rule. */
export function describeComponentControls(table: ComponentControlTable): void {
  for (const [id, control] of Object.entries(table)) {
    describe(id, () => {
      it(`${id} passes against a faithful server`, async () => {
        const r = await runComponentAgainstFake(caseById(id));
        expect(r.status, explain(r)).to.equal('passed');
      });
      for (const broken of [control, ...(control.also ?? [])]) {
        it(`${id} fails against a server that ${broken.breaks}`, async () => {
          const r = await runComponentAgainstFake(caseById(id), broken.behaviour);
          expectControlFailure(id, broken, r, explain);
        });
      }
    });
  }
}
