// Negative controls for the server-to-server cases: the case runs with the harness as a remote
// server against the fake's s2s port, faithful or breaking one rule. One test CA per process: it
// issues the fake's own s2s certificate and is the CA the harness issues its certificates from.
import { expect } from 'chai';
import { faultyHalf } from './control-quick.js';
import { expectControlFailure, type FailurePoint } from './control-verdict.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseDefinition } from '../../harness/cases/index.js';
import { resolveConfig } from '../../harness/config.js';
import { createCa, issueCert, type CaFiles, type IssuedCert } from '../../harness/pki/index.js';
import { closeS2sListeners, runCase, type CaseResult } from '../../harness/runner/index.js';
import { caseById, fakeRunOptions } from './control.js';
import type { S2sBehaviour } from './fake-server/fake-s2s.js';
import type { S2sOutBehaviour } from './fake-server/fake-s2s-out.js';
import { LabZone } from '../../harness/dns/index.js';
import { FakeServer } from './fake-server/fake-server.js';

export interface S2sBrokenPeer extends FailurePoint {
  /** what the broken peer does, in words */
  readonly breaks: string;
  /** the catalog requirement ids the broken peer violates (each one its case lists) */
  readonly requirements: readonly string[];
  readonly behaviour: Partial<S2sBehaviour & S2sOutBehaviour>;
}

export interface S2sControl extends S2sBrokenPeer {
  /** further broken peers for the same case, each breaking another of its requirements */
  readonly also?: readonly S2sBrokenPeer[];
  /** the faithful peer's settings where the case needs a policy the default fake does not have */
  readonly faithful?: Partial<S2sBehaviour & S2sOutBehaviour>;
}

export type S2sControlTable = Readonly<Record<string, S2sControl>>;

interface TestPki {
  readonly ca: CaFiles;
  readonly caPem: string;
  readonly server: IssuedCert;
}

let pki: Promise<TestPki> | undefined;

/** The process's test CA and the fake's certificate for 'localhost' (made once). */
export function testS2sPki(): Promise<TestPki> {
  pki ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xc-test-s2s-pki-'));
    const ca = await createCa(dir, 'xmpp-conformance test CA');
    const server = await issueCert(ca, { stem: 'fake-localhost', name: 'localhost', ips: ['127.0.0.1'], usage: 'server-client' });
    const { readFileSync } = await import('node:fs');
    return { ca, caPem: readFileSync(ca.certFile, 'utf8'), server };
  })();
  return pki;
}

/** The step timeout the s2s controls run their cases with. */
export const S2S_CONTROL_TIMEOUT_MS = 1500;

/** Runs `def` against a fresh fake with an s2s port that behaves as `behaviour` says. */
export async function runS2sAgainstFake(
  def: CaseDefinition,
  behaviour: Partial<S2sBehaviour & S2sOutBehaviour> = {},
  timeout = S2S_CONTROL_TIMEOUT_MS,
): Promise<CaseResult> {
  const p = await testS2sPki();
  // the zone the harness's listener is named in; the fake reads it in-process (no DNS server needed)
  const zone = new LabZone();
  const server = await FakeServer.start({ s2s: { ca: p.caPem, cert: p.server.cert, key: p.server.key, behaviour, zone } });
  try {
    const c2s = fakeRunOptions(server, timeout);
    const config = resolveConfig({
      ...c2s,
      s2sTarget: server.s2sUrl,
      s2sDirectTlsTarget: server.s2sDirectUrl,
      s2sCa: p.ca.certFile,
      s2sCaKey: p.ca.keyFile,
      s2sAccount: c2s.account,
    });
    return await runCase(def, { config, accounts: config.accounts, labZone: zone });
  } finally {
    await server.stop();
    await closeS2sListeners(zone);
  }
}

/** A result's status and message with the last lines of its transcript, for an assertion's message. */
export function explain(r: CaseResult): string {
  const tail = (r.transcript ?? [])
    .slice(-8)
    .map((e) => `${e.dir} ${e.data.slice(0, 200)}`)
    .join('\n');
  return `${r.status}: ${r.message ?? ''}\n${tail}`;
}

/** Two tests per case: passes against the faithful s2s peer, fails against the one that breaks its rule. */
export function describeS2sControls(table: S2sControlTable): void {
  for (const [id, control] of Object.entries(table)) {
    describe(id, () => {
      it(`${id} passes against a faithful remote-server peer`, async () => {
        const r = await runS2sAgainstFake(caseById(id), control.faithful);
        expect(r.status, explain(r)).to.equal('passed');
      });
      for (const peer of [control, ...(control.also ?? [])]) {
        it(`${id} fails against a peer that ${peer.breaks}`, async () => {
          const r = await faultyHalf(id, peer.breaks, S2S_CONTROL_TIMEOUT_MS, (ms) => runS2sAgainstFake(caseById(id), peer.behaviour, ms));
          expectControlFailure(id, peer, r, explain, S2S_CONTROL_TIMEOUT_MS);
        });
      }
    });
  }
}
