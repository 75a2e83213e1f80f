// Broken remote-server peers for the XEP-0368 direct-TLS cases and the SRV cases of
// suites/s2s/direct-tls.ts and srv.ts; each breaks exactly the rule its case checks.
import type { S2sControlTable } from '../../support/s2s-control.js';

export const S2S_DIRECT_TLS_SRV_CONTROLS: S2sControlTable = {
  'rfc6120/s2s/direct-tls-no-starttls': {
    breaks: 'offers STARTTLS on its direct-TLS port, where the stream has TLS already',
    requirements: ['rfc6120-5.4.3.3-no-starttls-again'],
    behaviour: { directTlsStarttls: true },
  },
  'rfc7590/s2s/direct-tls-external': {
    breaks: 'never offers SASL EXTERNAL, on its direct-TLS port either',
    requirements: ['rfc7590-3.4-servers-authenticate-servers'],
    behaviour: { noExternal: true },
  },
  'rfc6120/s2s/initiator-direct-tls-by-xmpps-srv': {
    breaks: 'connects to the _xmpps-server target in plain text and skips TLS there',
    requirements: ['rfc6120-5.2-use-tls-before-sasl'],
    behaviour: { outXmppsPlain: true },
  },
  'rfc6120/s2s/srv-dot-target-not-followed': {
    breaks: "takes an SRV target of '.' for a host and connects to the record's port",
    requirements: ['rfc6120-3.2.1-srv-dot-abort'],
    behaviour: { outSrvDotFollowed: true },
    also: [
      {
        breaks: "swallows a stanza for a domain whose SRV target is '.', with no error",
        requirements: ['rfc6120-10.4.3-remote-server-not-found'],
        behaviour: { outSilentWhenUnresolved: true },
      },
    ],
  },
  'rfc6120/s2s/srv-absent-address-fallback': {
    breaks: 'gives up on a domain without SRV records instead of looking up its address',
    requirements: ['rfc6120-3.2.2-fallback-address-lookup'],
    behaviour: { outNoAddressFallback: true },
  },
};
