// JID parsing throughput on the same ~100k generated addresses (ASCII-heavy and mixed), side by side:
// our parseJid (full RFC 7622 / PRECIS / IDNA2008 enforcement), @xmpp/jid's parse (splitting and
// lowercasing only, no PRECIS), and python3-precis-i18n (UsernameCaseMapped + OpaqueString + idna,
// timed inside Python, one subprocess).
import { parseJid, warmUp } from '../harness/jid/index.js';
import { PrecisOracle, oracleUnavailable } from '../test/support/precis/client.js';
import type { Benchmark } from './types.js';

const N = 100_000;

// A small deterministic generator (LCG) so every run sees the same inputs.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const LOCALS = ['juliet', 'Romeo', 'user', 'fußball', 'πσ', 'Ελένη', 'عمر', 'дмитрий', '山田', 'ＡＤＭＩＮ', 'e\u0301lodie', 'o\'brien'];
const DOMAINS = ['example.com', 'Example.ORG', 'jabber.ccc.de', 'xn--bcher-kva.example', 'bücher.example', '例え.テスト', 'مثال.إختبار', '[::1]', '192.0.2.7', 'a..b'];
const RESOURCES = ['Balcony', 'laptop', 'phone-12', 'Conversations.abc1', 'résumé', '♚ king', 'a\u00a0b', ''];

export function generateJids(n: number, asciiShare: number, seed = 1): string[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (r() < asciiShare) {
      out.push(`user${i}@example${i % 97}.com${r() < 0.7 ? `/res${i % 13}` : ''}`);
    } else {
      const local = r() < 0.8 ? `${pick(LOCALS)}@` : '';
      const res = r() < 0.6 ? `/${pick(RESOURCES)}` : '';
      out.push(`${local}${pick(DOMAINS)}${res}`);
    }
  }
  return out;
}

function rate(n: number, ms: number): string {
  return `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} addr/s`;
}

export const jidBenchmark: Benchmark = {
  name: 'jid: parseJid vs @xmpp/jid vs precis_i18n',
  async run(print) {
    const t0 = performance.now();
    warmUp();
    print(`table build (once): ${(performance.now() - t0).toFixed(0)} ms`);
    const spec = '@xmpp/jid';
    let xmpp: { parse(s: string): unknown } | undefined;
    try {
      xmpp = (await import(spec)) as { parse(s: string): unknown };
    } catch {
      xmpp = undefined;
    }
    const why = oracleUnavailable();
    const oracle = why ? undefined : PrecisOracle.start();
    try {
      for (const [label, share] of [['ASCII-heavy (95% ASCII)', 0.95], ['mixed (30% ASCII)', 0.3]] as const) {
        const inputs = generateJids(N, share);
        let valid = 0;
        let t = performance.now();
        for (const s of inputs) if (parseJid(s).valid) valid++;
        const ours = performance.now() - t;
        const cols = [`ours ${rate(N, ours)} (${valid} valid)`];
        if (xmpp) {
          let ok = 0;
          t = performance.now();
          for (const s of inputs) {
            try {
              xmpp.parse(s);
              ok++;
            } catch {
              // @xmpp/jid throws on some inputs; count only
            }
          }
          cols.push(`@xmpp/jid ${rate(N, performance.now() - t)} (${ok} accepted)`);
        } else cols.push('@xmpp/jid n/a');
        if (oracle) {
          const resp = await oracle.request({ op: 'bench', items: inputs, rounds: 1 }, 300_000);
          cols.push(`precis_i18n ${rate(N, Number(resp['seconds']) * 1000)} (${String(resp['valid'])} valid)`);
        } else cols.push(`precis_i18n n/a (${why})`);
        print(`${label}, ${N} inputs: ${cols.join(' | ')}`);
      }
    } finally {
      oracle?.close();
    }
  },
};
