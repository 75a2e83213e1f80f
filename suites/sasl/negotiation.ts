// RFC 6120 §6: SASL negotiation — what is offered, success with each mechanism, the restart.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { offersStarttls, saslMechanisms, summarizeFeatures, type Session } from '../../harness/session/index.js';
import type { SpecRef } from '../../harness/spec.js';
import { overBosh } from '../steps.js';

export const mechanismsAfterTls = defineCase({
  id: 'rfc6120/sasl/mechanisms-offered',
  title: 'after TLS the features offer SASL <mechanisms/> with at least one mechanism',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.1', level: 'SHOULD' }],
  requirements: ['rfc6120-6.4.1-advertise-sasl', 'rfc6120-6.4.1-mechanism-per-child', 'rfc6120-6.2-sasl-support'],
  tags: ['features'],
  async run(t) {
    const s = await t.secured();
    const mechs = s.features ? saslMechanisms(s.features) : [];
    t.check(mechs.length > 0, 'at least one <mechanism/>', s.features ? summarizeFeatures(s.features) : 'none');
    // §6.4.1: one <mechanism/> child per mechanism, so no child holds two names.
    const shared = mechs.filter((m) => /\s/.test(m));
    t.check(shared.length === 0, 'one mechanism name per <mechanism/> child', () => shared.map((m) => `<mechanism>${m}</mechanism>`).join(', '), {
      rfc: 6120,
      section: '6.4.1',
      level: 'MUST',
    });
    t.note(`offered: ${mechs.join(' ')}`);
  },
});

export const mechanismNames = defineCase({
  id: 'rfc4422/sasl/mechanism-names-valid',
  title: 'every offered mechanism name is a valid SASL name (1-20 of A-Z 0-9 - _)',
  area: 'sasl',
  role: 'server',
  // RFC 4422 §3.1 defines the name syntax (1 to 20 of A-Z, 0-9, '-', '_') rather than stating a
  // keyword; a string outside it is not a SASL mechanism name, so the case holds it as a MUST.
  refs: [{ rfc: 4422, section: '3.1', level: 'MUST' }],
  requirements: ['rfc4422-3.1-mechanism-name-syntax'],
  tags: ['features'],
  async run(t) {
    const s = await t.secured();
    const bad = (s.features ? saslMechanisms(s.features) : []).filter((m) => !/^[A-Z0-9_-]{1,20}$/.test(m));
    t.check(bad.length === 0, 'only valid mechanism names', bad.map((m) => JSON.stringify(m)).join(', '));
  },
});

export const plainNotBeforeTls = defineCase({
  id: 'rfc6120/sasl/no-plain-without-tls',
  title: 'PLAIN is not offered on a stream that is not encrypted',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '13.8.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-13.8.3-no-plain-in-clear', 'rfc6120-6.3.4-no-mechanism-before-tls'],
  tags: ['features', 'plain'],
  needs: { transport: 'starttls' },
  async run(t) {
    const s = await t.opened({ transport: 'starttls' });
    const mechs = s.features ? saslMechanisms(s.features) : [];
    t.check(!mechs.includes('PLAIN'), 'no PLAIN before TLS', `offered before TLS: ${mechs.join(' ')}`);
  },
});

export const authBeforeTlsRefused = defineCase({
  id: 'rfc6120/sasl/auth-before-required-tls-refused',
  title: 'SASL attempted before a required STARTTLS does not succeed',
  area: 'sasl',
  role: 'server',
  refs: [
    { rfc: 6120, section: '5.3.4', level: 'MUST' },
    { rfc: 6120, section: '5.3.1', level: 'MUST' },
  ],
  requirements: ['rfc6120-5.3.4-tls-before-sasl', 'rfc6120-5.3.1-tls-mandatory-to-negotiate', 'rfc6120-6.5.4-encryption-required'],
  tags: ['plain', 'starttls'],
  needs: { accounts: 1, transport: 'starttls' },
  async run(t) {
    const acct = t.account(0);
    const s = await t.opened({ transport: 'starttls' });
    if (!s.features || !offersStarttls(s.features)) return t.skip('the server offers no STARTTLS');
    if (saslMechanisms(s.features).length > 0) return t.skip('the server offers SASL before TLS (STARTTLS optional)');
    const creds = Buffer.from(`\0${acct.local}\0${acct.password}`).toString('base64');
    s.sendRaw(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${creds}</auth>`);
    const ev = await s.nextEvent('a SASL failure or stream error');
    if (ev.kind === 'element') {
      t.check(ev.el.name !== 'success', 'no <success/> before TLS', '<success/>');
      const cond = ev.el.children.find((c) => typeof c === 'object' && c.name !== 'text');
      // RFC 6120 §6.5.4: a SASL failure here names <encryption-required/>.
      if (ev.el.name === 'failure')
        t.check(
          typeof cond === 'object' && cond.name === 'encryption-required',
          '<failure><encryption-required/></failure>',
          typeof cond === 'object' ? `<${cond.name}/>` : 'no condition',
        );
      t.note(`server answered <${ev.el.name}>${typeof cond === 'object' ? ` <${cond.name}/>` : ''}`);
    } else {
      t.note(`server ended the stream (${ev.kind})`);
    }
  },
});

interface MechanismCase {
  mech: string;
  refs: SpecRef[];
  requirement: string | undefined;
  /** further catalog ids the exchange checks */
  extra?: readonly string[];
}

const MECHANISMS: MechanismCase[] = [
  // PLAIN as sent here carries an empty authzid, which RFC 6120 §6.6 says equals an absent one.
  { mech: 'PLAIN', refs: [{ rfc: 4616, section: '2', level: 'MUST' }], requirement: 'rfc4616-2-plain', extra: ['rfc6120-6.6-empty-authzid'] },
  { mech: 'SCRAM-SHA-1', refs: [{ rfc: 5802, section: '5', level: 'MUST' }], requirement: 'rfc5802-5-scram-sha-1' },
  { mech: 'SCRAM-SHA-256', refs: [{ rfc: 7677, section: '3', level: 'MUST' }], requirement: 'rfc7677-3-scram-sha-256' },
  // SCRAM-SHA-512 is not in an RFC (IANA registry; draft-ietf-kitten-scram-sha-512): cited by RFC 6120 §6 only.
  { mech: 'SCRAM-SHA-512', refs: [], requirement: undefined },
  // The -PLUS cases send the right channel binding only: a server that never checks it passes them,
  // so they do not list rfc5802-6-channel-binding (which asks the server to refuse a wrong one).
  { mech: 'SCRAM-SHA-1-PLUS', refs: [{ rfc: 5802, section: '6', level: 'MUST' }], requirement: undefined },
  {
    mech: 'SCRAM-SHA-256-PLUS',
    refs: [
      { rfc: 7677, section: '3', level: 'MUST' },
      { rfc: 5802, section: '6', level: 'MUST' },
    ],
    requirement: undefined,
  },
  { mech: 'SCRAM-SHA-512-PLUS', refs: [{ rfc: 5802, section: '6', level: 'MUST' }], requirement: undefined },
];

/** A secured session on which `mech` is offered; -PLUS mechanisms may need TLS 1.2 (tls-unique). */
async function sessionOffering(t: CaseContext, mech: string): Promise<Session> {
  const s = await t.secured();
  if (s.features && saslMechanisms(s.features).includes(mech)) return s;
  const offered = s.features ? saslMechanisms(s.features).join(' ') : '';
  if (mech.endsWith('-PLUS') && s.tls?.protocol === 'TLSv1.3' && t.target.scheme === 'xmpp') {
    // Some servers bind channels only with tls-unique, which exists on TLS 1.2 alone.
    s.close();
    const s12 = await t.connect({ actor: 'tls12' });
    await s12.openWithFeatures();
    if (s12.features && offersStarttls(s12.features)) await s12.starttls({ maxVersion: 'TLSv1.2' });
    if (s12.features && saslMechanisms(s12.features).includes(mech)) {
      t.note('offered over TLS 1.2 only');
      return s12;
    }
  }
  t.skip(`${mech} is not offered (offered: ${offered})`);
}

export const mechanismSuccess = MECHANISMS.map((m) =>
  defineCase({
    id: `rfc6120/sasl/success-${m.mech.toLowerCase()}`,
    title: `authentication with ${m.mech} succeeds and the server's final data verifies`,
    area: 'sasl',
    role: 'server',
    refs: [{ rfc: 6120, section: '6.4.6', level: 'MUST' }, ...m.refs],
    // A SCRAM exchange verifies the server's challenge (§6.4.3). It accepts v= in a final challenge
    // as well as in <success/>, so §6.3.10's success data is the scram-success-data case's.
    requirements: [
      'rfc6120-6.4.6-success',
      ...(m.requirement ? [m.requirement] : []),
      ...(m.extra ?? []),
      ...(m.mech.startsWith('SCRAM') ? ['rfc6120-6.4.3-challenge-data'] : []),
    ],
    tags: ['mechanism', m.mech.toLowerCase()],
    needs: { accounts: 1 },
    async run(t) {
      const acct = t.account(0);
      const s = await sessionOffering(t, m.mech);
      await s.authenticate(acct, m.mech);
      t.note(`authenticated with ${m.mech}`);
    },
  }),
);

export const restartAfterSuccess = defineCase({
  id: 'rfc6120/sasl/restart-new-stream-id',
  title: 'after SASL success the restarted stream has a new stream id',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.6', level: 'MUST' }],
  requirements: ['rfc6120-6.4.6-restart', 'rfc6120-6.3.2-restart-after-sasl', 'rfc6120-6.4.6-features-after-sasl'],
  tags: ['restart'],
  needs: { accounts: 1 },
  async run(t) {
    if (overBosh(t))
      t.skip(
        "over BOSH the restarted stream's header never reaches the client (XEP-0206 §5 answers the restart with features only): no new stream id to compare",
      );
    const s = await t.secured();
    const before = s.header?.attrs['id'];
    await s.authenticate(t.account(0));
    const after = s.header?.attrs['id'];
    t.check(!!after && after !== before, 'a new, non-empty stream id after SASL', `id='${after ?? ''}' (before: '${before ?? ''}')`);
  },
});
