// Negative controls for the address area (RFC 7622): the fake's address handling breaks one rule each.
import type { ControlTable } from '../../support/control.js';

export const ADDRESS_CONTROLS: ControlTable = {
  'rfc7622/address/localpart-case-variant-delivered': { breaks: 'does not case-fold localparts', behaviour: { noLocalCaseFold: true } },
  'rfc7622/address/localpart-fullwidth-variant-delivered': { breaks: 'does not width-map localparts', behaviour: { noLocalWidthMap: true } },
  'rfc7622/address/domainpart-case-variant-delivered': { breaks: 'does not case-fold domainparts', behaviour: { noDomainCaseFold: true } },
  'rfc7622/address/domainpart-fullwidth-variant-delivered': { breaks: 'does not width-map domainparts', behaviour: { noDomainWidthMap: true } },
  'rfc7622/address/domainpart-trailing-dot-delivered': { breaks: 'keeps a trailing dot on the domainpart', behaviour: { keepTrailingDot: true } },
  'rfc7622/address/domainpart-ideographic-full-stop-delivered': { breaks: 'does not map U+3002 to a dot', behaviour: { noDomainWidthMap: true }, domain: 'example.test' },
  'rfc7622/address/resourcepart-case-sensitive': { breaks: 'matches resourceparts case-insensitively', behaviour: { resourceCaseInsensitive: true } },
  'rfc7622/address/resourcepart-exact-match-delivered': { breaks: 'lowercases resourceparts when routing', behaviour: { resourcesLowercased: true } },
  'rfc7622/address/resourcepart-nfc-match-delivered': { breaks: 'does not normalize resourceparts to NFC when routing', behaviour: { noResourceNfcRouting: true } },
  'rfc7622/address/resourcepart-with-space': { breaks: 'strips spaces from resourceparts when routing', behaviour: { stripResourceSpaces: true } },
  'rfc7622/address/resourcepart-with-slash': { breaks: "splits at the last '/' instead of the first", behaviour: { splitAtLastSlash: true } },
  'rfc7622/address/resourcepart-with-at': { breaks: "takes an '@' in the resourcepart as the localpart separator", behaviour: { atInResourceSplits: true } },
  'rfc7622/address/resourcepart-non-ascii': { breaks: 'refuses non-ASCII resourceparts', behaviour: { asciiOnlyResources: true } },
  'rfc7622/address/localpart-with-quote': { breaks: 'accepts excluded localpart characters', behaviour: { acceptExcludedLocalChars: true } },
  'rfc7622/address/localpart-with-ampersand': { breaks: 'accepts excluded localpart characters', behaviour: { acceptExcludedLocalChars: true } },
  'rfc7622/address/localpart-with-colon': { breaks: 'accepts excluded localpart characters', behaviour: { acceptExcludedLocalChars: true } },
  'rfc7622/address/localpart-with-less-than': { breaks: 'accepts excluded localpart characters', behaviour: { acceptExcludedLocalChars: true } },
  'rfc7622/address/localpart-with-space': { breaks: 'accepts spaces in localparts', behaviour: { acceptLocalSpaces: true } },
  'rfc7622/address/localpart-with-control': { breaks: 'accepts control characters in localparts', behaviour: { acceptControlLocal: true } },
  'rfc7622/address/localpart-too-long': { breaks: 'accepts parts over 1023 octets', behaviour: { acceptLongParts: true } },
  'rfc7622/address/resourcepart-too-long': { breaks: 'accepts parts over 1023 octets', behaviour: { acceptLongParts: true } },
  'rfc7622/address/resourcepart-empty': { breaks: 'accepts an empty resourcepart', behaviour: { acceptEmptyResource: true } },
  'rfc7622/address/roster-item-invalid-jid': { breaks: 'stores roster items with invalid JIDs', behaviour: { acceptInvalidRosterJid: true } },
  'rfc7622/address/subscribe-to-invalid-jid': { breaks: 'creates a pending item for an invalid JID', behaviour: { subscribeInvalidCreatesItem: true } },
};
