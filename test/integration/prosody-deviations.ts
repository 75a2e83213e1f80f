// Where Prosody 0.12 does not do what the RFCs ask, as observed by this suite against the lab.
// Each entry is explained in README.md ("Known deviations"). Filled in from real runs.
export const PROSODY_DEVIATIONS: Readonly<Record<string, string>> = {
  'rfc6120/stream/version-lower': "answers version='1.0' to a client header with version='0.9' (RFC 6120 §4.7.5 wants the lower of the two)",
  'rfc6120/stream/wrong-content-namespace': "accepts a header whose default namespace is 'jabber:wrong', answers in jabber:client, then closes on the first stanza with <unsupported-stanza-type/> instead of <invalid-namespace/> (RFC 6120 §4.8.3)",
  'rfc6120/stream/host-unknown-from': "puts the unknown host name in the 'from' of the header it sends before <host-unknown/> (RFC 6120 §4.9.1.3 wants its own domain or '')",
  'rfc6120/stanza/iq-to-nonexistent-user': 'answers a ping addressed to a user that does not exist with a result (RFC 6120 §10.5.3.1 wants <service-unavailable/> for any iq to a nonexistent user)',
  'rfc6121/im/iq-to-stranger-not-delivered': 'delivers an iq get to the full JID of a user who shares no presence with the sender (RFC 6121 §8.5.3.1: SHOULD NOT deliver, SHOULD answer <service-unavailable/>)',
  'rfc6121/im/resubscribe-auto-approved': "answers a repeated subscription request from an already-subscribed user with a roster push and the contact's presence, not with 'subscribed' from the contact (RFC 6121 §3.1.3 MUST auto-reply)",
  'rfc6121/im/roster-set-duplicate-groups': 'accepts a roster item naming the same group twice (RFC 6121 §2.3.3 wants <bad-request/>)',
  'rfc6121/im/roster-set-empty-group': 'accepts a roster item with an empty <group/> (RFC 6121 §2.3.3 wants <not-acceptable/>)',
  'rfc6120/stream/stanza-before-auth': 'answers a message to another user sent before authentication with a <service-unavailable/> stanza error and keeps the stream open (RFC 6120 §4.3.5 wants the stream closed with <not-authorized/>)',
  'rfc6120/stream/restricted-comment-condition': 'closes the stream on a comment with <not-well-formed/> rather than <restricted-xml/>',
};
