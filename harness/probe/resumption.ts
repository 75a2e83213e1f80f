// TLS session resumption (RFC 9325 §3.4; RFC 8446 §2.2, RFC 5077): connect, keep the ticket or
// session id node hands us, reconnect with it and ask isSessionReused().
import { handshake, type ProbeTarget } from './connection.js';
import { versionParams } from './versions.js';
import type { ResumptionResult, TlsVersion } from './types.js';

export async function probeResumption(target: ProbeTarget, version: TlsVersion): Promise<ResumptionResult> {
  const params = versionParams(version);
  // TLS 1.3 tickets arrive after the handshake: wait a moment for them.
  const first = await handshake(target, { ...params, waitForSessionMs: 1500 });
  if (!first.ok) return { version, ticketOrIdIssued: false, resumed: false, error: first.error };
  if (!first.session) return { version, ticketOrIdIssued: false, resumed: false };
  const second = await handshake(target, { ...params, session: first.session });
  if (!second.ok) return { version, ticketOrIdIssued: true, resumed: false, error: second.error };
  return { version, ticketOrIdIssued: true, resumed: second.reused };
}
