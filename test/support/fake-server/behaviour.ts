// How the fake server behaves. The defaults follow RFC 6120/6121/7622 faithfully; each knob breaks
// exactly one requirement, so a negative control can show that the case checking it fails.
// The knobs live by area, each area's interface with its faithful defaults next to it:
// behaviour/stream.ts, tls.ts, sasl.ts, bind.ts, stanza.ts, roster.ts, subscription.ts, presence.ts,
// message.ts, address.ts; service discovery in fake-disco.ts. `Behaviour` is all of them together
// and FAITHFUL all their defaults.
import type { PepFault } from './fake-pep.js';

import { DISCO_DEFAULTS, type DiscoBehaviour } from './fake-disco.js';
import { STREAM_DEFAULTS, type StreamBehaviour } from './behaviour/stream.js';
import { TLS_DEFAULTS, type TlsBehaviour } from './behaviour/tls.js';
import { SASL_DEFAULTS, type SaslBehaviour } from './behaviour/sasl.js';
import { BIND_DEFAULTS, type BindBehaviour } from './behaviour/bind.js';
import { STANZA_DEFAULTS, type StanzaBehaviour } from './behaviour/stanza.js';
import { ROSTER_DEFAULTS, type RosterBehaviour } from './behaviour/roster.js';
import { SUBSCRIPTION_DEFAULTS, type SubscriptionBehaviour } from './behaviour/subscription.js';
import { PRESENCE_DEFAULTS, type PresenceBehaviour } from './behaviour/presence.js';
import { MESSAGE_DEFAULTS, type MessageBehaviour } from './behaviour/message.js';
import { ADDRESS_DEFAULTS, type AddressBehaviour } from './behaviour/address.js';

export type { OutputFault } from './behaviour/stream.js';
export type { StanzaFault } from './behaviour/stanza.js';

export interface Behaviour
  extends
    DiscoBehaviour,
    StreamBehaviour,
    TlsBehaviour,
    SaslBehaviour,
    BindBehaviour,
    StanzaBehaviour,
    RosterBehaviour,
    SubscriptionBehaviour,
    PresenceBehaviour,
    MessageBehaviour,
    AddressBehaviour {
  /** added: one PEP rule (XEP-0163, XEP-0060) its PEP service breaks (fake-pep.ts) */
  pepFault: PepFault | undefined;
}

export const FAITHFUL: Readonly<Behaviour> = Object.freeze({
  ...DISCO_DEFAULTS,
  ...STREAM_DEFAULTS,
  ...TLS_DEFAULTS,
  ...SASL_DEFAULTS,
  ...BIND_DEFAULTS,
  ...STANZA_DEFAULTS,
  ...ROSTER_DEFAULTS,
  ...SUBSCRIPTION_DEFAULTS,
  ...PRESENCE_DEFAULTS,
  ...MESSAGE_DEFAULTS,
  ...ADDRESS_DEFAULTS,
  pepFault: undefined,
});
