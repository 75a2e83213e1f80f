// Fixed ports stay out of the kernel's ephemeral range, test files do not share bases, and a busy
// port moves a lab to another base instead of failing.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_EPHEMERAL_RANGE,
  DEFAULT_PORT_BASE,
  DEFAULT_PORT_BASES,
  FALLBACK_BASE_FIRST,
  PORT_SPAN,
  PortBusyError,
  ephemeralPortRange,
  fallbackBases,
  labDown,
  labUp,
  reachesEphemeral,
} from '../../../harness/lab/index.js';
import { TEST_PORT_BASES } from '../../support/ports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const RANGE = ephemeralPortRange();

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function overlap(a: number, b: number): boolean {
  return a <= b + PORT_SPAN && b <= a + PORT_SPAN;
}

describe('lab ports: outside the ephemeral range', () => {
  it('reads the ephemeral range from procfs, and falls back to Linux default without it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xc-ports-'));
    try {
      const file = path.join(dir, 'range');
      writeFileSync(file, '10000\t20000\n');
      expect(ephemeralPortRange(file)).to.deep.equal([10000, 20000]);
      writeFileSync(file, 'garbage\n');
      expect(ephemeralPortRange(file)).to.deep.equal(DEFAULT_EPHEMERAL_RANGE);
      expect(ephemeralPortRange(path.join(dir, 'missing'))).to.deep.equal(DEFAULT_EPHEMERAL_RANGE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const proc = '/proc/sys/net/ipv4/ip_local_port_range';
    if (existsSync(proc)) expect(RANGE).to.deep.equal(readFileSync(proc, 'utf8').trim().split(/\s+/).map(Number));
    expect(reachesEphemeral(RANGE[0] - PORT_SPAN - 1, PORT_SPAN, RANGE)).to.equal(false);
    expect(reachesEphemeral(RANGE[0] - PORT_SPAN, PORT_SPAN, RANGE)).to.equal(true);
  });

  it(`every default lab layout (base..base+${PORT_SPAN}) lies below the ephemeral range (${RANGE[0]}-${RANGE[1]})`, () => {
    const bases = { default: DEFAULT_PORT_BASE, ...DEFAULT_PORT_BASES };
    for (const [what, base] of Object.entries(bases)) expect(reachesEphemeral(base), `${what}: ${base}..${base + PORT_SPAN}`).to.equal(false);
  });

  it('every test base lies below the ephemeral range, and no two test bases, defaults or fallbacks overlap', () => {
    const named: [string, number][] = [
      ...Object.entries(TEST_PORT_BASES),
      ...Object.entries(DEFAULT_PORT_BASES).map(([k, v]): [string, number] => [`default ${k}`, v]),
    ];
    for (const [what, base] of named) {
      expect(reachesEphemeral(base), `${what}: ${base}..${base + PORT_SPAN}`).to.equal(false);
      expect(base + PORT_SPAN, `${what} reaches the fallback band`).to.be.below(FALLBACK_BASE_FIRST);
    }
    for (let i = 0; i < named.length; i++) {
      for (let j = i + 1; j < named.length; j++) {
        const [a, b] = [named[i] as [string, number], named[j] as [string, number]];
        expect(overlap(a[1], b[1]), `${a[0]} (${a[1]}) and ${b[0]} (${b[1]}) overlap`).to.equal(false);
      }
    }
    const spare = fallbackBases();
    expect(spare.length).to.be.at.least(10);
    for (const base of spare) expect(reachesEphemeral(base), `fallback ${base}`).to.equal(false);
    expect(fallbackBases([20000, 30000]), 'nothing to fall back to below a low ephemeral range').to.deep.equal([]);
  });

  it('no test, benchmark or default binds a fixed port inside the ephemeral range (source scan)', () => {
    // Every number on a line about port bases or listening ports; everything else listens on
    // port 0 (the kernel picks) or takes its base from test/support/ports.ts.
    const PORTISH = /port[-_]?base|listen/i;
    const found: string[] = [];
    for (const dir of ['harness', 'test', 'bench']) {
      for (const file of walk(path.join(ROOT, dir))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (!PORTISH.test(line)) return;
            for (const m of line.matchAll(/\b\d{4,5}\b/g)) {
              if (reachesEphemeral(Number(m[0]), 0)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${m[0]}`);
            }
          });
      }
    }
    expect(found).to.deep.equal([]);
  });
});

describe('lab ports: a busy port moves the lab @integration', function () {
  this.timeout(60_000);
  let stateRoot = '';
  let blocker: net.Server | undefined;

  before(async function () {
    if (!existsSync('/usr/bin/prosody')) this.skip();
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-busy-'));
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  after(() => {
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  /** Holds 127.0.0.1:port, as another program would; a base another run holds moves on too. */
  async function hold(port: number): Promise<boolean> {
    const srv = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      srv.once('error', () => resolve(false));
      srv.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(true));
    });
    if (ok) blocker = srv;
    return ok;
  }

  it('without fallbacks, a busy port fails the start with PortBusyError and leaves no state dir', async () => {
    const base = TEST_PORT_BASES.labBusy;
    await hold(base + 1); // held by someone else already: busy all the same
    const err = await labUp('prosody', { stateRoot, portBase: base, log: () => undefined }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PortBusyError);
    expect((err as PortBusyError).port).to.equal(base + 1);
    expect((err as Error).message).to.match(new RegExp(`port 127\\.0\\.0\\.1:${base + 1} \\(prosody directTls\\) is busy`));
    expect(readdirSync(stateRoot)).to.deep.equal([]);
  });

  it('with fallbacks, a busy port moves the lab to a free base below the ephemeral range, said on the log', async () => {
    const base = TEST_PORT_BASES.labBusy;
    await hold(base);
    const lines: string[] = [];
    const info = await labUp('prosody', { stateRoot, portBase: base, portFallbacks: 3, log: (l) => lines.push(l) });
    try {
      expect(info.ports.c2s).to.not.equal(base);
      expect(info.ports.c2s).to.be.at.least(FALLBACK_BASE_FIRST);
      expect(reachesEphemeral(info.ports.c2s)).to.equal(false);
      expect(info.target).to.equal(`xmpp://127.0.0.1:${info.ports.c2s}`);
      expect(lines.join('\n')).to.match(new RegExp(`port 127\\.0\\.0\\.1:${base} \\(prosody c2s\\) is busy.*; trying port base ${info.ports.c2s}`));
    } finally {
      const res = await labDown('prosody', { stateRoot, portBase: info.ports.c2s });
      expect(res.removed).to.equal(true);
    }
    expect(readdirSync(stateRoot)).to.deep.equal([]);
  });
});
