export { adoptCa, createCa, issueCert, selfSignedCert, type CaFiles, type IssuedCert, type IssueOptions, type KeyUsage } from './ca.js';
