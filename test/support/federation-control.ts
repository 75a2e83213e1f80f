// Negative controls for the federation cases (suites/federation): a case runs against a fake
// federation, one fake server serving two domains whose accounts talk across them
// (fake-server/fake-federation.ts), faithful or breaking one rule. Side a is the fake's first
// domain, side b its second, each with the fake's accounts, logged in through the fake's c2s port.
import { expect } from 'chai';
import { faultyHalf } from './control-quick.js';
import { expectControlFailure, type FailurePoint } from './control-verdict.js';
import { parseAccount, parseTarget } from '../../harness/config.js';
import { runFederationCase, type FederationCase, type FederationEndpoint } from '../../harness/federation/index.js';
import type { CaseResult } from '../../harness/runner/index.js';
import { federationCases } from '../../suites/federation/index.js';
import type { Behaviour } from './fake-server/behaviour.js';
import { FAITHFUL_FEDERATION, type FederationBehaviour } from './fake-server/fake-federation.js';
import { FakeServer } from './fake-server/fake-server.js';
import { explain } from './s2s-control.js';

/** The fake federation's two domains: side a's and side b's. */
export const FAKE_FEDERATION_DOMAINS = ['a.fed.test', 'b.fed.test'] as const;

/** A peer's knobs: the router's (Behaviour) and the link's between the domains (FederationBehaviour). */
export type FederationKnobs = Partial<Behaviour> & Partial<FederationBehaviour>;

export interface FederationBrokenPeer extends FailurePoint {
  /** what the broken peer does, in words */
  readonly breaks: string;
  /** the catalog requirement ids it violates, each one its case lists */
  readonly requirements: readonly string[];
  readonly behaviour: FederationKnobs;
}

export interface FederationControl extends FederationBrokenPeer {
  /** more broken peers for the same case (its other requirements), each failing it */
  readonly also?: readonly FederationBrokenPeer[];
}

export type FederationControlTable = Readonly<Record<string, FederationControl>>;

export function federationCaseById(id: string): FederationCase {
  const def = federationCases.find((c) => c.id === id);
  if (!def) throw new Error(`no federation case '${id}' in suites/federation/index.ts`);
  return def;
}

const FED_KEYS = new Set(Object.keys(FAITHFUL_FEDERATION));

/** The knobs split into the router's and the link's. */
function split(knobs: FederationKnobs): { router: Partial<Behaviour>; link: Partial<FederationBehaviour> } {
  const router: Record<string, unknown> = {};
  const link: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(knobs)) (FED_KEYS.has(k) ? link : router)[k] = v;
  return { router: router as Partial<Behaviour>, link: link as Partial<FederationBehaviour> };
}

/** One of the fake's domains as the federation runner sees a lab server. */
function endpoint(server: FakeServer, domain: string, name: string): FederationEndpoint {
  return {
    server: name,
    version: 'fake',
    domain,
    c2s: parseTarget(server.url, domain, { ca: server.cert.cert, insecure: false }),
    accounts: Object.entries(server.accounts).map(([u, p]) => parseAccount(`${u}@${domain}:${p}`)),
  };
}

/** The step timeout the federation controls run their cases with. */
export const FEDERATION_CONTROL_TIMEOUT_MS = 1500;

/** Runs `def` with side a on the fake's first domain and side b on its second (or the other way round). */
export async function runFederationAgainstFake(
  def: FederationCase,
  knobs: FederationKnobs = {},
  opts: { readonly reverse?: boolean; readonly timeout?: number } = {},
): Promise<CaseResult> {
  const fed = await startFakeFederation(knobs);
  try {
    const [from, to] = opts.reverse ? [fed.b, fed.a] : [fed.a, fed.b];
    return await runFederationCase(def, from, to, { timeout: opts.timeout ?? FEDERATION_CONTROL_TIMEOUT_MS });
  } finally {
    await fed.stop();
  }
}

/** The fake federation's two domains as endpoints; `stop` ends it. */
export async function startFakeFederation(knobs: FederationKnobs = {}): Promise<{ a: FederationEndpoint; b: FederationEndpoint; stop: () => Promise<void> }> {
  const [da, db] = FAKE_FEDERATION_DOMAINS;
  const { router, link } = split(knobs);
  const server = await FakeServer.start({ domain: da, behaviour: router, federation: { domains: [db], behaviour: link } });
  return { a: endpoint(server, da, 'fake-a'), b: endpoint(server, db, 'fake-b'), stop: () => server.stop() };
}

/** Per case: it passes against the faithful fake federation (both ways), and fails on every broken peer. */
export function describeFederationControls(table: FederationControlTable): void {
  for (const [id, control] of Object.entries(table)) {
    describe(id, () => {
      it(`${id} passes against a faithful fake federation, both directions`, async () => {
        for (const reverse of [false, true]) {
          const r = await runFederationAgainstFake(federationCaseById(id), {}, { reverse });
          expect(r.status, `${reverse ? 'b->a' : 'a->b'}: ${explain(r)}`).to.equal('passed');
        }
      });
      for (const peer of [control, ...(control.also ?? [])]) {
        it(`${id} fails against a peer that ${peer.breaks} (${peer.requirements.join(', ')})`, async () => {
          const r = await faultyHalf(id, peer.breaks, FEDERATION_CONTROL_TIMEOUT_MS, (timeout) =>
            runFederationAgainstFake(federationCaseById(id), peer.behaviour, { timeout }),
          );
          expectControlFailure(id, peer, r, explain, FEDERATION_CONTROL_TIMEOUT_MS);
        });
      }
    });
  }
}
