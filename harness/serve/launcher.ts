// Starting the client under test once per case. The CLI's --client-cmd runs a shell command with
// the connection details in XC_* environment variables; tests plug in scripted clients instead.
import { spawn, type ChildProcess } from 'node:child_process';

/** What the client under test is told (docs/client-mode.md lists them as environment variables). */
export interface ClientEnv {
  readonly XC_HOST: string;
  readonly XC_PORT: string;
  readonly XC_DOMAIN: string;
  readonly XC_JID: string;
  readonly XC_USERNAME: string;
  readonly XC_PASSWORD: string;
  readonly XC_RESOURCE: string;
  readonly XC_CA_FILE: string;
  readonly XC_CASE: string;
  readonly XC_TIMEOUT: string;
}

export interface RunningClient {
  /** ends the client (and everything it started); resolves once it is gone or after a grace time */
  stop(): Promise<void>;
  /** the last lines the client printed, for the result message when a case errors */
  tail(): string;
}

export interface ClientLauncher {
  start(env: ClientEnv): RunningClient;
}

const TAIL_CAP = 4096;

/** Process groups of the clients started and not yet gone: killed if this process exits first. */
const running = new Set<number>();
let exitHooked = false;

function killRunningSync(): void {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  running.clear();
}

/** `sh -c CMD` in its own process group, with `base` (the caller's environment) plus the XC_* variables. */
export function commandLauncher(cmd: string, base: Readonly<Record<string, string | undefined>>): ClientLauncher {
  return {
    start(env: ClientEnv): RunningClient {
      const child: ChildProcess = spawn('/bin/sh', ['-c', cmd], {
        env: { ...base, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let out = '';
      const keep = (b: Buffer): void => {
        out = (out + b.toString('utf8')).slice(-TAIL_CAP);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.on('error', (e) => keep(Buffer.from(`could not start the client: ${e.message}\n`)));
      let exited = child.exitCode !== null;
      // a second signal exits at once: the client must not outlive us then either
      if (child.pid !== undefined && !exited) {
        running.add(child.pid);
        if (!exitHooked) process.once('exit', killRunningSync);
        exitHooked = true;
      }
      const gone = new Promise<void>((resolve) =>
        child.once('exit', () => {
          exited = true;
          if (child.pid !== undefined) running.delete(child.pid);
          resolve();
        }),
      );
      const signal = (sig: NodeJS.Signals): void => {
        if (exited || child.pid === undefined) return;
        try {
          process.kill(-child.pid, sig);
        } catch {
          /* already gone */
        }
      };
      return {
        async stop(): Promise<void> {
          signal('SIGTERM');
          const t = setTimeout(() => signal('SIGKILL'), 1500);
          await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
          clearTimeout(t);
          child.stdout?.destroy();
          child.stderr?.destroy();
        },
        tail: () => out.trim().split('\n').slice(-3).join(' | '),
      };
    },
  };
}
