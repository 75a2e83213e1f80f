// Where Prosody 0.12 does not do what the RFCs ask, as observed by this suite against the lab.
// Each entry is explained in README.md ("Known deviations"). Filled in from real runs.
export const PROSODY_DEVIATIONS: Readonly<Record<string, string>> = {
  'rfc6120/stream/version-lower': "answers version='1.0' to a client header with version='0.9' (RFC 6120 §4.7.5 wants the lower of the two)",
  'rfc6120/stream/wrong-content-namespace': "accepts a header whose default namespace is 'jabber:wrong' and answers in jabber:client",
  'rfc6120/stream/restricted-comment-condition': 'closes the stream on a comment with <not-well-formed/> rather than <restricted-xml/>',
};
