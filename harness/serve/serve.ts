// A whole client run: listen, make the certificates, run the selected client cases (one at a time,
// or with --concurrency over lanes of their own) through the reporters, and produce the same
// report as `run` (area 'client', role 'client'). A stop (SIGINT/SIGTERM) cuts the cases in flight
// short (their clients stopped, their connections closed) and ends the run with the report of the
// finished cases, the rest not run, as `run` does.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reporter } from '../report/index.js';
import {
  RunStopper,
  applyBaseline,
  incompleteOf,
  loadBaseline,
  notRunResult,
  selectCases,
  summarize,
  type CaseResult,
  type Report,
  type TargetInfo,
} from '../runner/index.js';
import { cutByInternalError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { makeServeCerts } from './certs.js';
import type { ResolvedServeConfig } from './config.js';
import type { ClientCaseDefinition } from './define.js';
import type { ClientLauncher } from './launcher.js';
import { ClientListener } from '../transport/index.js';
import { runClientCase, type ServeRuntime } from './run-client-case.js';
import { SentLog } from './sent-log.js';

const isPassive = (c: { tags: readonly string[] }): boolean => c.tags.includes('passive');

/** Passive cases judge what the client sent in the cases before them, so they run last. */
export function passiveLast<T extends { tags: readonly string[] }>(plan: readonly T[]): T[] {
  return [...plan.filter((c) => !isPassive(c)), ...plan.filter(isPassive)];
}

export interface ServeHooks {
  /** called once listening, with the address and account a client should use */
  onListening?(info: { host: string; port: number; domain: string; jid: string; password: string; caFile: string }): void;
  /** ends the run early (signals): the case in flight is cut short, the rest are not run */
  readonly stopper?: RunStopper;
}

export async function runServe(
  cases: readonly ClientCaseDefinition[],
  config: ResolvedServeConfig,
  reporter: Reporter,
  launcher?: ClientLauncher,
  hooks: ServeHooks = {},
): Promise<Report> {
  const startedAt = new Date();
  const plan = passiveLast(selectCases(cases, { areas: ['client'], grep: config.grep, level: config.level }));
  const baseline = config.baselineFile !== undefined ? loadBaseline(config.baselineFile) : undefined;
  const stopper = hooks.stopper ?? new RunStopper();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xc-serve-'));
  const listener = await ClientListener.listen(config.host, config.port);
  /** the listeners of the lanes past the first (--concurrency) */
  const laneListeners: ClientListener[] = [];
  try {
    const certs = await makeServeCerts(dir, config.domain);
    const account = { jid: `${config.username}@${config.domain}`, username: config.username, password: config.password };
    const rt: ServeRuntime = { config, listener, certs, account, launcher, sent: new SentLog() };
    hooks.onListening?.({
      host: listener.host,
      port: listener.port,
      domain: config.domain,
      jid: account.jid,
      password: account.password,
      caFile: certs.caFile,
    });
    const target: TargetInfo = {
      url: `xmpp://${listener.host}:${listener.port}`,
      domain: config.domain,
      ...(config.clientName ? { software: { name: config.clientName, version: '' } } : {}),
    };
    await reporter.onBegin?.({ cases: plan, target, seed: config.seed, startedAt: startedAt.toISOString() });
    const finished = new Map<string, CaseResult>();
    /** runs one case on a lane's runtime; false once the run is stopping (a case the stop cut short did not run) */
    const runOne = async (def: ClientCaseDefinition, on: ServeRuntime): Promise<boolean> => {
      reporter.onCaseBegin?.(def);
      const raw = await runClientCase(def, on, stopper.signal);
      if (stopper.stop_) return false;
      const r = applyBaseline(raw, baseline);
      finished.set(def.id, r);
      reporter.onCaseEnd?.(def, r);
      return true;
    };
    // an exception of serve's own (not a case's: those are results) cuts the run as a stop does
    const cut = (e: unknown): void => void stopper.stop({ stage: 'internal', reason: cutByInternalError(e) });
    try {
      // The active cases over the lanes, in plan order as lanes come free, each lane a listener
      // (and so a port in the launched client's XC_PORT) of its own; then the passive ones on the
      // first lane, one at a time, once everything they judge has been sent.
      for (let i = 1; i < (launcher ? config.concurrency : 1); i++) laneListeners.push(await ClientListener.listen(listener.host, 0));
      const lanes: ServeRuntime[] = [rt, ...laneListeners.map((l) => ({ ...rt, listener: l }))];
      const active = plan.filter((d) => !isPassive(d));
      let next = 0;
      await Promise.all(
        lanes.map(async (lane) => {
          try {
            while (!stopper.stop_ && next < active.length) if (!(await runOne(active[next++] as ClientCaseDefinition, lane))) return;
          } catch (e) {
            cut(e);
          }
        }),
      );
      for (const def of plan.filter(isPassive)) if (stopper.stop_ || !(await runOne(def, rt))) break;
    } catch (e) {
      cut(e);
    }
    const stop = stopper.stop_;
    const results = plan.map((d) => finished.get(d.id) ?? notRunResult(d, stop?.reason ?? 'the run ended early'));
    const report: Report = {
      schema: 'xmpp-conformance/report@1',
      tool: { name: 'xmpp-conformance', version: TOOL_VERSION },
      target,
      seed: config.seed,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: { ...summarize(results), ...(stop ? { interrupted: true } : {}) },
      results,
      ...(config.baselineFile !== undefined ? { baseline: config.baselineFile } : {}),
      ...(stop ? { incomplete: incompleteOf(stop, results.length - finished.size) } : {}),
    };
    await reporter.onEnd?.(report);
    return report;
  } finally {
    for (const l of laneListeners) await l.close();
    await listener.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
