// The suite against one lab server: lab up, run (with that server's baseline when there is one),
// lab down — also on SIGINT (Ctrl-C) and SIGTERM. Shared by `npm start` (Prosody) and `npm run
// matrix` (all three). A signal while the lab starts stops and removes it (exit 130/143); one during
// the run stops the run with its reports (run writes them), then the lab goes down before the exit
// code is returned. A second signal exits at once. `npm run` hands a SIGTERM to the shell it runs
// the script in, which dies without passing it on: losing the parent process counts as SIGTERM.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { oneLine } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { labDown, labRunArgs, labUp, stopOnSignals, type LabInfo, type LabName } from '../lab/index.js';
import type { CliIO } from './io.js';
import { SIGNAL_EXIT_CODES, sigtermOnParentLoss, watchStopSignals, type StopSignal } from './signals.js';

export interface LabRunOptions {
  readonly out: string;
  readonly reporters: string;
  /** Baseline file; default baselines/<server>.json when it exists. */
  readonly baseline?: string;
  /** More `run` flags (e.g. --area). */
  readonly extra?: readonly string[];
  /** the lab's port base, tried first (default: the server's, see harness/lab); a busy one moves to a fallback */
  readonly portBase?: number;
  /** the lab's state root (default: harness/lab's) */
  readonly stateRoot?: string;
}

/** How the suite against one lab server went: the lab did not start, or it started and the suite ran (or was stopped). */
export type LabRunResult = LabNotStarted | LabRan;

export interface LabNotStarted {
  readonly started: false;
  /** EXIT.USAGE: the jobs' code for a lab that did not start (docs/reference.md, npm scripts) */
  readonly code: number;
  /** why, in one line */
  readonly reason: string;
}

export interface LabRan {
  readonly started: true;
  /** the run's exit code; 130/143 after SIGINT/SIGTERM */
  readonly code: number;
  /** the signal that stopped this run, if one did: callers running more should stop too */
  readonly signal?: StopSignal;
  readonly info: LabInfo;
  /** the report.json this run wrote, when it wrote one */
  readonly reportJson?: string;
}

const PORT_FALLBACKS = 5;

type Main = (argv: string[], io: CliIO) => Promise<number>;

export async function runAgainstLab(server: LabName, opts: LabRunOptions, io: CliIO, main: Main): Promise<LabRunResult> {
  io.stdout.write(`xmpp-conformance: starting a local ${server} (lab up ${server})…\n`);
  // SIGINT/SIGTERM/SIGHUP while the lab starts: the lab this process started is stopped and its
  // dir removed, then the process exits 130/143/129.
  const unhook = stopOnSignals((line) => void io.stderr.write(line + '\n'));
  let info: LabInfo;
  try {
    // A busy default port moves the lab to a free base below the ephemeral range.
    info = await labUp(server, {
      log: (line) => void io.stderr.write(line + '\n'),
      portFallbacks: PORT_FALLBACKS,
      ...(opts.portBase !== undefined ? { portBase: opts.portBase } : {}),
      ...(opts.stateRoot !== undefined ? { stateRoot: opts.stateRoot } : {}),
    });
  } catch (e) {
    const reason = `lab up ${server} failed: ${oneLine(e)}`;
    io.stderr.write(`xmpp-conformance: ${reason}\n`);
    return { started: false, code: EXIT.USAGE, reason };
  } finally {
    unhook();
  }
  const where = { portBase: info.ports.c2s, ...(opts.stateRoot !== undefined ? { stateRoot: opts.stateRoot } : {}) };
  let signal: StopSignal | undefined;
  const unwatch = watchStopSignals((s) => (signal = s));
  // the SIGTERM `npm run` meant for us: `run` hears it and ends with its reports
  const unparent = sigtermOnParentLoss((line) => void io.stderr.write(line + '\n'));
  let code: number | undefined;
  const reportJson = path.join(opts.out, 'report.json');
  // an earlier run's report must not stand in for this one's, should this one write none
  rmSync(reportJson, { force: true });
  try {
    if (signal === undefined) {
      io.stdout.write(`xmpp-conformance: ${server} ${info.version} at ${info.target} (domain ${info.domain})\n`);
      const baseline = opts.baseline ?? path.join('baselines', `${server}.json`);
      // the lab's own run flags (accounts, --register for more account sets where the server takes
      // in-band registrations, the s2s and component sides where the lab runs them)
      const args = ['run', ...(info.runArgs ?? labRunArgs(info)), '--out', opts.out, '--reporter', opts.reporters];
      // Known deviations of this server (explained in README.md) show as expected-fail.
      if (existsSync(baseline)) args.push('--baseline', baseline);
      args.push(...(opts.extra ?? []));
      // `run` hears the same signal and ends with its reports
      code = await main(args, io);
    } else {
      io.stderr.write(`xmpp-conformance: ${signal} received while ${server} started; not running the suite\n`);
    }
  } finally {
    unparent();
    // A signal while the lab goes down is noted (the caller stops after this server); a second
    // one exits at once, and the exit hook of harness/lab kills the server.
    await labDown(server, where).catch((e: unknown) => io.stderr.write(`xmpp-conformance: lab down ${server} failed: ${oneLine(e)}\n`));
    unwatch();
  }
  const stopped = signal as StopSignal | undefined;
  const wrote = existsSync(reportJson) ? { reportJson } : {};
  if (stopped !== undefined) return { started: true, code: SIGNAL_EXIT_CODES[stopped], info, signal: stopped, ...wrote };
  return { started: true, code: code ?? EXIT.INTERNAL, info, ...wrote };
}
