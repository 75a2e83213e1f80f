// Channel binding as the server offers it after TLS: SCRAM-*-PLUS (RFC 5802 §6) and the XEP-0440
// <sasl-channel-binding/> list, next to what this TLS session can supply (RFC 9266, RFC 5929).
import type { TLSSocket } from 'node:tls';
import { channelBindingFor } from '../sasl/index.js';
import { child, children, type XmlElement } from '../xml/index.js';
import type { ChannelBindingReport } from './types.js';

export const NS_SASL_CB = 'urn:xmpp:sasl-cb:0';
const TYPES = ['tls-exporter', 'tls-server-end-point', 'tls-unique'] as const;

/** XEP-0440 §4: the binding types listed in the features, or null when the element is absent. */
export function advertisedBindingTypes(features: XmlElement): string[] | null {
  const cb = child(features, 'sasl-channel-binding', NS_SASL_CB);
  if (!cb) return null;
  return children(cb, 'channel-binding', NS_SASL_CB)
    .map((c) => c.attrs['type'] ?? '')
    .filter(Boolean);
}

export function channelBindingReport(features: XmlElement, mechanisms: readonly string[], socket: TLSSocket | undefined): ChannelBindingReport {
  const computable: Record<string, boolean> = {};
  for (const t of TYPES) computable[t] = socket ? channelBindingFor(socket, t) !== undefined : false;
  return {
    plusMechanisms: mechanisms.filter((m) => m.endsWith('-PLUS')),
    advertisedTypes: advertisedBindingTypes(features),
    protocol: socket?.getProtocol() ?? null,
    computable,
  };
}
