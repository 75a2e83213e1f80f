// Negative controls: run one case against the fake server, faithful or with one rule broken.
import { expect } from 'chai';
import { faultyHalf } from './control-quick.js';
import { expectControlFailure, type FailurePoint } from './control-verdict.js';
import type { CaseDefinition } from '../../harness/cases/index.js';
import { resolveConfig, type RunOptions } from '../../harness/config.js';
import { runCase, type CaseResult } from '../../harness/runner/index.js';
import { allCases } from '../../suites/index.js';
import type { Behaviour } from './fake-server/behaviour.js';
import { FakeServer } from './fake-server/fake-server.js';

/** One broken peer: what it breaks, in words and as catalog requirement ids, and how. */
export interface BrokenPeer extends FailurePoint {
  /**
   * the catalog requirement ids this peer breaks, each one the case lists (empty when it breaks
   * none of them whole); the case fails on it, so each (case, id) pair counts as proven
   * (test/suites/proven.test.ts checks this against `list --json`; vectors/proven.json records it)
   */
  readonly requirements: readonly string[];
  /** what the broken peer does, in words ("answers version='1.0' to version='0.9'") */
  readonly breaks: string;
  readonly behaviour: Partial<Behaviour>;
}

export interface Control extends BrokenPeer {
  /** the faithful peer's setup when the case needs a non-default one (e.g. STARTTLS optional) */
  readonly faithful?: Partial<Behaviour>;
  /** the fake's XMPP domain when the case needs a particular one (default 'localhost') */
  readonly domain?: string;
  /** more broken peers for the same case (another way to break its rule, or another of its requirements), each failing it */
  readonly also?: readonly BrokenPeer[];
}

export type ControlTable = Readonly<Record<string, Control>>;

export function caseById(id: string): CaseDefinition {
  const def = allCases.find((c) => c.id === id);
  if (!def) throw new Error(`no case '${id}' in suites/index.ts`);
  return def;
}

/** The run options of a case against `server`: its c2s port, domain, accounts and certificate. */
export function fakeRunOptions(server: FakeServer, timeout: number): RunOptions & { account: string[] } {
  const accounts = Object.entries(server.accounts).map(([u, p]) => `${u}@${server.domain}:${p}`);
  return { target: server.url, domain: server.domain, account: accounts, ca: server.cert.certFile, timeout: String(timeout), seed: '1' };
}

/** The step timeout the controls run their cases with against the fake server. */
export const CONTROL_TIMEOUT_MS = 1200;

/** Runs `def` against a fresh fake server with `behaviour`. */
export async function runAgainstFake(
  def: CaseDefinition,
  behaviour: Partial<Behaviour> = {},
  timeout = CONTROL_TIMEOUT_MS,
  domain?: string,
): Promise<CaseResult> {
  const server = await FakeServer.start({ behaviour, ...(domain ? { domain } : {}) });
  try {
    const config = resolveConfig(fakeRunOptions(server, timeout));
    return await runCase(def, { config, accounts: config.accounts });
  } finally {
    await server.stop();
  }
}

function explain(r: CaseResult): string {
  const tail = (r.transcript ?? [])
    .slice(-6)
    .map((e) => `${e.dir} ${e.data.slice(0, 160)}`)
    .join('\n');
  return `${r.status}: ${r.message ?? ''}\n${tail}`;
}

/** Per case: it passes on the faithful peer, and fails on every peer that breaks its rule. */
export function describeControls(table: ControlTable): void {
  for (const [id, control] of Object.entries(table)) {
    describe(id, () => {
      it(`${id} passes against a faithful peer`, async () => {
        const r = await runAgainstFake(caseById(id), control.faithful ?? {}, undefined, control.domain);
        expect(r.status, explain(r)).to.equal('passed');
      });
      for (const peer of [control, ...(control.also ?? [])]) {
        it(`${id} fails against a peer that ${peer.breaks}`, async () => {
          const behaviour = { ...control.faithful, ...peer.behaviour };
          const r = await faultyHalf(id, peer.breaks, CONTROL_TIMEOUT_MS, (ms) => runAgainstFake(caseById(id), behaviour, ms, control.domain));
          expectControlFailure(id, peer, r, explain, CONTROL_TIMEOUT_MS);
        });
      }
    });
  }
}

/**
 * Part `part` (counted from 1) of `parts` nearly equal slices of a control table, for an area whose
 * controls take too long for one file of the parallel test pass: every `parts`-th entry, so the
 * slow controls (which sit together in a table, one feature's next to each other) spread over the
 * parts instead of filling one of them.
 */
export function controlsPart<T>(table: Readonly<Record<string, T>>, part: number, parts: number): Readonly<Record<string, T>> {
  return Object.fromEntries(Object.entries(table).filter((_, i) => i % parts === part - 1));
}

/**
 * One area's negative controls, under the titles 'negative controls <area> …' (so `--grep
 * '^negative controls stream '` picks one area). Each area has a test file of its own
 * (test/suites/<area>/controls.test.ts), so `mocha --parallel` can spread the areas over its jobs.
 */
export function describeAreaControls(area: string, body: () => void): void {
  describe('negative controls', function () {
    this.timeout(30_000);
    describe(area, body);
  });
}
