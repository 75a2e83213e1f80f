// The suite against one lab server: lab up, run (with that server's baseline when there is one),
// lab down — also on SIGINT (Ctrl-C) and SIGTERM. Shared by `npm start` (Prosody) and `npm run
// matrix` (all three). A signal while the lab starts stops and removes it (exit 130/143); one during
// the run stops the run with its reports (run writes them), then the lab goes down before the exit
// code is returned. A second signal exits at once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { oneLine } from '../errors.js';
import { labDown, labUp, stopOnSignals, type LabInfo, type LabName } from '../lab/index.js';
import type { CliIO } from './io.js';
import { SIGNAL_EXIT_CODES, watchStopSignals, type StopSignal } from './signals.js';

export interface LabRunOptions {
  readonly out: string;
  readonly reporters: string;
  /** Baseline file; default baselines/<server>.json when it exists. */
  readonly baseline?: string;
  /** More `run` flags (e.g. --area). */
  readonly extra?: readonly string[];
  /** the lab's port base (default: the server's, see harness/lab) */
  readonly portBase?: number;
}

export interface LabRunResult {
  /** The run's exit code; 2 when the lab could not start; 130/143 after SIGINT/SIGTERM. */
  readonly code: number;
  /** the signal that stopped this run, if one did: callers running more should stop too */
  readonly signal?: StopSignal;
  readonly info?: LabInfo;
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
      ...(opts.portBase !== undefined ? { portBase: opts.portBase } : { portFallbacks: PORT_FALLBACKS }),
    });
  } catch (e) {
    io.stderr.write(`xmpp-conformance: lab up ${server} failed: ${oneLine(e)}\n`);
    return { code: 2 };
  } finally {
    unhook();
  }
  const where = { portBase: info.ports.c2s };
  let signal: StopSignal | undefined;
  const unwatch = watchStopSignals((s) => (signal = s));
  try {
    if (signal !== undefined) {
      io.stderr.write(`xmpp-conformance: ${signal} received while ${server} started; not running the suite\n`);
      return { code: SIGNAL_EXIT_CODES[signal], info, signal };
    }
    io.stdout.write(`xmpp-conformance: ${server} ${info.version} at ${info.target} (domain ${info.domain})\n`);
    const baseline = opts.baseline ?? path.join('baselines', `${server}.json`);
    const args = ['run', '--target', info.target, '--domain', info.domain, '--ca', info.ca, '--out', opts.out, '--reporter', opts.reporters];
    // Known deviations of this server (explained in README.md) show as expected-fail.
    if (existsSync(baseline)) args.push('--baseline', baseline);
    for (const a of info.accounts) args.push('--account', a);
    // the server's federating side, where the lab runs one: the s2s area runs too
    args.push(...(info.s2sRunArgs ?? []));
    // and its external component, where the lab runs one: the component area runs too
    args.push(...(info.componentRunArgs ?? []));
    args.push(...(opts.extra ?? []));
    // `run` hears the same signal and ends with its reports
    const code = await main(args, io);
    return { code, info, reportJson: path.join(opts.out, 'report.json'), ...(signal !== undefined ? { signal } : {}) };
  } finally {
    unwatch();
    await labDown(server, where).catch((e: unknown) => io.stderr.write(`xmpp-conformance: lab down ${server} failed: ${oneLine(e)}\n`));
  }
}
