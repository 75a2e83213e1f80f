// A scripted BOSH connection manager (XEP-0124, XEP-0206) for the BOSH transport's tests, on
// node:http at 127.0.0.1 port 0. It answers session creation, holds one request at a time (an
// older held request is answered empty when a newer one arrives), answers held requests empty
// after 'wait', and lets the test push elements, terminate the session, or misbehave (stay
// silent, answer too much, answer 404). Bodies are read with regular expressions: enough to
// script a peer, not a connection manager.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const NS_HTTPBIND = 'http://jabber.org/protocol/httpbind';
const FEATURES = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";

export interface BoshPeerOptions {
  /** 'silent': never answer anything; 'silent-after-creation': answer creation only; 'not-found': 404 to everything */
  readonly mode?: 'normal' | 'silent' | 'silent-after-creation' | 'not-found';
  /** the 'wait' the peer announces, in seconds (default 2) */
  readonly wait?: number;
  /** answer the n-th request (0 = creation) with a body of this many bytes */
  readonly oversizedAt?: { readonly request: number; readonly bytes: number };
  /** what the creation response carries (default: SASL features) */
  readonly creationChildren?: string;
}

export interface BoshPeer {
  readonly url: string;
  readonly sid: string;
  /** request bodies as received, creation first */
  readonly received: string[];
  /** answers the held request (or the next one) with these children */
  push(children: string): void;
  /** ends the session from the connection manager's side */
  terminate(condition: string, children?: string): void;
  /** resolves when `n` requests have arrived and satisfy `pred` (or rejects after `ms`) */
  waitFor(pred: (bodies: readonly string[]) => boolean, ms?: number): Promise<readonly string[]>;
  close(): Promise<void>;
}

interface Held {
  readonly res: http.ServerResponse;
  readonly timer: NodeJS.Timeout;
}

export function attr(body: string, name: string): string | undefined {
  const start = /<body\b[^>]*>/.exec(body)?.[0] ?? '';
  const m = new RegExp(`\\s${name.replace(/[:]/g, '\\:')}\\s*=\\s*(?:'([^']*)'|"([^"]*)")`).exec(start);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The children of a request body, as text. */
export function inner(body: string): string {
  const m = /^\s*<body\b[^>]*?(?:\/>\s*$|>([\s\S]*)<\/body>\s*$)/.exec(body);
  return m?.[1] ?? '';
}

export async function startBoshPeer(opts: BoshPeerOptions = {}): Promise<BoshPeer> {
  const mode = opts.mode ?? 'normal';
  const wait = opts.wait ?? 2;
  const sid = `sid-${Math.random().toString(36).slice(2, 10)}`;
  const received: string[] = [];
  const held: Held[] = [];
  let buffered: string[] = [];
  let ended = false;
  let pendingTerminate: string | undefined;
  const silent: http.ServerResponse[] = [];

  const wrap = (children: string, extra = ''): string =>
    `<body xmlns='${NS_HTTPBIND}' xmlns:stream='http://etherx.jabber.org/streams'${extra}>${children}</body>`;
  const answer = (res: http.ServerResponse, text: string): void => {
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(text);
  };
  const releaseOldest = (text: string): boolean => {
    const h = held.shift();
    if (!h) return false;
    clearTimeout(h.timer);
    answer(h.res, text);
    return true;
  };
  const hold = (res: http.ServerResponse): void => {
    const timer = setTimeout(() => {
      const i = held.findIndex((h) => h.res === res);
      if (i >= 0) held.splice(i, 1);
      answer(res, wrap(''));
    }, wait * 1000);
    held.push({ res, timer });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const n = received.length;
      received.push(body);
      if (mode === 'not-found') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html>not here</html>');
      if (mode === 'silent' || (mode === 'silent-after-creation' && n > 0)) return void silent.push(res);
      if (opts.oversizedAt?.request === n) return answer(res, wrap(`<message><body>${'x'.repeat(opts.oversizedAt.bytes)}</body></message>`));
      if (n === 0) {
        return answer(
          res,
          wrap(
            opts.creationChildren ?? FEATURES,
            ` xmlns:xmpp='urn:xmpp:xbosh' sid='${sid}' authid='${sid}' wait='${wait}' hold='1' requests='2' inactivity='30' polling='1' ver='1.11' from='localhost' xmpp:version='1.0'`,
          ),
        );
      }
      if (pendingTerminate !== undefined) {
        const text = pendingTerminate;
        pendingTerminate = undefined;
        return answer(res, text);
      }
      if (ended) return answer(res, wrap('', " type='terminate' condition='item-not-found'"));
      if (attr(body, 'type') === 'terminate') {
        ended = true;
        while (releaseOldest(wrap('', " type='terminate'"))) {
          /* every held request ends too */
        }
        return answer(res, wrap('', " type='terminate'"));
      }
      // A newer request frees the held one (XEP-0124 §10: the connection manager keeps at most 'hold').
      releaseOldest(wrap(''));
      if (buffered.length) {
        const text = buffered.join('');
        buffered = [];
        return answer(res, wrap(text));
      }
      hold(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/http-bind`,
    sid,
    received,
    push(children) {
      if (!releaseOldest(wrap(children))) buffered.push(children);
    },
    terminate(condition, children = '') {
      ended = true;
      const text = wrap(children, ` type='terminate' condition='${condition}'`);
      if (!releaseOldest(text)) pendingTerminate = text;
    },
    async waitFor(pred, ms = 3000) {
      const until = Date.now() + ms;
      while (!pred(received)) {
        if (Date.now() > until) throw new Error(`bosh peer: condition not met within ${ms} ms: ${JSON.stringify(received)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const h of held.splice(0)) clearTimeout(h.timer);
        for (const r of silent.splice(0)) r.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
