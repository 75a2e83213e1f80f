// One broken server per external component case: each breaks exactly the rule its case checks.
import type { ComponentControlTable } from '../../support/component-control.js';

export const COMPONENT_CONTROLS: ComponentControlTable = {
  'xep0114/component/handshake-accepted': {
    breaks: "answers the component's header without an 'id'",
    requirements: ['xep0114-3-reply-header'],
    behaviour: { omitStreamId: true },
    also: [
      {
        breaks: 'answers a right handshake with a <handshake/> that has text in it',
        requirements: ['xep0114-3-empty-handshake'],
        behaviour: { handshakeWithText: true },
      },
    ],
  },
  'xep0114/component/wrong-secret-refused': {
    breaks: 'takes a handshake computed with any secret',
    requirements: ['xep0114-3-close-on-bad-handshake'],
    behaviour: { acceptWrongSecret: true },
    also: [
      {
        breaks: 'refuses a wrong handshake with <conflict/> instead of <not-authorized/>',
        requirements: ['xep0114-3-not-authorized-on-bad-handshake'],
        behaviour: { badHandshakeCondition: 'conflict' },
      },
    ],
  },
  'xep0114/component/stanza-before-handshake-refused': {
    breaks: 'routes what the component sends before its handshake',
    requirements: ['xep0114-3-handshake-first'],
    behaviour: { routeBeforeHandshake: true },
  },
  'xep0114/component/message-to-component': {
    breaks: "hands the component a client's message without the stamped 'from'",
    requirements: ['rfc6120-8.1.2.1-stamp-full-jid'],
    behaviour: { unstampedToComponent: true },
  },
  'xep0114/component/message-from-component': {
    breaks: "drops the component's messages to clients",
    requirements: ['rfc6120-10.5.4-deliver-full-jid'],
    behaviour: { dropFromComponent: true },
  },
  'xep0114/component/foreign-from-refused': {
    breaks: "passes on a stanza from the component with a 'from' at another domain",
    requirements: ['xep0114-3-from-at-component-domain'],
    behaviour: { acceptForeignFrom: true },
  },
  'xep0114/component/iq-unknown-user-error': {
    breaks: 'answers an iq to an account that does not exist with a result',
    requirements: ['rfc6120-10.5.3.1-iq-no-such-user'],
    behaviour: { resultForUnknownUser: true },
  },
};
