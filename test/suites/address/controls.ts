// Negative controls for the address area (RFC 7622): the fake's address handling breaks one rule each.
import type { ControlTable } from '../../support/control.js';

export const ADDRESS_CONTROLS: ControlTable = {
  'rfc7622/address/localpart-case-variant-delivered': {
    requirements: ['rfc7622-3.3-usernamecasemapped'],
    breaks: 'does not case-fold localparts',
    behaviour: { noLocalCaseFold: true },
  },
  'rfc7622/address/localpart-fullwidth-variant-delivered': {
    requirements: ['rfc7622-3.3-usernamecasemapped'],
    breaks: 'does not width-map localparts',
    behaviour: { noLocalWidthMap: true },
  },
  'rfc7622/address/domainpart-case-variant-delivered': {
    requirements: ['rfc7622-3.2.2-enforce-idna-mappings'],
    breaks: 'does not case-fold domainparts',
    behaviour: { noDomainCaseFold: true },
  },
  'rfc7622/address/domainpart-fullwidth-variant-delivered': {
    requirements: ['rfc7622-3.2.2-enforce-idna-mappings'],
    breaks: 'does not width-map domainparts',
    behaviour: { noDomainWidthMap: true },
  },
  'rfc7622/address/domainpart-trailing-dot-delivered': {
    requirements: ['rfc7622-3.2-strip-trailing-dot'],
    breaks: 'keeps a trailing dot on the domainpart',
    behaviour: { keepTrailingDot: true },
  },
  'rfc7622/address/domainpart-ideographic-full-stop-delivered': {
    requirements: ['rfc7622-3.2.2-enforce-idna-mappings'],
    breaks: 'does not map U+3002 to a dot',
    behaviour: { noDomainWidthMap: true },
    domain: 'example.test',
  },
  'rfc7622/address/resourcepart-case-sensitive': {
    requirements: ['rfc7622-3.4-resource-case'],
    breaks: 'matches resourceparts case-insensitively',
    behaviour: { resourceCaseInsensitive: true },
  },
  'rfc7622/address/resourcepart-exact-match-delivered': {
    requirements: ['rfc7622-3.4-resourcepart-opaquestring'],
    breaks: 'lowercases resourceparts when routing',
    behaviour: { resourcesLowercased: true },
  },
  'rfc7622/address/resourcepart-nfc-match-delivered': {
    requirements: ['rfc7622-3.4-resource-nfc'],
    breaks: 'does not normalize resourceparts to NFC when routing',
    behaviour: { noResourceNfcRouting: true },
  },
  'rfc7622/address/resourcepart-with-space': {
    requirements: ['rfc7622-3.4-resourcepart-opaquestring'],
    breaks: 'strips spaces from resourceparts when routing',
    behaviour: { stripResourceSpaces: true },
  },
  'rfc7622/address/resourcepart-with-slash': {
    requirements: ['rfc7622-3.1-split-before-transform'],
    breaks: "splits at the last '/' instead of the first",
    behaviour: { splitAtLastSlash: true },
  },
  'rfc7622/address/resourcepart-with-at': {
    requirements: ['rfc7622-3.2-parse-order'],
    breaks: "takes an '@' in the resourcepart as the localpart separator",
    behaviour: { atInResourceSplits: true },
  },
  'rfc7622/address/resourcepart-non-ascii': {
    requirements: ['rfc7622-3.4-resourcepart-opaquestring'],
    breaks: 'refuses non-ASCII resourceparts',
    behaviour: { asciiOnlyResources: true },
  },
  'rfc7622/address/localpart-with-quote': {
    requirements: ['rfc7622-3.3.1-excluded-characters'],
    breaks: 'accepts excluded localpart characters',
    behaviour: { acceptExcludedLocalChars: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/localpart-with-ampersand': {
    requirements: ['rfc7622-3.3.1-excluded-characters'],
    breaks: 'accepts excluded localpart characters',
    behaviour: { acceptExcludedLocalChars: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/localpart-with-colon': {
    requirements: ['rfc7622-3.3.1-excluded-characters'],
    breaks: 'accepts excluded localpart characters',
    behaviour: { acceptExcludedLocalChars: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/localpart-with-less-than': {
    requirements: ['rfc7622-3.3.1-excluded-characters'],
    breaks: 'accepts excluded localpart characters',
    behaviour: { acceptExcludedLocalChars: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/localpart-with-space': {
    requirements: ['rfc7622-3.3-usernamecasemapped'],
    breaks: 'accepts spaces in localparts',
    behaviour: { acceptLocalSpaces: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/localpart-with-control': {
    requirements: ['rfc7622-3.3-usernamecasemapped'],
    breaks: 'accepts control characters in localparts',
    behaviour: { acceptControlLocal: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/localpart-too-long': {
    requirements: ['rfc7622-3.3-localpart-max-length'],
    breaks: 'accepts parts over 1023 octets',
    behaviour: { acceptLongParts: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/resourcepart-too-long': {
    requirements: ['rfc7622-3.4-resourcepart-length'],
    breaks: 'accepts parts over 1023 octets',
    behaviour: { acceptLongParts: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/resourcepart-empty': {
    requirements: ['rfc7622-3.4-resourcepart-length'],
    breaks: 'accepts an empty resourcepart',
    behaviour: { acceptEmptyResource: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc7622/address/roster-item-invalid-jid': {
    requirements: ['rfc7622-3.3.1-excluded-characters'],
    breaks: 'stores roster items with invalid JIDs',
    behaviour: { acceptInvalidRosterJid: true },
  },
  'rfc7622/address/subscribe-to-invalid-jid': {
    requirements: ['rfc6121-3.1.2-check-jid-syntax'],
    breaks: 'creates a pending item for an invalid JID',
    behaviour: { subscribeInvalidCreatesItem: true },
  },
};
