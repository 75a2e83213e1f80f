// RFC 6120 §4.7-§4.8 on the target's server-to-server port, with the harness as the initiating
// server: the response header's namespace and addressing.
import { defineCase } from '../../harness/cases/index.js';
import { NS_SERVER } from '../../harness/xml/index.js';

export const s2sContentNamespace = defineCase({
  id: 'rfc6120/s2s/jabber-server-namespace',
  title: "a server-to-server stream in 'jabber:server' is answered in 'jabber:server' and goes on to stream features",
  area: 's2s',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.3', level: 'MUST' }],
  requirements: ['rfc6120-4.8.3-server-supports-jabber-server'],
  tags: ['s2s', 'stream-header', 'namespace'],
  async run(t) {
    const s2s = t.s2s();
    // opened() reads the stream features, so a refusal (a stream error, a close) fails here
    const s = await s2s.opened();
    const declared = s.headerDeclarations[''];
    t.check(declared === NS_SERVER, `a response header declaring the default namespace '${NS_SERVER}'`, declared === undefined ? 'no default namespace declared' : `'${declared}'`);
  },
});

export const s2sResponseTo = defineCase({
  id: 'rfc6120/s2s/response-to-is-initiator',
  title: "after TLS, the response header's 'to' is the domain the harness put in 'from'",
  area: 's2s',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.2', level: 'MUST' }],
  requirements: ['rfc6120-4.7.2-s2s-response-to'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const s2s = t.s2s();
    const s = await s2s.secured();
    const to = s.header?.attrs['to'];
    t.check(to !== undefined && to.toLowerCase() === s2s.localDomain, `to='${s2s.localDomain}' on the response header after STARTTLS`, to === undefined ? "no 'to'" : `to='${to}'`);
  },
});
