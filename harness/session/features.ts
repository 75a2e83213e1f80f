// Reading <stream:features> (RFC 6120 §4.3.2) and the SASL/TLS/bind feature elements in it.
import { child, children, text, type XmlElement } from '../xml/index.js';
import { NS_BIND, NS_SASL, NS_TLS } from '../xml/index.js';

export function offersStarttls(features: XmlElement): boolean {
  return child(features, 'starttls', NS_TLS) !== undefined;
}

/** RFC 6120 §5.4.1: <required/> inside <starttls/> means the server will not go on without TLS. */
export function starttlsRequired(features: XmlElement): boolean {
  const st = child(features, 'starttls', NS_TLS);
  return st !== undefined && child(st, 'required', NS_TLS) !== undefined;
}

/** RFC 6120 §6.4.1: the mechanisms offered, in the order given. */
export function saslMechanisms(features: XmlElement): string[] {
  const mechs = child(features, 'mechanisms', NS_SASL);
  if (!mechs) return [];
  return children(mechs, 'mechanism', NS_SASL).map((m) => text(m).trim());
}

export function offersBind(features: XmlElement): boolean {
  return child(features, 'bind', NS_BIND) !== undefined;
}

/** Names of the features, for messages: "starttls(required), mechanisms[PLAIN SCRAM-SHA-1], register". */
export function summarizeFeatures(features: XmlElement): string {
  const parts = children(features).map((f) => {
    if (f.name === 'starttls') return starttlsRequired(features) ? 'starttls(required)' : 'starttls';
    if (f.name === 'mechanisms') return `mechanisms[${saslMechanisms(features).join(' ')}]`;
    return f.name;
  });
  return parts.length ? parts.join(', ') : '(none)';
}
