// Negative controls for client cases: run one case through serve's runtime against the scripted
// client, faithful or with one flaw that breaks exactly the case's rule.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { faultyHalf } from './control-quick.js';
import { expectControlFailure, type FailurePoint } from './control-verdict.js';
import type { CaseResult } from '../../harness/runner/index.js';
import {
  ClientListener,
  isClientCase,
  makeServeCerts,
  resolveServeConfig,
  runClientCase,
  type ClientCaseDefinition,
  type ServeCerts,
  type ServeRuntime,
} from '../../harness/serve/index.js';
import { allCases } from '../../suites/index.js';
import { scriptedClient, type Flaw, type Quirk } from './clients/scripted-client.js';

/** A client that keeps the case's rule but behaves in some other way, and the status it must get. */
export interface ClientVariant {
  /** what the client does, in words ("offers no SCRAM") */
  readonly behaves: string;
  readonly quirks?: readonly Quirk[];
  /** a flaw that breaks some other rule, not this case's */
  readonly flaw?: Flaw;
  readonly expect: 'passed' | 'skipped';
}

export interface ClientControl extends FailurePoint {
  /**
   * the catalog requirement ids this client breaks, each one the case lists; the case fails on
   * it, so each (case, id) pair counts as proven (test/suites/proven.test.ts, vectors/proven.json)
   */
  readonly requirements: readonly string[];
  /** what the flawed client does, in words ("sends no 'to' in its stream header") */
  readonly breaks: string;
  readonly flaw: Flaw;
  /** more clients that break the rule in another way (or another of the case's requirements), each failing the case too */
  readonly also?: readonly (FailurePoint & { readonly flaw: Flaw })[];
  /** faithful clients that must not fail the case (a skip, or a pass, not a false failure) */
  readonly variants?: readonly ClientVariant[];
}

export type ClientControlTable = Readonly<Record<string, ClientControl>>;

function clientCaseById(id: string): ClientCaseDefinition {
  const def = allCases.find((c) => c.id === id);
  if (!def || !isClientCase(def)) throw new Error(`no client case '${id}' in suites/index.ts`);
  return def;
}

function explain(r: CaseResult): string {
  const tail = (r.transcript ?? [])
    .slice(-8)
    .map((e) => `${e.dir} ${e.data.slice(0, 160)}`)
    .join('\n');
  return `${r.status}: ${r.message ?? ''}\n${tail}`;
}

/** Two tests per case, sharing one listener and one set of certificates per table. */
export function describeClientControls(table: ClientControlTable, timeout = 1500): void {
  let dir = '';
  let listener: ClientListener | undefined;
  let certs: ServeCerts | undefined;
  const configAt = (ms: number) =>
    resolveServeConfig({
      listen: '127.0.0.1:0',
      domain: 'localhost',
      account: 'tester:xc-control-pw',
      timeout: String(ms),
      connectTimeout: '3000',
      seed: '1',
    });
  const config = configAt(timeout);

  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'xc-client-control-'));
    certs = await makeServeCerts(dir, config.domain);
    listener = await ClientListener.listen(config.host, 0);
  });
  after(async () => {
    await listener?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (id: string, flaw?: Flaw, quirks: readonly Quirk[] = [], ms = timeout): Promise<CaseResult> => {
    if (!listener || !certs) throw new Error('the control listener is not up');
    const rt: ServeRuntime = {
      config: ms === timeout ? config : configAt(ms),
      listener,
      certs,
      account: { jid: `${config.username}@${config.domain}`, username: config.username, password: config.password },
      launcher: scriptedClient(flaw, quirks),
    };
    return runClientCase(clientCaseById(id), rt);
  };

  for (const [id, control] of Object.entries(table)) {
    describe(id, () => {
      it(`${id} passes against a faithful client`, async () => {
        const r = await run(id);
        expect(r.status, explain(r)).to.equal('passed');
      });
      for (const peer of [control, ...(control.also ?? [])]) {
        it(`${id} fails against a client that ${peer.breaks}`, async () => {
          const r = await faultyHalf(id, peer.breaks, timeout, (ms) => run(id, peer.flaw, [], ms));
          expectControlFailure(id, peer, r, explain, timeout);
        });
      }
      for (const v of control.variants ?? []) {
        it(`${id} is ${v.expect} against a client that ${v.behaves}`, async () => {
          const r = await run(id, v.flaw, v.quirks);
          expect(r.status, explain(r)).to.equal(v.expect);
          if (v.expect === 'skipped') expect(r.message ?? '', 'a skip says why').to.not.equal('');
        });
      }
    });
  }
}
