// RFC 6120 §3.2.1 and §3.2.2 on the target as the initiating server, beyond following a record
// (outbound.ts): an SRV answer whose only target is '.' says the peer's s2s service is decidedly
// not available, so the target resolves nothing more, connects nowhere and bounces the stanza; a
// domain without SRV records is looked up by its own address records. What the target asked is
// read from the lab DNS's log. Not checked: the connection on port 5269 the fallback then makes
// (a privileged port shared by the whole machine, which the harness does not bind), and SRV
// weights (a random choice among equal priorities: not decidable from one run).
import { defineCase, type CaseContext, type S2sContext, type S2sDnsLookup } from '../../harness/cases/index.js';
import { sleep } from '../../harness/util/index.js';
import { sendUntilLookedUp } from './steps.js';

/** How long the target may still take, after bouncing the stanza, to show it connected anyway. */
const AFTER_BOUNCE_MS = 300;

/** Whether a lab DNS question asked for the A or AAAA records of `name`. */
const addressLookupOf =
  (name: string) =>
  (q: S2sDnsLookup): boolean =>
    q.name === name && (q.type === 'A' || q.type === 'AAAA');

/**
 * Skips the case unless the target asks the lab DNS for host addresses: a domain whose SRV
 * record names a lab host (host.<domain>) is sent a message, and the lab DNS must be asked for that
 * host's A or AAAA records. A target that resolves host names another way (ejabberd 23.01 through
 * the system's getaddrinfo) resolves no lab name, and what it looks up is not seen.
 */
async function requireLabAddressLookups(t: CaseContext, s2s: S2sContext): Promise<void> {
  const probe = await s2s.listen({ srv: 'named-target' });
  const host = `host.${probe.domain}`;
  const { bounce } = await sendUntilLookedUp(t, s2s, probe, 'probe');
  let done = false;
  void bounce.then(() => (done = true));
  const until = Date.now() + t.timeout * 3;
  await t.step(`check that the target asks the lab DNS for the address of ${host}`, async () => {
    while (!done && !probe.lookups().some(addressLookupOf(host)) && Date.now() < until) await sleep(50);
    // the bounce may come a moment before the lookup is logged
    await sleep(50);
  });
  if (!probe.lookups().some(addressLookupOf(host))) {
    t.skip(
      `the target never asked the lab DNS for the address of ${host}, the host its SRV record names: it resolves host names some other way (ejabberd does, through the system's getaddrinfo), so the address lookups this case judges are not seen`,
    );
  }
}

export const s2sSrvDotTarget = defineCase({
  id: 'rfc6120/s2s/srv-dot-target-not-followed',
  title:
    "a single SRV record with target '.' for a domain: the target connects nowhere, resolves no address, and bounces the message with <remote-server-not-found/>",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [
    { rfc: 6120, section: '3.2.1', level: 'MUST' },
    { rfc: 6120, section: '10.4.3', level: 'MUST' },
  ],
  requirements: ['rfc6120-3.2.1-srv-dot-abort', 'rfc6120-10.4.3-remote-server-not-found'],
  tags: ['s2s', 'dns', 'srv', 'stanza-error'],
  async run(t) {
    const s2s = t.s2s();
    await requireLabAddressLookups(t, s2s);
    const listener = await s2s.listen({ srv: 'dot-target' });
    const { bounce } = await sendUntilLookedUp(t, s2s, listener, 'dot');
    const back = await t.step('wait for the bounce', () => bounce);
    // a connection that came instead of the bounce is the more telling failure: judged first
    const came = await t.step("check that nothing connected to the '.' record's port", () => listener.connected(back ? AFTER_BOUNCE_MS : 0));
    t.check(!came, "no connection to the port of a record whose target is '.'", 'the target connected there');
    const lookups = listener.lookups();
    const rootLookup = lookups.find((q) => q.name === '' && q.type !== 'SRV');
    t.check(rootLookup === undefined, "no address lookup for the target '.'", () => `it asked the lab DNS for the ${rootLookup?.type} records of '.'`);
    const fallback = lookups.filter(addressLookupOf(listener.domain));
    // RFC 6120 §3.2.1: after an SRV answer, the §3.2.2 fallback is SHOULD NOT; shown, not judged here
    if (fallback.length > 0)
      t.note(
        `it looked up ${fallback.map((q) => q.type).join(', ')} for ${listener.domain} after the '.' answer (the A/AAAA fallback, which RFC 6120 §3.2.1 says it should not do after an SRV answer)`,
      );
    const bounceRule = t.refs[1];
    if (!back) return t.fail('the message back as an error', `nothing came back within ${t.timeout * 3} ms`, bounceRule);
    t.check(back.attrs['type'] === 'error', "the message back with type 'error'", `type='${back.attrs['type'] ?? ''}'`, bounceRule);
    const condition = t.stanzaErrorCondition(back);
    t.check(condition === 'remote-server-not-found', '<remote-server-not-found/>', `<${condition ?? 'none'}/>`, bounceRule);
  },
});

export const s2sSrvAddressFallback = defineCase({
  id: 'rfc6120/s2s/srv-absent-address-fallback',
  title: "for a domain with no SRV record, the target falls back to the domain's own A/AAAA records",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '3.2.2', level: 'SHOULD' }],
  requirements: ['rfc6120-3.2.2-fallback-address-lookup'],
  tags: ['s2s', 'dns', 'srv'],
  async run(t) {
    const s2s = t.s2s();
    await requireLabAddressLookups(t, s2s);
    const listener = await s2s.listen({ srv: 'no-srv' });
    await sendUntilLookedUp(t, s2s, listener, 'fallback');
    const isFallback = addressLookupOf(listener.domain);
    const until = Date.now() + t.timeout * 3;
    await t.step(`wait for an A or AAAA lookup of ${listener.domain}`, async () => {
      while (!listener.lookups().some(isFallback) && Date.now() < until) await sleep(50);
    });
    const asked = listener.lookups();
    t.check(asked.some(isFallback), `an A or AAAA lookup of ${listener.domain} after its SRV lookup found nothing`, () =>
      asked.length ? `it asked only: ${asked.map((q) => `${q.type} ${q.name || '.'}`).join(', ')}` : 'it asked the lab DNS nothing about the domain',
    );
  },
});
