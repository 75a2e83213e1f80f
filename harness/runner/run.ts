// A whole run: reach the target, prepare accounts, learn its software (XEP-0092), run the
// planned cases through the reporters, and produce the report.
import { randomBytes } from 'node:crypto';
import type { CaseDefinition } from '../cases/index.js';
import type { Account, ResolvedConfig } from '../config.js';
import { HarnessError, oneLine, UnreachableError, UsageError } from '../errors.js';
import type { Reporter } from '../report/index.js';
import { SaslFailure, Session, offersStarttls, registerAccount } from '../session/index.js';
import { child, text } from '../xml/index.js';
import { el } from '../xml/index.js';
import { NS_VERSION } from '../xml/index.js';
import { TOOL_VERSION } from '../version.js';
import { selectCases } from './plan.js';
import { runPool } from './pool.js';
import { runCase } from './run-case.js';
import { summarize, type CaseResult, type FlakyCase, type Report, type TargetInfo } from './result.js';
import { applyBaseline, loadBaseline } from './baseline.js';

export interface RunOutcome {
  readonly report: Report;
}

/**
 * Fails fast, before any case: UnreachableError when nothing answers or TLS can never be
 * established (exit code 3); the reason says what to change (--ca, --tls-insecure, --domain).
 */
export async function preflight(config: ResolvedConfig): Promise<void> {
  const s = await Session.connect({ target: config.target, timeout: Math.min(config.timeout, 5000), actor: 'preflight' });
  try {
    if (s.secure) return;
    await s.open();
    // A header proves the target speaks XMPP; a peer that goes quiet afterwards fails cases, not the run.
    const features = await s.readFeatures().catch(() => undefined);
    if (features && s.canStarttls && offersStarttls(features)) await s.starttls();
  } catch (e) {
    if (e instanceof HarnessError && e.code === 'TLS') {
      const hint = /self.signed|unable to verify|certificate/i.test(e.message) ? '; pass --ca FILE or --tls-insecure' : '';
      throw new UnreachableError(`TLS with ${config.target.host}:${config.target.port} could not be established: ${e.message}${hint}`);
    }
    if (e instanceof HarnessError && (e.code === 'TIMEOUT' || e.code === 'CLOSED' || e.code === 'EXPECTATION')) {
      throw new UnreachableError(`${config.target.url} does not speak XMPP as expected: ${e.message}`);
    }
    throw e;
  } finally {
    await s.closeGracefully();
  }
}

/** A wrong password is a configuration error (exit 2), not a hundred failed cases. */
async function checkCredentials(config: ResolvedConfig, accounts: readonly Account[]): Promise<void> {
  for (const a of accounts) {
    const s = await Session.connect({ target: config.target, timeout: config.timeout, actor: 'credentials' });
    try {
      await s.login(a, { bind: false });
    } catch (e) {
      if (e instanceof SaslFailure) throw new UsageError(`account ${a.jid}: the server refused its credentials (<${e.condition}/>)`);
      throw e;
    } finally {
      s.close();
      s.destroy();
    }
  }
}

async function prepareAccounts(config: ResolvedConfig, reporter: Reporter): Promise<Account[]> {
  if (!config.register) return [...config.accounts];
  const tag = randomBytes(3).toString('hex');
  const made: Account[] = [];
  for (const name of ['alice', 'bob', 'carol']) {
    try {
      made.push(await registerAccount(config.target, `xc-${tag}-${name}`, randomBytes(9).toString('base64url'), config.timeout));
    } catch (e) {
      reporter.onDiagnostic?.(`--register: ${oneLine(e)}`);
      break;
    }
  }
  return [...config.accounts, ...made];
}

/** XEP-0092: ask the server for its name and version, for the report. */
async function probeSoftware(config: ResolvedConfig, account: Account | undefined): Promise<TargetInfo['software']> {
  if (!account) return undefined;
  const s = await Session.connect({ target: config.target, timeout: config.timeout, actor: 'probe' });
  try {
    await s.login(account, { resource: `xc-probe-${randomBytes(3).toString('hex')}` });
    const res = await s.iq(el('iq', { type: 'get', to: config.target.domain }, el('query', { xmlns: NS_VERSION })));
    const q = child(res, 'query', NS_VERSION);
    if (res.attrs['type'] !== 'result' || !q) return undefined;
    const name = child(q, 'name', NS_VERSION);
    const version = child(q, 'version', NS_VERSION);
    const os = child(q, 'os', NS_VERSION);
    if (!name) return undefined;
    return { name: text(name).trim(), version: version ? text(version).trim() : '', ...(os ? { os: text(os).trim() } : {}) };
  } finally {
    await s.closeGracefully();
  }
}

export async function runSuite(cases: readonly CaseDefinition[], config: ResolvedConfig, reporter: Reporter): Promise<Report> {
  const startedAt = new Date();
  // Client-role cases play the server against a client; only `serve` runs them.
  const plan = selectCases(cases.filter((d) => d.role !== 'client'), config);
  // A bad baseline file is exit 2 before any traffic.
  const baseline = config.baselineFile !== undefined ? loadBaseline(config.baselineFile) : undefined;
  await preflight(config);
  const accounts = await prepareAccounts(config, reporter);
  await checkCredentials(config, config.accounts);
  let software: TargetInfo['software'];
  try {
    software = await probeSoftware(config, accounts[0]);
  } catch (e) {
    if (e instanceof UnreachableError) throw e;
    reporter.onDiagnostic?.(`could not learn the server software (XEP-0092): ${oneLine(e)}`);
  }
  const target: TargetInfo = { url: config.target.url, domain: config.target.domain, ...(software ? { software } : {}) };
  await reporter.onBegin?.({ cases: plan, target, seed: config.seed, startedAt: startedAt.toISOString() });
  // With --repeat N every case runs N times; reporters see the first run, and any case whose
  // status differs between runs is listed as flaky.
  // Cases that change shared account state (rosters, subscriptions) run one at a time, after the
  // others; results keep the plan's order either way.
  const parallel = plan.filter((d) => !d.needs?.serial);
  const serial = plan.filter((d) => d.needs?.serial);
  const runs: Map<string, CaseResult>[] = [];
  for (let round = 0; round < config.repeat; round++) {
    const first = round === 0;
    const one = async (def: CaseDefinition): Promise<CaseResult> => {
      if (first) reporter.onCaseBegin?.(def);
      const result = applyBaseline(await runCase(def, { config, accounts }), baseline);
      if (first) reporter.onCaseEnd?.(def, result);
      return result;
    };
    const byId = new Map<string, CaseResult>();
    for (const r of await runPool(parallel, config.concurrency, one)) byId.set(r.id, r);
    for (const r of await runPool(serial, 1, one)) byId.set(r.id, r);
    runs.push(byId);
  }
  const results: CaseResult[] = plan.map((d) => runs[0]?.get(d.id) as CaseResult);
  const flaky: FlakyCase[] = [];
  if (config.repeat > 1) {
    for (const d of plan) {
      const statuses = runs.map((r) => r.get(d.id)?.status ?? 'errored');
      if (new Set(statuses).size > 1) flaky.push({ id: d.id, statuses });
    }
  }
  const report: Report = {
    schema: 'xmpp-conformance/report@1',
    tool: { name: 'xmpp-conformance', version: TOOL_VERSION },
    target,
    seed: config.seed,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    summary: summarize(results),
    results,
    ...(config.shard ? { shard: config.shard } : {}),
    ...(config.repeat > 1 ? { repeat: { runs: config.repeat, flaky } } : {}),
    ...(config.baselineFile !== undefined ? { baseline: config.baselineFile } : {}),
  };
  await reporter.onEnd?.(report);
  return report;
}
