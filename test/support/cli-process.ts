// Runs the built command line in a child process, as a user would, with a deadline.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/xmpp-conformance');

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Running {
  readonly child: ChildProcess;
  /** settles when the process has exited (or was killed at the deadline, rejecting) */
  readonly done: Promise<Outcome>;
}

/**
 * Starts `xmpp-conformance ARGS` (CI=1: plain progress lines); killed and rejected after timeoutMs,
 * a generous bound (node's start-up alone takes seconds on a loaded 2-core machine).
 */
export function startCli(args: string[], timeoutMs = 45_000): Running {
  return startScript(BIN, args, timeoutMs);
}

/** As startCli, with another entry script in place of bin/xmpp-conformance (test/support/faulty-cli.ts, a tool's script), run in cwd if given. */
export function startScript(script: string, args: string[], timeoutMs = 45_000, cwd?: string): Running {
  const started = Date.now();
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, CI: '1' }, ...(cwd === undefined ? {} : { cwd }) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, done };
}

export function cli(args: string[], timeoutMs = 45_000): Promise<Outcome> {
  return startCli(args, timeoutMs).done;
}

export function expectOneLine(s: string): void {
  const lines = s.trim().split('\n');
  expect(lines, s).to.have.length(1);
  expect(s).to.not.match(/\n\s+at /);
}
