// The records the lab DNS answers with: A, AAAA and SRV for names under the lab suffix only
// (RFC 6120 §3.2: _xmpp-server._tcp / _xmpp-client._tcp SRV, XEP-0368: _xmpps-*), settable while
// it runs so a case can give a target the SRV answers it needs. 'localhost' names get the loopback
// addresses (RFC 6761 §6.3); every other name is refused.

export interface SrvRecord {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  /** a host name, or '.' for "the service is decidedly not available" (RFC 2782) */
  readonly target: string;
}

export type RecordType = 'A' | 'AAAA' | 'SRV';

export type Answer =
  { readonly type: 'A' | 'AAAA'; readonly name: string; readonly data: string } | { readonly type: 'SRV'; readonly name: string; readonly data: SrvRecord };

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'REFUSED';

export interface Lookup {
  readonly rcode: Rcode;
  readonly answers: readonly Answer[];
}

/** One question the server was asked, with what it answered (the run shows what a target looked up). */
export interface QueryRecord {
  readonly name: string;
  readonly type: string;
  readonly rcode: Rcode;
  readonly at: number;
}

/** The SRV services of RFC 6120 §3.2 and XEP-0368. */
export type XmppService = '_xmpp-server._tcp' | '_xmpps-server._tcp' | '_xmpp-client._tcp' | '_xmpps-client._tcp';

const MAX_QUERY_LOG = 10_000;

function norm(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * RFC 6761 §6.3: a DNS server may answer address queries for 'localhost' and names under it with
 * the loopback address itself, without asking anyone. Resolvers that take the SRV target's
 * address from the DNS (jabberd2's udns) then reach the harness's listener, which SRV records
 * name as 'localhost'.
 */
function localhostAnswers(n: string, type: string): readonly Answer[] | undefined {
  if (n !== 'localhost' && !n.endsWith('.localhost')) return undefined;
  if (type === 'A') return [{ type: 'A', name: n, data: '127.0.0.1' }];
  if (type === 'AAAA') return [{ type: 'AAAA', name: n, data: '::1' }];
  return [];
}

export class LabZone {
  private readonly records = new Map<string, Answer[]>();
  private readonly log: QueryRecord[] = [];

  /** `suffix`: the zone apex; only names equal to it or below it are answered. */
  constructor(readonly suffix = 'lab.test') {
    this.suffix = norm(suffix);
  }

  covers(name: string): boolean {
    const n = norm(name);
    return n === this.suffix || n.endsWith(`.${this.suffix}`);
  }

  private put(name: string, type: RecordType, answers: readonly Answer[]): void {
    const n = norm(name);
    if (!this.covers(n)) throw new RangeError(`the lab DNS serves only names under ${this.suffix}; '${name}' is outside it`);
    const kept = (this.records.get(n) ?? []).filter((a) => a.type !== type);
    const all = [...kept, ...answers];
    if (all.length) this.records.set(n, all);
    else this.records.delete(n);
  }

  /** Replaces the A/AAAA records of `name` (addresses of both families may be mixed). */
  setAddresses(name: string, addresses: readonly string[]): void {
    const n = norm(name);
    this.put(
      n,
      'A',
      addresses.filter((a) => !a.includes(':')).map((data) => ({ type: 'A', name: n, data })),
    );
    this.put(
      n,
      'AAAA',
      addresses.filter((a) => a.includes(':')).map((data) => ({ type: 'AAAA', name: n, data })),
    );
  }

  /** Replaces the SRV records of `service`.`domain` (none: the name has no SRV at all). */
  setSrv(service: XmppService, domain: string, records: readonly SrvRecord[]): void {
    const n = `${service}.${norm(domain)}`;
    this.put(
      n,
      'SRV',
      records.map((data) => ({ type: 'SRV', name: n, data: { ...data, target: norm(data.target) || '.' } })),
    );
  }

  /** Removes every record of `name`. */
  clear(name: string): void {
    this.records.delete(norm(name));
  }

  /** The whole zone, to put back after a case changed it. */
  snapshot(): ReadonlyMap<string, readonly Answer[]> {
    return new Map([...this.records].map(([k, v]) => [k, [...v]]));
  }

  restore(snap: ReadonlyMap<string, readonly Answer[]>): void {
    this.records.clear();
    for (const [k, v] of snap) this.records.set(k, [...v]);
  }

  lookup(name: string, type: string): Lookup {
    const n = norm(name);
    let result: Lookup;
    const loopback = localhostAnswers(n, type);
    if (loopback) result = { rcode: 'NOERROR', answers: loopback };
    else if (!this.covers(n)) result = { rcode: 'REFUSED', answers: [] };
    else {
      const at = this.records.get(n);
      result = at ? { rcode: 'NOERROR', answers: at.filter((a) => a.type === type) } : { rcode: 'NXDOMAIN', answers: [] };
    }
    if (this.log.length >= MAX_QUERY_LOG) this.log.shift();
    this.log.push({ name: n, type, rcode: result.rcode, at: Date.now() });
    return result;
  }

  /** Questions asked since `since` (ms timestamp), oldest first. */
  queries(since = 0): readonly QueryRecord[] {
    return this.log.filter((q) => q.at >= since);
  }
}
