// Every fixed lab port base the tests use, in one table: each test file has its own bases, so
// files never collide with each other, and every layout (base..base+59) lies below the kernel's
// ephemeral range, so no outgoing connection holds one of them by chance (test/harness/lab/ports.test.ts
// checks both). A base that is busy anyway (another checkout's tests) moves to a fallback base:
// start labs with `portFallbacks` and take the ports from the LabInfo, not from this table.
export const TEST_PORT_BASES = {
  labProsody: 16222,
  labProsodyOptional: 16322,
  labProsodyEmpty: 16422,
  labProsodyS2s: 16522,
  labProsodyS2sCerts: 16622,
  integrationProsody: 17222,
  integrationProsodySerial: 17322,
  labLeftovers: 18222,
  labBusy: 18322,
  labInterrupted: 18422,
  labJobs: 18522,
  probeProsody: 21222,
  probeEjabberd: 21322,
  probeJabberd2: 21422,
  fuzzVectors: 22222,
  integrationBosh: 23222,
  labEjabberd: 26222,
  labJabberd2: 26322,
  labEjabberdS2s: 26422,
  labJabberd2S2s: 26522,
  integrationEjabberd: 27222,
  integrationJabberd2: 27322,
  integrationFederationProsody: 17622,
  integrationFederationEjabberd: 27622,
  integrationFederationJabberd2: 27722,
  netnsProsody: 17722,
} as const;

/** How many other bases a test's lab may try when its own is busy. */
export const TEST_PORT_FALLBACKS = 3;
