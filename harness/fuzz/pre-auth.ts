// The pre-authentication stage of `fuzz server`: sequences on a fresh, unauthenticated stream —
// stream headers with odd attributes (a second one on the same connection is an unasked-for
// restart), bad XML before or after the header (a DTD, a byte order mark, bytes that are not
// UTF-8), stanzas and oversized SASL payloads before login, and rapid reconnects.
import fc from 'fast-check';
import type { Session } from '../session/index.js';
import { NS_SASL, type XmlElement } from '../xml/index.js';
import * as arb from './arbitraries/index.js';
import { openConnection, type ConnectOptions } from './server-connect.js';
import { expectBadXmlAnswer, expectHeaderAnswer } from './server-oracle.js';

/** One pre-authentication step, as plain data (a failure file's `actions` when its stage is 'pre-auth'). */
export type PreAuthAction =
  | { readonly kind: 'header'; readonly header: string }
  | {
      readonly kind: 'restricted';
      readonly xml: string;
      readonly reason: string;
      /** 'start' and 'prolog' pieces go first on a new connection, before our header */
      readonly where: 'content' | 'prolog' | 'start';
      /** bytes that are not UTF-8, sent in place of the U+FFFD in `xml` */
      readonly bytes?: readonly number[];
    }
  | { readonly kind: 'stanza'; readonly xml: string }
  | { readonly kind: 'oversized'; readonly bytes: number }
  | { readonly kind: 'reconnect' };

export interface PreAuthOptions extends ConnectOptions {
  readonly protocolOracle: boolean;
}

/** Lone surrogates cannot go on the wire; every other rule can, before the header as well. */
const WIRE_RULES = arb.VIOLATION_RULES.filter((r) => r !== 'surrogate-half');

/** Headers and stanzas only ever name the target's own domain (no server-to-server traffic). */
export function preAuthActionArb(domain: string, c: { readonly asciiNames?: boolean } = {}): fc.Arbitrary<PreAuthAction> {
  return fc.oneof(
    { weight: 3, arbitrary: arb.streamHeader({ to: [domain] }).map((header) => ({ kind: 'header' as const, header })) },
    {
      weight: 3,
      arbitrary: arb.violation({ rules: WIRE_RULES }).map((v) => ({
        kind: 'restricted' as const,
        xml: v.text,
        reason: v.reason,
        where: v.where,
        ...(v.bytes ? { bytes: [...v.bytes] } : {}),
      })),
    },
    { weight: 2, arbitrary: arb.stanza({ to: [domain], from: false, asciiNames: c.asciiNames === true }).map((xml) => ({ kind: 'stanza' as const, xml })) },
    { weight: 1, arbitrary: fc.integer({ min: 64, max: 2048 }).map((kb) => ({ kind: 'oversized' as const, bytes: kb * 1024 })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  );
}

export function describePreAuthAction(a: PreAuthAction): string {
  switch (a.kind) {
    case 'header':
      return `stream header ${a.header.slice(0, 200)}`;
    case 'restricted':
      return `bad XML ${a.where === 'content' ? 'after the header' : 'before the header'} (${a.reason}): ${JSON.stringify(a.xml.slice(0, 200))}`;
    case 'stanza':
      return `stanza before authentication ${a.xml.slice(0, 200)}`;
    case 'oversized':
      return `a ${a.bytes}-byte SASL <auth/> payload`;
    case 'reconnect':
      return 'drop the connection and open a new one at once';
  }
}

/**
 * The connection of a pre-auth sequence: `sent` once anything went out, `opened` once a header
 * did, `settled` while everything sent was a header the server answered without an error. Bad
 * XML is judged only on a settled stream, so an error the server owed an earlier input (a stanza
 * before login, a restart) is never taken for its answer to the bad XML.
 */
export interface PreAuthReal {
  session: Session | undefined;
  sent: boolean;
  opened: boolean;
  settled: boolean;
}

export function freshPreAuth(): PreAuthReal {
  return { session: undefined, sent: false, opened: false, settled: true };
}

function pieceData(a: Extract<PreAuthAction, { kind: 'restricted' }>): string | Buffer {
  if (!a.bytes) return a.xml;
  const [before = '', after = ''] = a.xml.split('\uFFFD');
  return Buffer.concat([Buffer.from(before), Buffer.from(a.bytes), Buffer.from(after)]);
}

export class PreAuthRunner {
  constructor(private readonly opts: PreAuthOptions) {}

  private get plainHeader(): string {
    return `<stream:stream to='${this.opts.target.domain}' version='1.0' xmlns='jabber:client' xmlns:stream='${arb.NS_STREAMS}'>`;
  }

  private async connection(r: PreAuthReal, fresh = false): Promise<Session> {
    if (!fresh && r.session && !r.session.stream.closed) return r.session;
    r.session?.destroy();
    r.session = await openConnection(this.opts, 'fuzz-pre-auth');
    r.sent = false;
    r.opened = false;
    r.settled = true;
    return r.session;
  }

  /** Our plain header first when none went out yet, then `data`, in one write. */
  private sendInStream(r: PreAuthReal, s: Session, data: string | Buffer): void {
    const head = r.opened ? '' : this.plainHeader;
    s.stream.sendRaw(typeof data === 'string' ? head + data : Buffer.concat([Buffer.from(head), data]));
    r.sent = true;
    r.opened = true;
    r.settled = false;
  }

  /** RFC 6120 §4.3.2: features follow a version 1.0 header; a stream error instead ends the stream. */
  private async afterHeader(r: PreAuthReal, s: Session, header: XmlElement): Promise<void> {
    if (header.attrs['version'] !== '1.0') {
      r.settled = false;
      return;
    }
    const ev = await s.stream.take(this.opts.timeoutMs, 'stream features', (e) => e.kind === 'element').catch(() => undefined);
    if (ev?.kind === 'element' && ev.el.name === 'features' && ev.el.ns === arb.NS_STREAMS) return;
    // a stream error about the header (host-unknown, improper-addressing…) or no features: done
    r.session = undefined;
    s.destroy();
  }

  async apply(a: PreAuthAction, r: PreAuthReal): Promise<void> {
    switch (a.kind) {
      case 'reconnect':
        await this.connection(r, true);
        return;
      case 'header': {
        // after input whose answer was not read, a fresh connection: whether the old one is still
        // open is socket timing, and the replay of a sequence must not depend on it
        const s = await this.connection(r, !r.settled);
        const initial = !r.sent;
        s.stream.sendRaw(a.header);
        r.sent = true;
        r.opened = true;
        // a second header on the same stream is a restart nobody asked for: liveness only
        if (!initial || !this.opts.protocolOracle) {
          r.settled = false;
          return;
        }
        await this.afterHeader(r, s, await expectHeaderAnswer(s, `the header ${a.header}`, this.opts.timeoutMs));
        return;
      }
      case 'stanza':
        this.sendInStream(r, await this.connection(r), a.xml);
        return;
      case 'oversized':
        // RFC 6120 §6.4.2: an initial response is base64; this one is only far too long
        this.sendInStream(r, await this.connection(r), `<auth xmlns='${NS_SASL}' mechanism='PLAIN'>${'A'.repeat(a.bytes)}</auth>`);
        return;
      case 'restricted': {
        const early = a.where !== 'content';
        // a piece meant for the very start of a stream needs a connection nothing was sent on
        const s = await this.connection(r, early ? r.sent : !r.settled);
        if (early) {
          const piece = pieceData(a);
          s.stream.sendRaw(typeof piece === 'string' ? piece + this.plainHeader : Buffer.concat([piece, Buffer.from(this.plainHeader)]));
          r.sent = true;
          r.opened = true;
        } else this.sendInStream(r, s, pieceData(a));
        r.session = undefined;
        if (!this.opts.protocolOracle) {
          // close, not destroy: a destroyed socket may drop the bad input still queued for it
          await s.closeGracefully(300);
          return;
        }
        try {
          await expectBadXmlAnswer(s, a.reason, this.opts.timeoutMs);
        } finally {
          s.destroy();
        }
        return;
      }
    }
  }
}
