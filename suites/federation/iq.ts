// IQs across the federation: to the other server itself, to an account there, to a resource that
// is not connected and to an account that does not exist (RFC 6120 §10.4, §10.5; RFC 6121 §8.5).
import { defineFederationCase } from '../../harness/federation/index.js';
import { barrier } from '../../harness/session/index.js';
import { el, NS_PING, NS_VERSION } from '../../harness/xml/index.js';
import { bareJid, sameJid } from '../../harness/jid/index.js';
import { stanzaErrorCondition } from '../../harness/xml/index.js';
import { pair } from './steps.js';

const ping = (to: string) => el('iq', { type: 'get', to }, el('ping', { xmlns: NS_PING }));

export const pingRemoteDomain = defineFederationCase({
  id: 'rfc6120/federation/iq-to-remote-domain-answered',
  title: "an iq to the other server's domain is routed there and answered, the answer from that domain",
  refs: [
    { rfc: 6120, section: '10.5.1', level: 'MUST' },
    { rfc: 6120, section: '10.4', level: 'SHOULD' },
  ],
  // not 'rfc6120-10.4.1-use-existing-stream': which stream the servers use is not seen from the clients
  requirements: ['rfc6120-10.5.1-domain-handle-or-error', 'rfc6120-10.4-route-remote'],
  tags: ['iq'],
  async run(t) {
    const [a] = await pair(t, { presence: false });
    const answer = await t.step(`ping ${t.b.domain}`, () => a.iq(ping(t.b.domain)));
    t.check(answer.attrs['from'] === t.b.domain, `from='${t.b.domain}'`, `from='${answer.attrs['from'] ?? ''}'`);
    // XEP-0199: both lab servers run ping; an error would still satisfy §10.5.1, so say which
    t.check(
      answer.attrs['type'] === 'result',
      "type='result' (the server answers pings)",
      `type='${answer.attrs['type'] ?? ''}'${stanzaErrorCondition(answer) ? ` <${stanzaErrorCondition(answer)}/>` : ''}`,
    );
  },
});

export const versionRemoteDomain = defineFederationCase({
  id: 'rfc6120/federation/iq-version-of-remote-server',
  title: "a software version query to the other server's domain gets a result or an error back, never silence",
  refs: [{ rfc: 6120, section: '10.5.1', level: 'MUST' }],
  requirements: ['rfc6120-10.5.1-domain-handle-or-error', 'rfc6120-10.4-route-remote'],
  tags: ['iq'],
  async run(t) {
    const [a] = await pair(t, { presence: false });
    const answer = await a.iq(el('iq', { type: 'get', to: t.b.domain }, el('query', { xmlns: NS_VERSION })));
    t.check(answer.attrs['type'] === 'result' || answer.attrs['type'] === 'error', 'a result or an error', `type='${answer.attrs['type'] ?? ''}'`);
    t.note(`${t.b.server} answered with type='${answer.attrs['type'] ?? ''}'`);
  },
});

export const iqToRemoteBareJid = defineFederationCase({
  id: 'rfc6121/federation/iq-to-remote-bare-jid-answered-by-server',
  title: "an iq to an account's bare JID on the other domain is answered by that server, not passed to the account's resource",
  refs: [{ rfc: 6121, section: '8.5.2.1.3', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.3-iq-server-replies', 'rfc6121-8.5.2.1.3-iq-not-delivered', 'rfc6120-10.5.3.2-iq-handled-for-account'],
  tags: ['iq'],
  async run(t) {
    const [a, b] = await pair(t);
    const id = t.id();
    const answer = await a.iq(el('iq', { type: 'get', to: bareJid(b.jid), id }, el('query', { xmlns: 'urn:xmpp-conformance:federation:unknown' })));
    t.check(
      answer.attrs['type'] === 'error' || answer.attrs['type'] === 'result',
      'a result or an error from the server',
      `type='${answer.attrs['type'] ?? ''}'`,
    );
    t.check(bareJid(answer.attrs['from']) === bareJid(b.jid), `from='${bareJid(b.jid)}'`, `from='${answer.attrs['from'] ?? ''}'`);
    await barrier(b);
    const leaked = b.takeReceived((e) => e.name === 'iq' && e.attrs['id'] === id);
    t.check(leaked === undefined, "the iq not delivered to the account's resource", 'it reached the resource', {
      rfc: 6121,
      section: '8.5.2.1.3',
      level: 'MUST NOT',
    });
    const cond = stanzaErrorCondition(answer);
    if (answer.attrs['type'] === 'error')
      t.check(cond === 'service-unavailable', '<service-unavailable/> for a namespace it cannot answer for', cond ? `<${cond}/>` : 'no defined condition', {
        rfc: 6121,
        section: '8.5.2.1.3',
        level: 'MUST',
      });
  },
});

export const iqToUnknownUser = defineFederationCase({
  id: 'rfc6121/federation/iq-to-unknown-user',
  title: 'an iq to an account that does not exist on the other domain comes back as <service-unavailable/>',
  refs: [{ rfc: 6121, section: '8.5.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.1-iq-service-unavailable', 'rfc6120-10.5.3.1-iq-no-such-user', 'rfc6120-10.4.3-remote-delivery-error'],
  tags: ['iq', 'error'],
  async run(t) {
    const [a] = await pair(t, { presence: false });
    const nobody = `xc-nobody-${t.id()}@${t.b.domain}`;
    const answer = await a.iq(ping(nobody));
    const cond = stanzaErrorCondition(answer);
    t.check(answer.attrs['type'] === 'error', "type='error'", `type='${answer.attrs['type'] ?? ''}'`);
    t.check(cond === 'service-unavailable', '<service-unavailable/>', cond ? `<${cond}/>` : 'no defined condition');
    t.check(bareJid(answer.attrs['from']) === nobody, `from='${nobody}'`, `from='${answer.attrs['from'] ?? ''}'`, {
      rfc: 6120,
      section: '8.3.1',
      level: 'MUST',
    });
  },
});

export const iqToMissingResource = defineFederationCase({
  id: 'rfc6121/federation/iq-to-unconnected-resource',
  title: 'an iq to a full JID on the other domain whose resource is not connected comes back as <service-unavailable/>',
  refs: [{ rfc: 6121, section: '8.5.3.2.3', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.2.3-iq-service-unavailable', 'rfc6120-10.4.3-remote-delivery-error'],
  tags: ['iq', 'error'],
  async run(t) {
    const [a, b] = await pair(t);
    const to = `${bareJid(b.jid)}/xc-gone-${t.id()}`;
    const answer = await a.iq(ping(to));
    const cond = stanzaErrorCondition(answer);
    t.check(answer.attrs['type'] === 'error', "type='error'", `type='${answer.attrs['type'] ?? ''}'`);
    t.check(cond === 'service-unavailable', '<service-unavailable/>', cond ? `<${cond}/>` : 'no defined condition');
    t.check(sameJid(answer.attrs['from'], to), `from='${to}'`, `from='${answer.attrs['from'] ?? ''}'`, { rfc: 6120, section: '8.3.1', level: 'MUST' });
  },
});
