// RFC 6120 §6.4: the SASL exchange on the stream — <auth/>, <challenge/>/<response/> rounds,
// then <success/> or <failure/>. The mechanisms themselves are pure code in harness/sasl.
import { ExpectationError, HarnessError, SkipError } from '../errors.js';
import { bestChannelBinding, createClientMechanism, decodeSaslPayload, encodeSaslPayload, preferredMechanism, type ChannelBindingType } from '../sasl/index.js';
import { child, children, text, type XmlElement } from '../xml/index.js';
import { describe, el } from '../xml/index.js';
import { NS_SASL } from '../xml/index.js';
import type { Session } from './session.js';
import { saslMechanisms } from './features.js';

/** A <failure/> from the server: the condition (RFC 6120 §6.5) and its optional text. */
export class SaslFailure extends HarnessError {
  override readonly name = 'SaslFailure';
  constructor(
    readonly condition: string,
    readonly detail: string,
  ) {
    super('SASL', `SASL failed with <${condition}/>${detail ? ` "${detail}"` : ''}`);
  }
}

/** Mechanism rounds are bounded: a server that keeps challenging is broken. */
const MAX_ROUNDS = 10;

export function saslFailureCondition(failure: XmlElement): string {
  const cond = failure.children.find((c): c is XmlElement => typeof c === 'object' && c.ns === NS_SASL && c.name !== 'text');
  return cond?.name ?? '(none)';
}

export async function negotiateSasl(session: Session, features: XmlElement, account: { local: string; password: string }, mechanism?: string): Promise<string> {
  const offered = saslMechanisms(features);
  if (offered.length === 0) throw new ExpectationError('SASL <mechanisms/> in the stream features', describe(features));
  const tlsSocket = session.stream.transport.tlsSocket;
  // XEP-0440 says which channel-binding types the server supports; without it, TLS 1.2 servers
  // commonly support only tls-unique (RFC 5929 §3), TLS 1.3 ones tls-exporter (RFC 9266).
  const cbTypes = children(child(features, 'sasl-channel-binding', 'urn:xmpp:sasl-cb:0') ?? features, 'channel-binding', 'urn:xmpp:sasl-cb:0')
    .map((c) => c.attrs['type'])
    .filter((v): v is ChannelBindingType => v === 'tls-unique' || v === 'tls-exporter' || v === 'tls-server-end-point');
  const fallback: ChannelBindingType[] = tlsSocket?.getProtocol() === 'TLSv1.2' ? ['tls-unique'] : ['tls-exporter'];
  const cb = tlsSocket ? bestChannelBinding(tlsSocket, cbTypes.length ? cbTypes : fallback) : undefined;
  // Logins that do not name a mechanism (case setup) take the strongest SCRAM without channel
  // binding: -PLUS has its own cases (suites/sasl), and a server whose binding is broken (ejabberd
  // 23.01 binds tls-unique even on TLS 1.3, where RFC 9266 says it is undefined) must not make
  // every other case error.
  const name = mechanism ?? preferredMechanism(offered, { tls: session.secure, channelBinding: false });
  if (!name) throw new SkipError(`no SASL mechanism the harness supports is offered (offered: ${offered.join(', ')})`);
  if (!offered.includes(name)) throw new SkipError(`the server does not offer ${name} (offered: ${offered.join(', ')})`);
  const mech = createClientMechanism(
    name,
    { username: account.local, password: account.password },
    { ...(cb ? { channelBinding: cb } : {}), serverOffersPlus: offered.some((m) => m.endsWith('-PLUS')) },
  );
  const initial = mech.initialResponse();
  session.send(el('auth', { xmlns: NS_SASL, mechanism: name }, ...(initial ? [encodeSaslPayload(initial)] : [])));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const answer = await session.next({ what: 'a SASL <challenge/>, <success/> or <failure/>' });
    if (answer.ns !== NS_SASL) throw new ExpectationError('a SASL <challenge/>, <success/> or <failure/>', describe(answer));
    if (answer.name === 'challenge') {
      const response = mech.challenge(decodeSaslPayload(text(answer).trim()));
      session.send(el('response', { xmlns: NS_SASL }, encodeSaslPayload(response)));
      continue;
    }
    if (answer.name === 'success') {
      const body = text(answer).trim();
      mech.success(body ? decodeSaslPayload(body) : null);
      return name;
    }
    if (answer.name === 'failure') {
      const t = child(answer, 'text', NS_SASL);
      throw new SaslFailure(saslFailureCondition(answer), t ? text(t) : '');
    }
    throw new ExpectationError('a SASL <challenge/>, <success/> or <failure/>', describe(answer));
  }
  throw new ExpectationError(`SASL to finish within ${MAX_ROUNDS} rounds`, 'more challenges');
}
