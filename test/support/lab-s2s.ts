// What the integration tests need to run the s2s area against a lab server: its s2s run options,
// and the lab DNS served for the run on the address the server asks (as `run --lab-dns` does).
import type { RunOptions } from '../../harness/config.js';
import { LabDns, LabZone } from '../../harness/dns/index.js';
import type { LabInfo } from '../../harness/lab/index.js';

/**
 * Cases the lab's default policy ('dialback-allowed') leaves nothing to judge, so they skip with
 * that reason: they check a target that admits peers only by certificate (`--s2s-auth
 * certs-required`).
 */
export const SKIPPED_WHEN_DIALBACK_ALLOWED: readonly string[] = [
  'rfc6120/s2s/initiator-expired-receiver-not-trusted',
  'rfc6120/s2s/initiator-self-signed-receiver-not-trusted',
  'rfc6120/s2s/initiator-wrong-name-receiver-not-trusted',
];

/** The --s2s-* options for `info`'s federating side, or none when the lab runs no s2s for it. */
export function s2sRunOptions(info: LabInfo): Partial<RunOptions> {
  const s = info.s2s;
  // the lab offers the s2s area only where it hands out run flags for it
  if (!s || !info.s2sRunArgs) return {};
  return {
    s2sTarget: s.target,
    s2sTargetDomain: s.domain,
    s2sCa: s.ca,
    s2sCaKey: s.caKey,
    s2sAccount: [...s.accounts],
    ...(s.directTlsTarget ? { s2sDirectTlsTarget: s.directTlsTarget } : {}),
  };
}

/** The lab DNS on the server's address (nothing when the lab runs no s2s for it); stop it after the run. */
export async function serveLabDns(info: LabInfo): Promise<LabDns | undefined> {
  if (!info.s2s || !info.s2sRunArgs) return undefined;
  const [host, port] = info.s2s.dns.split(':');
  const dns = await LabDns.start(new LabZone(), host, Number(port));
  // libunbound treats a forwarder that failed a moment ago as down for about a second
  await new Promise((r) => setTimeout(r, 1200));
  return dns;
}
