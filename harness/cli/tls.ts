// `xmpp-conformance tls --target URL [--json] [--domain D] [--ca FILE]`: probe and grade a server's TLS.
// Exit 0 once probed (whatever the grade), 2 on usage errors, 3 when TLS was never established; an
// error is mapped by main (harness/cli/index.ts) like every command's.
import { readFileSync } from 'node:fs';
import { UsageError, oneLine } from '../errors.js';
import { probeTls, renderReport } from '../probe/index.js';
import { parseFlags, str } from './args.js';
import type { CliIO } from './io.js';
import { EXIT } from './exit-codes.js';

export const TLS_USAGE =
  'usage: xmpp-conformance tls --target xmpp://HOST[:PORT]|xmpps://HOST[:PORT] [--domain D] [--ca FILE] [--json] [--timeout MS] [--concurrency N]';

const TLS_FLAGS = {
  target: { type: 'string' },
  domain: { type: 'string' },
  ca: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

function intFlag(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${v}'`);
  return n;
}

export async function tlsCommand(args: string[], io: CliIO): Promise<number> {
  const { values: v } = parseFlags(args, TLS_FLAGS);
  const target = str(v['target']);
  if (!target) throw new UsageError(`tls: --target is required; ${TLS_USAGE}`);
  const caFile = str(v['ca']);
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new UsageError(`--ca '${caFile}': cannot read it (${oneLine(e)})`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca '${caFile}' holds no PEM certificate`);
  }
  const timeoutMs = intFlag('timeout', str(v['timeout']), 100, 120_000);
  const concurrency = intFlag('concurrency', str(v['concurrency']), 1, 8);
  const domain = str(v['domain']);
  const json = v['json'] === true;
  const report = await probeTls({
    target,
    ...(domain !== undefined ? { domain } : {}),
    ...(ca !== undefined ? { ca } : {}),
    ...(caFile !== undefined ? { caFile } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(json || v['quiet'] === true ? {} : { log: (line: string) => io.stderr.write(line + '\n') }),
  });
  io.stdout.write(json ? JSON.stringify(report) + '\n' : renderReport(report));
  return EXIT.OK;
}
