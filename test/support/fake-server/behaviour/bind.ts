// Behaviour knobs for resource binding (RFC 6120 §7, RFC 7622 §3.4); read by fake-connection.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

export interface BindBehaviour {
  noBindFeature: boolean;
  bindReturnsBareJid: boolean;
  bindWrongAccount: boolean;
  bindResultWrongNamespace: boolean;
  bindResultWrongId: boolean;
  /** faithful: replace the old session; also permitted: refuse, rename; broken: grant twice silently */
  conflict: 'replace' | 'refuse' | 'rename' | 'broken';
  acceptAnyResource: boolean;
  lowercaseResources: boolean;
  noNfc: boolean;
  bindBeforeAuth: boolean;
  /** sends a new stream header and features after the bind result, as if binding restarted the stream (RFC 6120 §7.3.2) */
  restartAfterBind: boolean;
  /** the stanza error for a resource it cannot use (faithful: bad-request, RFC 6120 §7.7.2.1) */
  badResourceCondition: string;
  /** lists <bind/> among the features before authentication (it still binds only after) */
  offerBindBeforeAuth: boolean;
}

export const BIND_DEFAULTS: Readonly<BindBehaviour> = {
  noBindFeature: false,
  bindReturnsBareJid: false,
  bindWrongAccount: false,
  bindResultWrongNamespace: false,
  bindResultWrongId: false,
  conflict: 'replace',
  acceptAnyResource: false,
  lowercaseResources: false,
  noNfc: false,
  bindBeforeAuth: false,
  restartAfterBind: false,
  badResourceCondition: 'bad-request',
  offerBindBeforeAuth: false,
};
