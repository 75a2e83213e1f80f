// RFC 6120 §5 (STARTTLS negotiation) and RFC 7590 / BCP 195 (what TLS an XMPP server speaks).
import { defineCase } from '../../harness/cases/index.js';
import { offersStarttls, saslMechanisms, starttlsRequired, summarizeFeatures } from '../../harness/session/index.js';
import { describe } from '../../harness/xml/index.js';
import { NS_STREAMS, NS_TLS } from '../../harness/xml/index.js';
import { negotiateVersionFor } from '../../harness/probe/index.js';
import { certificateNamesDomain, probeTarget } from './probe.js';

// The cases measured with the TLS probe live in probe.ts; suites/index.ts reads them from here.
export * from './probe.js';

export const starttlsOffered = defineCase({
  id: 'rfc6120/tls/starttls-offered',
  title: 'the features of a plain-TCP stream offer <starttls/>',
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 6120, section: '5.4.1', level: 'MUST' }],
  requirements: ['rfc6120-5.4.1-advertise-starttls', 'rfc7590-3.1-starttls-mandatory'],
  tags: ['starttls', 'features'],
  needs: { transport: 'starttls' },
  async run(t) {
    const s = await t.opened({ transport: 'starttls' });
    const f = s.features;
    t.check(!!f && offersStarttls(f), `<starttls xmlns='${NS_TLS}'/> in the features`, f ? summarizeFeatures(f) : 'no features');
  },
});

export const starttlsRequiredFlag = defineCase({
  id: 'rfc6120/tls/starttls-required-flag',
  title: 'a server that offers no authentication before TLS marks <starttls/> as <required/>',
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 6120, section: '5.4.1', level: 'MUST' },
    { rfc: 6120, section: '5.3.1', level: 'MUST' },
  ],
  requirements: ['rfc6120-5.4.1-required-child'],
  tags: ['starttls', 'features'],
  needs: { transport: 'starttls' },
  async run(t) {
    const s = await t.opened({ transport: 'starttls' });
    const f = s.features;
    if (!f || !offersStarttls(f)) return t.skip('the server offers no STARTTLS');
    if (saslMechanisms(f).length > 0) return t.skip('the server offers SASL before TLS, so TLS is optional here');
    t.check(starttlsRequired(f), '<starttls><required/></starttls>', summarizeFeatures(f));
  },
});

export const noSaslBeforeRequiredTls = defineCase({
  id: 'rfc6120/tls/no-sasl-before-required-tls',
  title: 'when STARTTLS is required, SASL mechanisms are not offered before TLS',
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 6120, section: '5.3.1', level: 'SHOULD NOT' }],
  requirements: ['rfc6120-5.3.1-only-starttls-when-required'],
  tags: ['starttls', 'features'],
  needs: { transport: 'starttls' },
  async run(t) {
    const s = await t.opened({ transport: 'starttls' });
    const f = s.features;
    if (!f || !starttlsRequired(f)) return t.skip('STARTTLS is not marked required on this server');
    t.check(saslMechanisms(f).length === 0, 'no <mechanisms/> before TLS', summarizeFeatures(f));
  },
});

export const proceed = defineCase({
  id: 'rfc6120/tls/proceed',
  title: '<starttls/> is answered with <proceed/> and the TLS handshake succeeds',
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 6120, section: '5.4.2.1', level: 'MUST' },
    { rfc: 6120, section: '5.4.2.3', level: 'MUST' },
  ],
  requirements: [
    'rfc6120-5.4.2.1-proceed-or-failure',
    'rfc6120-5.4.2.3-proceed',
    'rfc6120-5.4.3.1-present-certificate',
    'rfc6120-5.4.3.1-follow-tls',
    'rfc6120-5.2-tls-support',
    'rfc6120-5.4.3.1-protect-all-data',
  ],
  tags: ['starttls'],
  needs: { transport: 'starttls' },
  async run(t) {
    const s = await t.opened({ transport: 'starttls' });
    if (!s.features || !offersStarttls(s.features)) return t.skip('the server offers no STARTTLS');
    const answer = await s.requestStarttls();
    if (answer.name === 'failure' && answer.ns === NS_TLS) {
      // §5.4.2.1 permits <failure/>; §5.4.2.2 then wants the stream closed.
      const how = await s.expectClose();
      t.check(how === 'close-tag', '</stream:stream> after <failure/> (RFC 6120 §5.4.2.2)', 'the connection ended without it');
      return t.skip('the server answered <failure/> (permitted by §5.4.2.1), so TLS could not be negotiated');
    }
    t.check(answer.name === 'proceed' && answer.ns === NS_TLS, `<proceed xmlns='${NS_TLS}'/> or <failure/>`, describe(answer));
    await s.completeStarttls();
    t.note(`negotiated ${s.tls?.protocol ?? '?'} ${s.tls?.cipher ?? ''}`.trim());
  },
});

export const restartAfterTls = defineCase({
  id: 'rfc6120/tls/restart-new-stream-id',
  title: 'after TLS the restarted stream gets a new header with a new stream id',
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 6120, section: '5.4.3.3', level: 'MUST' },
    { rfc: 6120, section: '4.7.3', level: 'MUST' },
  ],
  requirements: [
    'rfc6120-5.4.3.3-restart',
    'rfc6120-4.7.3-response-id',
    'rfc6120-4.3.3-restart-new-stream-id',
    'rfc6120-4.3.3-restart-keep-connection',
    'rfc6120-4.3.3-restart-no-close-tag',
    'rfc6120-4.3.4-resend-features',
    'rfc6120-5.3.2-restart-after-tls',
    'rfc6120-5.4.3.3-features-after-tls',
    'rfc6120-6.4.1-unique-stream-id',
  ],
  tags: ['starttls', 'restart'],
  needs: { transport: 'starttls' },
  async run(t) {
    const s = await t.opened({ transport: 'starttls' });
    if (!s.features || !offersStarttls(s.features)) return t.skip('the server offers no STARTTLS');
    const before = s.header?.attrs['id'];
    await s.starttls();
    const after = s.header?.attrs['id'];
    t.check(!!after && after !== before, 'a new, non-empty stream id after TLS', `id='${after ?? ''}' (before: '${before ?? ''}')`);
  },
});

export const noStarttlsAfterTls = defineCase({
  id: 'rfc6120/tls/no-starttls-after-tls',
  title: 'the features after TLS do not offer STARTTLS again',
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 6120, section: '5.4.3.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-5.4.3.3-no-starttls-again'],
  tags: ['starttls', 'features'],
  async run(t) {
    const s = await t.secured();
    t.check(!!s.features && !offersStarttls(s.features), 'no <starttls/> in the features after TLS', s.features ? summarizeFeatures(s.features) : 'none');
  },
});

export const starttlsTwice = defineCase({
  id: 'rfc6120/tls/starttls-twice-refused',
  title: 'a second <starttls/> inside TLS gets <failure/> or a stream error, and the stream closes',
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 6120, section: '5.4.2.1', level: 'MUST' },
    { rfc: 6120, section: '5.4.2.2', level: 'MUST' },
  ],
  requirements: ['rfc6120-5.4.2.1-proceed-or-failure', 'rfc6120-5.4.2.2-failure-close'],
  tags: ['starttls'],
  async run(t) {
    // TLS cannot be layered twice, so <proceed/> is impossible here; §5.4.2.1 leaves <failure/>,
    // and §5.4.2.2 says the stream and the connection close after it.
    // STARTTLS is not offered inside TLS, so a server may also take the command as a stream-level
    // error (§4.9): a stream error followed by the close passes too.
    const s = await t.secured();
    const answer = await s.requestStarttls();
    if (answer.name === 'error' && answer.ns === NS_STREAMS) {
      await s.expectClose();
      return t.note(`server answered with a stream error (${describe(answer)})`);
    }
    t.check(answer.name === 'failure' && answer.ns === NS_TLS, `<failure xmlns='${NS_TLS}'/> or a stream error`, describe(answer));
    const how = await s.expectClose();
    t.check(how === 'close-tag', '</stream:stream> after <failure/>', 'the connection ended without it');
  },
});

export const noPlaintextAfterProceed = defineCase({
  id: 'rfc6120/tls/no-plaintext-after-proceed',
  title: 'plaintext XML sent after <proceed/> is not processed as XMPP',
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 6120, section: '5.4.2.3', level: 'MUST' }],
  requirements: ['rfc6120-5.4.2.3-tls-begins-after-proceed'],
  tags: ['starttls'],
  needs: { transport: 'starttls' },
  async run(t) {
    const s = await t.opened({ transport: 'starttls' });
    if (!s.features || !offersStarttls(s.features)) return t.skip('the server offers no STARTTLS');
    s.sendRaw(`<starttls xmlns='${NS_TLS}'/>`);
    await s.expect({ name: 'proceed', ns: NS_TLS, attrs: {}, children: [] });
    s.stream.restart();
    s.sendRaw(`<iq type='get' id='plaintext-1' to='${t.target.domain}'><ping xmlns='urn:xmpp:ping'/></iq>`);
    // Whatever comes back must not be XMPP: the server should read our bytes as a (bad) TLS record.
    const ev = await s.nextEvent('the server to abort the handshake', { within: Math.min(t.timeout, 2000) }).catch(() => undefined);
    if (ev && (ev.kind === 'element' || ev.kind === 'open')) {
      t.fail('no XMPP answer to plaintext sent after <proceed/>', ev.kind === 'open' ? 'a stream header' : describe(ev.el));
    }
    t.note(ev ? `server ended with: ${ev.kind}` : 'server stayed silent');
  },
});

export const tlsVersion = defineCase({
  id: 'rfc7590/tls/version-1-2-or-later',
  title: 'a client offering TLS 1.0 to 1.3 gets 1.2 or later, and one offering 1.0 to 1.2 gets 1.2',
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 7590, section: '1', level: 'MUST' },
    { rfc: 7525, section: '3.1.1', level: 'MUST' },
  ],
  requirements: ['rfc7590-1-follow-bcp195', 'rfc7525-3.1.1-prefer-tls12'],
  tags: ['tls-version', 'probe'],
  async run(t) {
    // The harness's own sessions never offer below TLS 1.2, so the server's choice is seen through
    // the probe, offering the old versions too. RFC 7525 §3.1.1: TLS 1.2 is supported and preferred
    // over the versions before it.
    const wide = await t.step('a handshake offering TLS 1.0 to 1.3', () => negotiateVersionFor(probeTarget(t), 'TLSv1', 'TLSv1.3'));
    if (!wide.ok) return t.fail('a handshake offering TLS 1.0 to 1.3', `refused (${wide.error})`);
    t.check(wide.protocol === 'TLSv1.2' || wide.protocol === 'TLSv1.3', 'TLS 1.2 or 1.3 chosen from 1.0-1.3', wide.protocol);
    const upTo12 = await t.step('a handshake offering TLS 1.0 to 1.2', () => negotiateVersionFor(probeTarget(t), 'TLSv1', 'TLSv1.2'));
    if (!upTo12.ok) {
      // A server without TLS 1.2 fails rfc9325/tls/supports-tls-1-2; this case judges the choice.
      t.note(`chose ${wide.protocol} from 1.0-1.3; refused a client capped at TLS 1.2 (${upTo12.error})`);
      return;
    }
    t.check(upTo12.protocol === 'TLSv1.2', 'TLS 1.2 chosen from 1.0-1.2', upTo12.protocol);
    t.note(`chose ${wide.protocol} from 1.0-1.3 and ${upTo12.protocol} from 1.0-1.2`);
  },
});

function oldProtocolCase(version: 'TLSv1' | 'TLSv1.1', section: string) {
  const label = version === 'TLSv1' ? '1-0' : '1-1';
  return defineCase({
    id: `rfc8996/tls/refuses-tls-${label}`,
    title: `a client offering at most ${version.replace('TLSv', 'TLS ')} is refused`,
    area: 'tls',
    role: 'server',
    refs: [{ rfc: 8996, section, level: 'MUST NOT' }],
    requirements: [`rfc8996-${section}-no-tls-${label}`],
    tags: ['tls-version'],
    needs: { transport: 'starttls' },
    async run(t) {
      const s = await t.opened({ transport: 'starttls' });
      if (!s.features || !offersStarttls(s.features)) return t.skip('the server offers no STARTTLS');
      s.sendRaw(`<starttls xmlns='${NS_TLS}'/>`);
      await s.expect({ name: 'proceed', ns: NS_TLS, attrs: {}, children: [] });
      try {
        await s.stream.transport.startTls(
          { servername: t.target.domain, insecure: true, minVersion: version, maxVersion: version, ciphers: 'DEFAULT:@SECLEVEL=0' },
          t.timeout,
        );
      } catch (e) {
        const msg = (e as Error).message;
        // A failure on our own side proves nothing about the server.
        if (/no protocols available|NO_PROTOCOLS_AVAILABLE|no ciphers available/i.test(msg)) {
          t.skip(`this Node.js/OpenSSL cannot offer ${version} (${msg})`);
        }
        t.note(`handshake refused: ${msg}`);
        return;
      }
      t.fail(`the ${version} handshake to be refused`, `negotiated ${s.tls?.protocol ?? version}`);
    },
  });
}

// RFC 8996 §4 (TLS 1.0) and §5 (TLS 1.1): implementations MUST NOT negotiate them.
export const refusesTls10 = oldProtocolCase('TLSv1', '4');
export const refusesTls11 = oldProtocolCase('TLSv1.1', '5');

export const forwardSecrecy = defineCase({
  id: 'rfc7525/tls/forward-secrecy',
  title: 'the negotiated cipher suite has forward secrecy (TLS 1.3, or ECDHE/DHE key exchange)',
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 7525, section: '4.1', level: 'MUST' }],
  requirements: ['rfc7525-4.1-prefer-forward-secrecy'],
  tags: ['cipher'],
  async run(t) {
    const s = await t.secured();
    const p = s.tls?.protocol ?? '';
    const c = s.tls?.cipher ?? '';
    t.check(p === 'TLSv1.3' || /^(ECDHE|DHE)-/.test(c), 'a forward-secret cipher suite', `${p} ${c}`);
  },
});

export const certificateName = defineCase({
  id: 'rfc6120/tls/certificate-names-domain',
  title: "the server's certificate names the XMPP domain (RFC 6125 DNS-ID, SRV-ID _xmpp-client or XmppAddr)",
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 6120, section: '13.7.1.2.1', level: 'SHOULD' },
    { rfc: 6125, section: '6.4', level: 'MUST' },
  ],
  // Not listed: rfc6125-6.4-xmpp-identifier-types (only whether the certificate names the domain is checked, not which identifier types the match uses).
  requirements: ['rfc6120-13.7.1.2.1-server-cert-xmpp-address'],
  tags: ['certificate', 'probe'],
  run: certificateNamesDomain,
});
