// Certificates between servers beyond the valid/invalid ones of auth.ts: a trusted certificate for
// the harness's domain whose extended key usage names serverAuth only, without clientAuth (what
// some public CAs now issue). RFC 6120 sets no rule on the key usage of a certificate presented by
// an initiating server (§13.7.1.2 lists what a server certificate names, §13.7.2 how it is
// validated, and RFC 5280 §4.2.1.12 leaves requiring a purpose to the application), so whether
// such a certificate authenticates the harness is the target's policy. What RFC 6120 does require
// is the form of the answer: SASL EXTERNAL ends in <success/>, or in a <failure/> carrying a
// defined condition (§6.4.5, §6.5), not in a torn-down stream.
import { defineCase } from '../../harness/cases/index.js';
import { oneLine } from '../../harness/errors.js';
import { saslFailureCondition, type Session } from '../../harness/session/index.js';
import { offersMechanism, NS_DIALBACK_FEATURE } from '../../harness/s2s/index.js';
import { child, describe, NS_SASL, text } from '../../harness/xml/index.js';

/** The defined SASL failure conditions (RFC 6120 §6.5). */
const SASL_CONDITIONS: readonly string[] = [
  'aborted', 'account-disabled', 'credentials-expired', 'encryption-required', 'incorrect-encoding', 'invalid-authzid',
  'invalid-mechanism', 'malformed-request', 'mechanism-too-weak', 'not-authorized', 'temporary-auth-failure',
];

export const s2sServerOnlyCertificate = defineCase({
  id: 'rfc6120/s2s/external-server-only-certificate',
  title: "SASL EXTERNAL with a trusted certificate for the harness's domain that lacks the clientAuth key usage ends in <success/> or in a <failure/> with a defined condition (accepting it or not is the target's policy)",
  area: 's2s',
  needs: { serial: true },
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
        return t.fail("<success/> or <failure/> (RFC 6120 §6.4.5: a failed handshake is reported with <failure/> and the stream stays open)", oneLine(e).slice(0, 200));
      }
    });
    if (answer.name === 'success' && answer.ns === NS_SASL) {
      t.note('accepted: the target authenticates a peer by a certificate without the clientAuth key usage');
      return;
    }
    t.check(answer.name === 'failure' && answer.ns === NS_SASL, "<success/> or <failure/> in the SASL namespace (RFC 6120 §6.4.5)", describe(answer));
    const condition = saslFailureCondition(answer);
    t.check(SASL_CONDITIONS.includes(condition), '<failure/> with one of the conditions of RFC 6120 §6.5', `<failure><${condition}/></failure>`);
    const why = answer.children.find((c): c is typeof answer => typeof c === 'object' && c.name === 'text');
    t.note(`refused with <${condition}/>${why ? ` ('${text(why).slice(0, 80)}')` : ''}${dialback ? '; dialback offered' : ''}`);
  },
});
