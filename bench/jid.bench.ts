// JID parsing throughput on the same 100k generated addresses (ASCII-heavy and mixed; in-process also
// a set whose non-ASCII parts never repeat), side by side. In-process: our parseJid (full RFC 7622 /
// PRECIS / IDNA2008 enforcement), @xmpp/jid's parse (splitting and lowercasing only, no PRECIS), and
// python3-precis-i18n (UsernameCaseMapped + OpaqueString + idna, timed inside Python, one subprocess).
// As whole processes: `xmpp-conformance jid` reading the addresses from a file on stdin against
// bench/jid-precis.py doing the same with precis_i18n and idna, start-up included; each side runs
// three times, alternating, and the fastest CPU time (user + system, from the shell's `times`) and
// wall time of each are compared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJid, warmUp } from '../harness/jid/index.js';
import { PYTHON, PrecisOracle, oracleUnavailable } from '../test/support/precis/client.js';
import type { Benchmark } from './types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin', 'xmpp-conformance');
const PRECIS_SCRIPT = path.join(ROOT, 'bench', 'jid-precis.py');
const PROCESS_ROUNDS = 3;
const PROCESS_LIMIT_MS = 5 * 60_000;

const N = 100_000;

// A small deterministic generator (LCG) so every run sees the same inputs.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const LOCALS = ['juliet', 'Romeo', 'user', 'fußball', 'πσ', 'Ελένη', 'عمر', 'дмитрий', '山田', 'ＡＤＭＩＮ', 'e\u0301lodie', "o'brien"];
const DOMAINS = [
  'example.com',
  'Example.ORG',
  'jabber.ccc.de',
  'xn--bcher-kva.example',
  'bücher.example',
  '例え.テスト',
  'مثال.إختبار',
  '[::1]',
  '192.0.2.7',
  'a..b',
];
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

interface ProcessTime {
  readonly cpu: number;
  readonly wall: number;
  readonly valid: number;
}

function sh(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs `argv` with `input` on stdin through /bin/sh; its CPU seconds (the shell's `times` for children), wall seconds and 'valid' lines. */
function timeProcess(argv: readonly string[], input: string, output: string): ProcessTime {
  const t0 = performance.now();
  const r = spawnSync('/bin/sh', ['-c', `${argv.map(sh).join(' ')} < ${sh(input)} > ${sh(output)}; times`], { encoding: 'utf8', timeout: PROCESS_LIMIT_MS });
  const wall = (performance.now() - t0) / 1000;
  if (r.error) throw new Error(`${argv[0]} did not finish: ${r.error.message}`);
  // `times`: the shell's user and system time, then its children's, e.g. "0m0.450s 0m0.170s".
  const m = /\n?(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stdout);
  if (!m) throw new Error(`no times from /bin/sh for ${argv[0]}: ${r.stdout.slice(-200)}`);
  const cpu = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
  const text = readFileSync(output, 'utf8');
  let valid = 0;
  for (let i = text.indexOf('valid\t'); i >= 0; i = text.indexOf('\nvalid\t', i + 1)) valid++;
  return { cpu, wall, valid };
}

function best(times: readonly ProcessTime[]): ProcessTime {
  return { cpu: Math.min(...times.map((t) => t.cpu)), wall: Math.min(...times.map((t) => t.wall)), valid: (times[0] as ProcessTime).valid };
}

// Every part non-ASCII and different from all others: what a long list of unrelated international
// addresses costs when nothing the general path judged before comes back.
const DISTINCT_LOCALS = ['fußball', 'Ελένη', 'дмитрий', '山田', 'ＡＤＭＩＮ', 'e\u0301lodie'];
const DISTINCT_DOMAINS = ['bücher', '例え', 'παράδειγμα', 'пример'];
const DISTINCT_RESOURCES = ['résumé', '♚ king', 'a\u00a0b', 'Téléphone'];

export function distinctJids(n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => `${DISTINCT_LOCALS[i % 6] as string}${i}@${DISTINCT_DOMAINS[i % 4] as string}${i}.example/${DISTINCT_RESOURCES[i % 4] as string}${i}`,
  );
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
      const inProcess = [
        ['ASCII-heavy (95% ASCII)', generateJids(N, 0.95)],
        ['mixed (30% ASCII)', generateJids(N, 0.3)],
        ['distinct non-ASCII parts (no part repeats, so no remembered verdicts)', distinctJids(N)],
      ] as const;
      for (const [label, inputs] of inProcess) {
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
        print(`${label}, ${N} inputs, in-process: ${cols.join(' | ')}`);
      }
      const dir = mkdtempSync(path.join(os.tmpdir(), 'jid-bench-'));
      try {
        for (const [label, share] of [
          ['ASCII-heavy (95% ASCII)', 0.95],
          ['mixed (30% ASCII)', 0.3],
        ] as const) {
          const input = path.join(dir, 'in.txt');
          writeFileSync(input, generateJids(N, share).join('\n') + '\n');
          const ours: ProcessTime[] = [];
          const theirs: ProcessTime[] = [];
          const load = os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ');
          for (let i = 0; i < PROCESS_ROUNDS; i++) {
            ours.push(timeProcess([process.execPath, CLI, 'jid'], input, path.join(dir, 'ours.txt')));
            if (!why) theirs.push(timeProcess([PYTHON, PRECIS_SCRIPT], input, path.join(dir, 'theirs.txt')));
          }
          const o = best(ours);
          const cells = [`ours ${o.cpu.toFixed(2)} s CPU, ${o.wall.toFixed(2)} s wall (${o.valid} valid)`];
          if (why) cells.push(`precis_i18n n/a (${why})`);
          else {
            const t = best(theirs);
            cells.push(`precis_i18n ${t.cpu.toFixed(2)} s CPU, ${t.wall.toFixed(2)} s wall (${t.valid} valid)`);
            cells.push(`ratio ${(t.cpu / o.cpu).toFixed(1)}x CPU, ${(t.wall / o.wall).toFixed(1)}x wall`);
          }
          print(
            `${label}, ${N} addresses as whole processes (fastest of ${PROCESS_ROUNDS}; load average ${load} on ${os.cpus().length} cores): ${cells.join(' | ')}`,
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      oracle?.close();
    }
  },
};
