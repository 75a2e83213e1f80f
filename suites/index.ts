// Every case of the suite, imported explicitly (no globbing), registered in id order.
import { registerCases, type CaseDefinition } from '../harness/cases/index.js';
import * as header from './stream/header.js';
import * as streamErrors from './stream/errors.js';
import * as restricted from './stream/restricted-xml.js';
import * as streamOutput from './stream/output.js';
import * as starttls from './tls/starttls.js';
import * as saslNegotiation from './sasl/negotiation.js';
import * as saslFailures from './sasl/failures.js';
import * as bind from './bind/bind.js';
import * as stanzaAddressing from './stanza/addressing.js';
import * as stanzaIq from './stanza/iq.js';
import * as stanzaErrors from './stanza/errors.js';
import * as stanzaRouting from './stanza/routing.js';
import * as stanzaLang from './stanza/lang.js';
import * as imRoster from './im/roster.js';
import * as imSubscription from './im/subscription.js';
import * as imPresence from './im/presence.js';
import * as imMessages from './im/messages.js';
import * as addressDelivery from './address/delivery.js';
import * as addressInvalid from './address/invalid.js';
import { clientCases } from './client/index.js';
import * as s2sStream from './s2s/stream.js';
import * as s2sAuth from './s2s/auth.js';
import * as s2sAddressing from './s2s/addressing.js';
import * as s2sDelivery from './s2s/delivery.js';
import * as s2sOutbound from './s2s/outbound.js';
import * as s2sBidi from './s2s/bidi.js';
import * as s2sDialback from './s2s/dialback.js';
import * as s2sXml from './s2s/xml.js';
import * as s2sCertificates from './s2s/certificates.js';
import * as s2sFailures from './s2s/failures.js';
import * as s2sMultiDomain from './s2s/multi-domain.js';
import * as s2sInitiatorHeader from './s2s/initiator-header.js';
import * as s2sDirectTls from './s2s/direct-tls.js';
import * as s2sSrv from './s2s/srv.js';
import * as component from './component/component.js';
import * as discoServer from './disco/server.js';
import * as discoAccounts from './disco/accounts.js';
import * as discoFeatures from './disco/features.js';
import * as discoCaps from './disco/caps.js';
import * as pepPublish from './pep/publish.js';
import * as pepOptions from './pep/options.js';
import * as pepNotify from './pep/notify.js';
import * as pepAccess from './pep/access.js';
import * as pepLifecycle from './pep/lifecycle.js';

function collect(...modules: Record<string, CaseDefinition | CaseDefinition[] | unknown>[]): CaseDefinition[] {
  const out: CaseDefinition[] = [];
  for (const m of modules) {
    for (const v of Object.values(m)) {
      if (Array.isArray(v)) out.push(...(v as CaseDefinition[]));
      else if (v && typeof v === 'object' && 'run' in v && 'id' in v) out.push(v as CaseDefinition);
    }
  }
  return out;
}

export const allCases: readonly CaseDefinition[] = registerCases(
  collect(
    header,
    streamErrors,
    restricted,
    streamOutput,
    starttls,
    saslNegotiation,
    saslFailures,
    bind,
    stanzaAddressing,
    stanzaIq,
    stanzaErrors,
    stanzaRouting,
    stanzaLang,
    imRoster,
    imSubscription,
    imPresence,
    imMessages,
    addressDelivery,
    addressInvalid,
    s2sStream,
    s2sAuth,
    s2sAddressing,
    s2sDelivery,
    s2sOutbound,
    s2sDialback,
    s2sXml,
    s2sCertificates,
    s2sFailures,
    s2sMultiDomain,
    s2sInitiatorHeader,
    s2sDirectTls,
    s2sSrv,
    s2sBidi,
    component,
    discoServer,
    discoAccounts,
    discoFeatures,
    discoCaps,
    pepPublish,
    pepOptions,
    pepNotify,
    pepAccess,
    pepLifecycle,
    { clientCases },
  ),
);
