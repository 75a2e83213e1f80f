// Behaviour knobs for addresses (RFC 7622): which JIDs it accepts and how it prepares them; read by router/jid.ts
// (validJid, canonicalJid) and fake-router.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

export interface AddressBehaviour {
  acceptExcludedLocalChars: boolean;
  acceptLocalSpaces: boolean;
  acceptControlLocal: boolean;
  acceptLongParts: boolean;
  acceptEmptyResource: boolean;
  noLocalCaseFold: boolean;
  noLocalWidthMap: boolean;
  noDomainCaseFold: boolean;
  noDomainWidthMap: boolean;
  keepTrailingDot: boolean;
  noResourceNfcRouting: boolean;
  resourceCaseInsensitive: boolean;
  acceptInvalidRosterJid: boolean;
  subscribeInvalidCreatesItem: boolean;
  asciiOnlyResources: boolean;
  resourcesLowercased: boolean;
  stripResourceSpaces: boolean;
  splitAtLastSlash: boolean;
  atInResourceSplits: boolean;
}

export const ADDRESS_DEFAULTS: Readonly<AddressBehaviour> = {
  acceptExcludedLocalChars: false,
  acceptLocalSpaces: false,
  acceptControlLocal: false,
  acceptLongParts: false,
  acceptEmptyResource: false,
  noLocalCaseFold: false,
  noLocalWidthMap: false,
  noDomainCaseFold: false,
  noDomainWidthMap: false,
  keepTrailingDot: false,
  noResourceNfcRouting: false,
  resourceCaseInsensitive: false,
  acceptInvalidRosterJid: false,
  subscribeInvalidCreatesItem: false,
  asciiOnlyResources: false,
  resourcesLowercased: false,
  stripResourceSpaces: false,
  splitAtLastSlash: false,
  atInResourceSplits: false,
};
