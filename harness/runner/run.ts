// A whole run: reach the target, prepare accounts, learn its software (XEP-0092), run the
// planned cases through the reporters, and produce the report.
import type { LabZone } from '../dns/index.js';
import { randomBytes } from 'node:crypto';
import type { CaseDefinition } from '../cases/index.js';
import type { Account, ResolvedConfig } from '../config.js';
import { HarnessError, cutByInternalError, errorLine, oneLine, UnreachableError, UsageError } from '../errors.js';
import type { Reporter } from './reporter.js';
import { SaslFailure, Session, barrier, offersStarttls, registerAccount } from '../session/index.js';
import { child, text } from '../xml/index.js';
import { el } from '../xml/index.js';
import { NS_VERSION } from '../xml/index.js';
import { TOOL_VERSION } from '../version.js';
import { sleep } from '../util/index.js';
import { selectCases } from './plan.js';
import { runPool } from './pool.js';
import { laneNeedsOf, runLanes, type HeldSlots } from './lanes.js';
import { closeS2sListeners, runCaseOutcome } from './run-case.js';
import { s2sLaneCount } from '../s2s/index.js';
import { failedOrErrored, summarize, type CaseResult, type FlakyCase, type Report, type TargetInfo } from './result.js';
import { RunStopper, incompleteOf, notRunResult, type RunStop } from './stop.js';
import { applyBaseline, baselineEntry, loadBaseline } from './baseline.js';
import { assessLevels, levelsFor } from '../levels/index.js';

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
    // no header, a closed or reset connection, XML over the caps, a stream error: the target cannot be tested
    if (e instanceof HarnessError && e.code !== 'USAGE' && e.code !== 'UNREACHABLE' && e.code !== 'INTERNAL') {
      throw new UnreachableError(`${config.target.url} does not speak XMPP as expected: ${e.message}`);
    }
    throw e;
  } finally {
    await s.closeGracefully();
  }
}

/**
 * A wrong password is a configuration error (exit 2), not a hundred failed cases. Any other way the
 * login fails (no features, a reset, a stream error, XML over the harness's caps) means the target
 * cannot be tested: UnreachableError (exit 3), before any case.
 */
async function checkCredentials(config: ResolvedConfig, accounts: readonly Account[]): Promise<void> {
  // logins in parallel, but the error reported is the first account's that failed, in the order
  // given, whichever login ends first: the same target gives the same one-line reason every time
  const failures = await runPool(accounts, config.concurrency, (a) =>
    checkLogin(config, a).then(
      () => undefined,
      (e: unknown) => ({ e }),
    ),
  );
  const first = failures.find((f) => f !== undefined);
  if (first) throw first.e;
}

async function checkLogin(config: ResolvedConfig, a: Account): Promise<void> {
  const s = await Session.connect({ target: config.target, timeout: config.timeout, actor: 'credentials' });
  try {
    await s.login(a, { bind: false });
  } catch (e) {
    if (e instanceof SaslFailure) throw new UsageError(`account ${a.jid}: the server refused its credentials (<${e.condition}/>)`);
    if (e instanceof UnreachableError || e instanceof UsageError) throw e;
    throw new UnreachableError(`the preflight login as ${a.jid} failed: ${oneLine(e)}`);
  } finally {
    s.close();
    s.destroy();
  }
}

/** The pause before the second round trip of a health check. */
const HEALTH_RETRY_PAUSE_MS = 300;

/**
 * One round trip after a case timed out: a fresh connection logs in and pings (XEP-0199; an error
 * answer counts) or, without accounts, opens a stream and reads its features. Throws when the
 * target does not answer, each wait bounded by --timeout. A stream error is an answer: a target
 * that sends one is not silent (jabberd2 ends a login with <internal-server-error/> now and then
 * under connection churn), and its cases fail at once instead of waiting out their deadlines. The
 * stream is closed gracefully: an abrupt close is what brings on jabberd2's stray stream errors.
 */
async function roundTrip(config: ResolvedConfig, account: Account | undefined): Promise<void> {
  const s = await Session.connect({ target: config.target, timeout: config.timeout, actor: 'health' });
  try {
    if (!account) {
      await s.openWithFeatures();
    } else {
      await s.login(account, { resource: `xc-health-${randomBytes(3).toString('hex')}` });
      await barrier(s);
    }
    await s.closeGracefully().catch(() => undefined);
  } catch (e) {
    if (s.receivedStreamError === undefined) throw e;
  } finally {
    s.destroy();
  }
}

/** How many accounts a set holds: every case needs at most three (the lab's alice, bob and carol). */
export const ACCOUNT_SET_SIZE = 3;
/** --register makes at most this many sets (one per account lane). */
const MAX_REGISTERED_SETS = 8;

/**
 * The accounts as sets a case gets one of: with fewer than two full sets, one set of all of them;
 * else sets of three in the order given (a remainder joins no set). A case sees only its set.
 */
export function accountSets(accounts: readonly Account[]): Account[][] {
  const n = Math.floor(accounts.length / ACCOUNT_SET_SIZE);
  if (n < 2) return [[...accounts]];
  return Array.from({ length: n }, (_, i) => accounts.slice(i * ACCOUNT_SET_SIZE, (i + 1) * ACCOUNT_SET_SIZE));
}

/**
 * --register: one set of three new accounts per account lane the run can use (--concurrency, at
 * most 8 sets, fewer by the full sets --account gave; always at least one set).
 */
async function prepareAccounts(config: ResolvedConfig, reporter: Reporter): Promise<Account[]> {
  if (!config.register) return [...config.accounts];
  const tag = randomBytes(3).toString('hex');
  const given = Math.floor(config.accounts.length / ACCOUNT_SET_SIZE);
  const sets = Math.max(1, Math.min(config.concurrency, MAX_REGISTERED_SETS) - given);
  const names = Array.from({ length: sets }, (_, i) => ['alice', 'bob', 'carol'].map((n) => (i === 0 ? n : `${n}${i + 1}`))).flat();
  const made: (Account | undefined)[] = [];
  let failed = false;
  await runPool(names, config.concurrency, async (name, i) => {
    if (failed) return;
    try {
      made[i] = await registerAccount(config.target, `xc-${tag}-${name}`, randomBytes(9).toString('base64url'), config.timeout);
    } catch (e) {
      if (!failed) reporter.onDiagnostic?.(`--register: ${oneLine(e)}`);
      failed = true;
    }
  });
  // whole sets only, in order, up to the first registration that failed
  const ok: Account[] = [];
  for (const a of made) {
    if (!a) break;
    ok.push(a);
  }
  const whole = given > 0 || ok.length >= ACCOUNT_SET_SIZE ? ok.slice(0, ok.length - (ok.length % ACCOUNT_SET_SIZE)) : ok;
  return [...config.accounts, ...whole];
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

/**
 * The order cases are offered to the lanes. At --concurrency 1: the cases that change no shared
 * state, then the others, each in plan order. In parallel: the cases behind a lock first (the s2s
 * and component cases, one lane each: the longest chains), then, with several account sets, the
 * cases that own a set before those that read one; with one set the readers first (the owners must
 * wait for them anyway). Within each of those, the cases `known` names (the baseline's deviations)
 * start first: a deviation often shows as silence, which a case waits out to its step timeout, and
 * such a case started last would run alone at the end while every other lane is idle.
 */
export function scheduleOrder(
  plan: readonly CaseDefinition[],
  concurrency: number,
  sets: number,
  known: (id: string) => boolean = () => false,
): CaseDefinition[] {
  const rank = (d: CaseDefinition): number => {
    const n = laneNeedsOf(d);
    if (concurrency === 1) return d.needs?.serial ? 1 : 0;
    const group = n.locks.length > 0 ? 0 : n.accounts === 'own' ? (sets > 1 ? 1 : 2) : sets > 1 ? 2 : 1;
    return group * 2 + (known(d.id) ? 0 : 1);
  };
  // a stable sort keeps plan order within a rank
  return plan
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.d);
}

export interface RunControl {
  /** stops the run early (signals, --max-time); the runner also stops it when the target goes silent */
  readonly stopper?: RunStopper;
  /** the lab DNS zone the run serves (--lab-dns): the s2s cases point the harness's domain at their listeners */
  readonly labZone?: LabZone;
}

interface Setup {
  readonly accounts: Account[];
  readonly software: TargetInfo['software'];
}

async function setUp(config: ResolvedConfig, reporter: Reporter): Promise<Setup> {
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
  return { accounts, software };
}

/**
 * Runs the plan. Every way a run ends goes through the reporters: a preflight that fails still
 * gives a report with every case not run (and then throws, for the exit code); a stop (signal,
 * --max-time, a target gone silent) gives a report of the finished cases, the rest not run.
 */
export async function runSuite(cases: readonly CaseDefinition[], config: ResolvedConfig, reporter: Reporter, control: RunControl = {}): Promise<Report> {
  const startedAt = new Date();
  // Client-role cases play the server against a client; only `serve` runs them.
  const plan = selectCases(
    cases.filter((d) => d.role !== 'client'),
    config,
  );
  // A bad baseline file is exit 2 before any traffic.
  const baseline = config.baselineFile !== undefined ? loadBaseline(config.baselineFile) : undefined;
  const stopper = control.stopper ?? new RunStopper();
  const levels = levelsFor(config.levelSuites);
  const levelSuites = levels.map((l) => l.name);
  const bare: TargetInfo = { url: config.target.url, domain: config.target.domain };
  /** cases of the first round that finished before any stop */
  const runIds = new Set<string>();
  const reportOf = (target: TargetInfo, results: CaseResult[], flaky: FlakyCase[]): Report => {
    const stop = stopper.stop_;
    const notRun = stop ? results.filter((r) => !runIds.has(r.id)).length : 0;
    return {
      schema: 'xmpp-conformance/report@1',
      tool: { name: 'xmpp-conformance', version: TOOL_VERSION },
      target,
      seed: config.seed,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: { ...summarize(results), ...(stop ? { interrupted: true } : {}) },
      results,
      ...(config.shard ? { shard: config.shard } : {}),
      ...(config.repeat > 1 ? { repeat: { runs: config.repeat, flaky } } : {}),
      ...(config.baselineFile !== undefined ? { baseline: config.baselineFile } : {}),
      ...(stop ? { incomplete: incompleteOf(stop, notRun) } : {}),
      levels: assessLevels(levels, results),
    };
  };
  const notStarted = async (stop: RunStop): Promise<Report> => {
    stopper.stop(stop);
    await reporter.onBegin?.({ cases: plan, target: bare, seed: config.seed, startedAt: startedAt.toISOString(), levelSuites });
    const report = reportOf(
      bare,
      plan.map((d) => notRunResult(d, stop.reason)),
      [],
    );
    await reporter.onEnd?.(report);
    return report;
  };

  const setup = await Promise.race([
    setUp(config, reporter).then(
      (ok) => ({ ok }),
      (err: unknown) => ({ err }),
    ),
    stopper.stopped.then((stop) => ({ stop })),
  ]);
  if ('stop' in setup) return notStarted({ ...setup.stop, reason: `${setup.stop.reason}, before the first case` });
  if ('err' in setup) {
    // the reports say why; the error itself gives the exit code (2, 3, or 4 for an internal error)
    await notStarted({ stage: 'preflight', reason: `the run did not start: ${errorLine(setup.err)}` });
    throw setup.err;
  }
  const { accounts, software } = setup.ok;
  const target: TargetInfo = { ...bare, ...(software ? { software } : {}) };
  await reporter.onBegin?.({ cases: plan, target, seed: config.seed, startedAt: startedAt.toISOString(), levelSuites });

  // After a case timed out, one round trip tells a slow case from a target that stopped answering;
  // the latter stops the run instead of every remaining case waiting out its deadline.
  let checking: Promise<void> | undefined;
  const checkTarget = (after: string): Promise<void> =>
    (checking ??= roundTrip(config, accounts[0])
      // one more try after a pause: a server that drops one login under connection churn is not silent
      .catch(() => sleep(HEALTH_RETRY_PAUSE_MS).then(() => roundTrip(config, accounts[0])))
      .then(
        () => undefined,
        (e: unknown) => {
          stopper.stop({
            stage: 'target-silent',
            reason: `the target stopped answering: after ${after} timed out, two round trips (${accounts[0] ? 'log in and ping' : 'open a stream and read its features'}) failed, the last with: ${oneLine(e)}`,
          });
        },
      )
      .finally(() => (checking = undefined)));

  // With --repeat N every case runs N times; reporters see the first run, and any case whose
  // status differs between runs is listed as flaky.
  // Cases that change shared state (rosters, subscriptions; the s2s side; the component) run apart
  // from the cases that use the same state (lanes.ts); results keep the plan's order either way.
  const sets = accountSets(accounts);
  const order = scheduleOrder(plan, config.concurrency, sets.length, (id) => baselineEntry(baseline, id) !== undefined);
  // the s2s cases run in lanes of their own, each the harness as a remote server of its own domain
  const s2sLanes = s2sLaneCount(config.s2s, config.concurrency, control.labZone !== undefined);
  const runs: Map<string, CaseResult>[] = [];
  const rounds = (async (): Promise<void> => {
    for (let round = 0; round < config.repeat && !stopper.stop_; round++) {
      const first = round === 0;
      const byId = new Map<string, CaseResult>();
      runs.push(byId);
      const one = async (def: CaseDefinition, set: number, slots: HeldSlots): Promise<void> => {
        if (stopper.stop_) return;
        if (first) reporter.onCaseBegin?.(def);
        const attempt = (): ReturnType<typeof runCaseOutcome> =>
          runCaseOutcome(def, {
            config,
            accounts: sets[set] ?? [],
            suiteAccounts: accounts,
            signal: stopper.signal,
            ...(control.labZone ? { labZone: control.labZone } : {}),
            s2sLane: { lane: slots.get('s2s') ?? 0, lanes: s2sLanes },
          });
        let { result: raw, timedOut } = await attempt();
        // --retries: a failure the baseline does not expect runs again, in the same lane, before it counts
        const failures: string[] = [];
        const retries = baselineEntry(baseline, def.id) === undefined ? config.retries : 0;
        while (failedOrErrored(raw) && failures.length < retries && !stopper.stop_) {
          failures.push(raw.message ?? raw.status);
          if (timedOut) await checkTarget(def.id);
          if (stopper.stop_) return;
          ({ result: raw, timedOut } = await attempt());
        }
        if (failures.length > 0) raw = withRetries(raw, failures);
        // a case the stop cut short did not run
        if (stopper.stop_) return;
        const result = applyBaseline(raw, baseline);
        byId.set(def.id, result);
        if (first) {
          runIds.add(def.id);
          reporter.onCaseEnd?.(def, result);
        }
        if (timedOut) await checkTarget(def.id);
      };
      await runLanes(order, { concurrency: config.concurrency, sets: sets.length, needs: laneNeedsOf, slots: { s2s: s2sLanes } }, one);
    }
  })();
  // An exception of the runner's own (not a case's: those are results) cuts the run as a stop does:
  // the finished cases are kept, the rest not run, and the reports say an internal error ended it.
  const cut = rounds.catch((e: unknown) => {
    stopper.stop({ stage: 'internal', reason: cutByInternalError(e) });
  });
  // a stop does not wait for the cases in flight: their connections are closed, their results dropped
  await Promise.race([cut, stopper.stopped]);
  const stop = stopper.stop_;
  const firstRun = runs[0] ?? new Map<string, CaseResult>();
  const results: CaseResult[] = plan.map((d) => firstRun.get(d.id) ?? notRunResult(d, (stop as RunStop).reason));
  const flaky: FlakyCase[] = [];
  if (config.repeat > 1 && !stop) {
    for (const d of plan) {
      const statuses = runs.map((r) => r.get(d.id)?.status ?? 'errored');
      const messages = runs.map((r) => {
        const x = r.get(d.id);
        return x === undefined ? 'no result' : x.status === 'passed' ? null : (x.message ?? null);
      });
      if (new Set(statuses).size > 1) flaky.push({ id: d.id, statuses, messages });
    }
  }
  if (control.labZone) await closeS2sListeners(control.labZone);
  const report = reportOf(target, results, flaky);
  await reporter.onEnd?.(report);
  return report;
}

/** The last try's result, with the earlier tries' failures; a pass says it came on a retry. */
function withRetries(last: CaseResult, failures: readonly string[]): CaseResult {
  const tries = failures.length + 1;
  const retried = { tries, failures: failedOrErrored(last) ? [...failures, last.message ?? last.status] : [...failures] };
  if (last.status !== 'passed') return { ...last, retried };
  return { ...last, retried, message: `flaky: passed on try ${tries}; try 1 said: ${failures[0] ?? ''}` };
}
