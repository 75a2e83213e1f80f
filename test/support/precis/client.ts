// Talks to oracle.py (python3-precis-i18n) over JSON lines: one process per test batch or benchmark.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
// From dist/test/support/precis/ (compiled) back to the source tree's test/support/precis/oracle.py.
export const ORACLE_PATH = fileURLToPath(new URL('../../../../test/support/precis/oracle.py', import.meta.url));

/** Why the oracle cannot run here, or undefined when it can. */
export function oracleUnavailable(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  if (!existsSync(ORACLE_PATH)) return `${ORACLE_PATH} is missing`;
  const r = spawnSync(PYTHON, ['-c', 'import precis_i18n'], { timeout: 10_000 });
  if (r.status !== 0) return 'python3-precis-i18n is not installed (apt-get install python3-precis-i18n)';
  return undefined;
}

export type OracleResponse = Record<string, unknown> & { ok: boolean };

const MAX_PENDING_BYTES = 256 * 1024 * 1024;

export class PrecisOracle {
  private buf = '';
  private readonly waiting: Array<{ resolve: (r: OracleResponse) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  private dead: Error | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.on('exit', (code) => this.fail(new Error(`oracle.py exited with code ${code}`)));
    child.on('error', (e) => this.fail(e));
    child.stderr.on('data', () => undefined);
  }

  static start(): PrecisOracle {
    return new PrecisOracle(spawn(PYTHON, [ORACLE_PATH], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    if (this.buf.length > MAX_PENDING_BYTES) this.fail(new Error('oracle.py answer too large'));
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      const w = this.waiting.shift();
      if (!w) continue;
      clearTimeout(w.timer);
      try {
        w.resolve(JSON.parse(line) as OracleResponse);
      } catch (e) {
        w.reject(e as Error);
      }
    }
  }

  private fail(e: Error): void {
    this.dead ??= e;
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(e);
    }
  }

  request(req: Record<string, unknown>, timeoutMs = 60_000): Promise<OracleResponse> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`oracle.py did not answer within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push({ resolve, reject, timer });
      this.child.stdin.write(JSON.stringify(req) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill(), 2000);
    t.unref();
  }
}
