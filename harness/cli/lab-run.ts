// The suite against one lab server: lab up, run (with that server's baseline when there is one),
// lab down — also on Ctrl-C or SIGTERM, and when the lab fails to start. Shared by `npm start` (Prosody) and `npm run matrix` (all three).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { oneLine } from '../errors.js';
import { labDown, labUp, stopOnSignals, type LabInfo, type LabName } from '../lab/index.js';
import type { CliIO } from './io.js';

export interface LabRunOptions {
  readonly out: string;
  readonly reporters: string;
  /** Baseline file; default baselines/<server>.json when it exists. */
  readonly baseline?: string;
  /** More `run` flags (e.g. --area). */
  readonly extra?: readonly string[];
}

export interface LabRunResult {
  /** The run's exit code; 2 when the lab could not start. */
  readonly code: number;
  readonly info?: LabInfo;
  readonly reportJson?: string;
}

const PORT_FALLBACKS = 5;

type Main = (argv: string[], io: CliIO) => Promise<number>;

export async function runAgainstLab(server: LabName, opts: LabRunOptions, io: CliIO, main: Main): Promise<LabRunResult> {
  io.stdout.write(`xmpp-conformance: starting a local ${server} (lab up ${server})…\n`);
  // SIGINT/SIGTERM/SIGHUP from here on: the lab this process started is stopped and its dir
  // removed, then the process exits 130/143/129.
  const unhook = stopOnSignals((line) => void io.stderr.write(line + '\n'));
  let info: LabInfo;
  try {
    // A busy default port moves the lab to a free base below the ephemeral range.
    info = await labUp(server, { portFallbacks: PORT_FALLBACKS, log: (line) => void io.stderr.write(line + '\n') });
  } catch (e) {
    unhook();
    io.stderr.write(`xmpp-conformance: lab up ${server} failed: ${oneLine(e)}\n`);
    return { code: 2 };
  }
  const where = { portBase: info.ports.c2s };
  try {
    io.stdout.write(`xmpp-conformance: ${server} ${info.version} at ${info.target} (domain ${info.domain})\n`);
    const baseline = opts.baseline ?? path.join('baselines', `${server}.json`);
    const args = ['run', '--target', info.target, '--domain', info.domain, '--ca', info.ca, '--out', opts.out, '--reporter', opts.reporters];
    // Known deviations of this server (explained in README.md) show as expected-fail.
    if (existsSync(baseline)) args.push('--baseline', baseline);
    for (const a of info.accounts) args.push('--account', a);
    args.push(...(opts.extra ?? []));
    const code = await main(args, io);
    return { code, info, reportJson: path.join(opts.out, 'report.json') };
  } finally {
    await labDown(server, where).catch((e: unknown) => io.stderr.write(`xmpp-conformance: lab down ${server} failed: ${oneLine(e)}\n`));
    unhook();
  }
}
