// Public API of harness/dns: the lab's authoritative DNS (zone data and the UDP/TCP server).
export { LabZone, type Answer, type Lookup, type QueryRecord, type Rcode, type RecordType, type SrvRecord, type XmppService } from './zone.js';
export { LabDns, answerQuery, type LabDnsAddress } from './server.js';
