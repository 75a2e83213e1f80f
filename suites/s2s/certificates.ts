// Certificates between servers beyond the valid/invalid ones of auth.ts. First, the target as the
// receiving server and a trusted certificate for
// the harness's domain whose extended key usage names serverAuth only, without clientAuth (what
// some public CAs now issue). RFC 6120 sets no rule on the key usage of a certificate presented by
// an initiating server (§13.7.1.2 lists what a server certificate names, §13.7.2 how it is
// validated, and RFC 5280 §4.2.1.12 leaves requiring a purpose to the application), so whether
// such a certificate authenticates the harness is the target's policy. What RFC 6120 does require
// is the form of the answer: SASL EXTERNAL ends in <success/>, or in a <failure/> carrying a
// defined condition (§6.4.5, §6.5), not in a torn-down stream. Then the target as the initiating
// server facing a receiving server (the harness) whose certificate fails validation (§13.7.2).
import { defineCase, type CaseContext, type S2sCertKind, type S2sContext } from '../../harness/cases/index.js';
import { oneLine } from '../../harness/errors.js';
import { saslFailureCondition, type Session } from '../../harness/session/index.js';
import { offersMechanism, NS_DIALBACK_FEATURE } from '../../harness/s2s/index.js';
import { bounced } from './failures.js';
import { child, describe, el, NS_SASL, text, type XmlElement } from '../../harness/xml/index.js';

/** The defined SASL failure conditions (RFC 6120 §6.5). */
const SASL_CONDITIONS: readonly string[] = [
  'aborted',
  'account-disabled',
  'credentials-expired',
  'encryption-required',
  'incorrect-encoding',
  'invalid-authzid',
  'invalid-mechanism',
  'malformed-request',
  'mechanism-too-weak',
  'not-authorized',
  'temporary-auth-failure',
];

export const s2sServerOnlyCertificate = defineCase({
  id: 'rfc6120/s2s/external-server-only-certificate',
  title:
    "SASL EXTERNAL with a trusted certificate for the harness's domain that lacks the clientAuth key usage ends in <success/> or in a <failure/> with a defined condition (accepting it or not is the target's policy)",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [
    { rfc: 6120, section: '6.4.5', level: 'MUST' },
    { rfc: 6120, section: '6.5', level: 'MUST' },
    { rfc: 6120, section: '13.7.2', level: 'MUST' },
  ],
  requirements: ['rfc6120-6.4.5-failure', 'rfc6120-6.4.5-failure-condition'],
  tags: ['s2s', 'sasl', 'certificate'],
  async run(t) {
    const s2s = t.s2s();
    let s: Session;
    try {
      s = await t.step('STARTTLS with a serverAuth-only certificate', () => s2s.secured({ cert: 'server-only', dialback: true }));
    } catch (e) {
      // refusing the certificate in the handshake is the target's choice: nothing more to check
      t.note(`the target ended the connection during or right after TLS with a serverAuth-only certificate: ${oneLine(e).slice(0, 160)}`);
      return;
    }
    const dialback = s.features !== undefined && child(s.features, 'dialback', NS_DIALBACK_FEATURE) !== undefined;
    if (!offersMechanism(s.features, 'EXTERNAL')) {
      t.note(`SASL EXTERNAL not offered for a serverAuth-only certificate${dialback ? '; dialback offered instead' : ''}`);
      return;
    }
    const answer = await t.step('SASL EXTERNAL', async () => {
      try {
        return await s2s.external(s);
      } catch (e) {
        return t.fail(
          '<success/> or <failure/> (RFC 6120 §6.4.5: a failed handshake is reported with <failure/> and the stream stays open)',
          oneLine(e).slice(0, 200),
        );
      }
    });
    if (answer.name === 'success' && answer.ns === NS_SASL) {
      t.note('accepted: the target authenticates a peer by a certificate without the clientAuth key usage');
      return;
    }
    t.check(answer.name === 'failure' && answer.ns === NS_SASL, '<success/> or <failure/> in the SASL namespace (RFC 6120 §6.4.5)', describe(answer));
    const condition = saslFailureCondition(answer);
    t.check(SASL_CONDITIONS.includes(condition), '<failure/> with one of the conditions of RFC 6120 §6.5', `<failure><${condition}/></failure>`);
    const why = answer.children.find((c): c is typeof answer => typeof c === 'object' && c.name === 'text');
    t.note(`refused with <${condition}/>${why ? ` ('${text(why).slice(0, 80)}')` : ''}${dialback ? '; dialback offered' : ''}`);
  },
});

/**
 * Whether the target lets a peer server in without authenticating it by certificate: it offers
 * dialback to a peer whose certificate is self-signed. Servers apply one policy to both
 * directions (Prosody's s2s_secure_auth, ejabberd's dialback module), so this is read as its
 * policy towards receiving servers too.
 */
async function letsUncertifiedPeersIn(s2s: S2sContext): Promise<boolean> {
  try {
    const probe = await s2s.secured({ cert: 'self-signed', dialback: true, actor: 'policy-probe' });
    return probe.features !== undefined && child(probe.features, 'dialback', NS_DIALBACK_FEATURE) !== undefined;
  } catch {
    return false;
  }
}

/**
 * RFC 6120 §13.7.2 from the initiating side: the harness's domain is served by a listener whose
 * certificate fails validation (`kind`). A target that lets peers in only by certificate must not
 * take that server for the harness's domain: no stanza reaches it, and the sender gets an error.
 * Where the target allows dialback, an unauthenticated receiving server is within its policy
 * (RFC 7590 §3.4: encrypted but unauthenticated streams remain allowed; XEP-0220 trusts DNS), so
 * nothing here can be judged: skipped.
 */
async function receiverCertificateNotTrusted(t: CaseContext, kind: S2sCertKind, what: string): Promise<void> {
  const s2s = t.s2s();
  const lenient = await t.step("learn the target's policy from its own receiving side", () => letsUncertifiedPeersIn(s2s));
  if (lenient) {
    return t.skip(
      'the target lets in peer servers it cannot authenticate by certificate (it offers dialback to a self-signed one), so sending to a receiving server whose certificate fails validation is within its policy (RFC 7590 §3.4); the rule shows against a target that requires authenticated certificates (lab: --s2s-auth certs-required)',
    );
  }
  const listener = await s2s.listen({ cert: kind, srv: 'fresh' });
  const sender = await t.step('log in on the target', () => s2s.login(0));
  const id = `cert-${t.id()}`;
  const at = Date.now();
  sender.send(el('message', { to: `someone@${listener.domain}`, type: 'chat', id }, el('body', {}, `to a server whose certificate ${what}`)));
  const peer = await listener.accept(t.timeout * 2).catch(() => undefined);
  if (!peer) t.note(`the target did not connect to ${listener.domain}`);
  else {
    const record = await t.step('negotiate as the receiving server', () => peer.negotiate());
    const routed = await peer.stanza('a stanza', t.timeout).catch(() => undefined);
    t.check(
      routed === undefined,
      `no stanza to a receiving server whose certificate ${what}`,
      () => `the target sent ${describe(routed as XmlElement)} after ${record.authenticated ? 'SASL EXTERNAL' : 'TLS'}`,
    );
    t.note(
      record.secured
        ? `TLS completed; ${record.authenticated ? 'the target then authenticated with SASL EXTERNAL' : `then ${record.unexpected ?? 'nothing more'}`}`
        : `TLS not completed${record.tlsError ? ` (${record.tlsError.slice(0, 80)})` : ''}`,
    );
  }
  await bounced(t, { sender, id, at }, t.timeout * 3);
}

const receiverCase = (kind: S2sCertKind, what: string) =>
  defineCase({
    id: `rfc6120/s2s/initiator-${kind}-receiver-not-trusted`,
    title: `a target that requires authenticated certificates sends nothing to a receiving server whose certificate ${what}, and returns the message to its sender as an error`,
    area: 's2s',
    needs: { serial: true, shares: ['s2s'] },
    role: 'server',
    refs: [
      { rfc: 6120, section: '13.7.2', level: 'MUST' },
      { rfc: 6120, section: '10.4.3', level: 'MUST' },
    ],
    requirements: ['rfc6120-13.7.2-s2s-initiator-validates-receiver', 'rfc6120-10.4.3-remote-error'],
    tags: ['s2s', 'certificate'],
    run: (t) => receiverCertificateNotTrusted(t, kind, what),
  });

export const s2sReceiverSelfSigned = receiverCase('self-signed', 'is self-signed');
export const s2sReceiverExpired = receiverCase('expired', 'has expired');
export const s2sReceiverWrongName = receiverCase('wrong-name', 'names another domain');
