// Regression vectors (vectors/fuzz/, README there): every saved fuzz failure in that tree is
// replayed against each peer its `replay` list names and must come to the verdict written there.
// Parser vectors run on the own parser, server vectors on the fake servers and (@integration)
// on the lab Prosody.
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAccount, parseTarget } from '../../../harness/config.js';
import { ownParserTarget, replayFailure, replayServerFailure, type FailureFile, type ServerFailureFile } from '../../../harness/fuzz/index.js';
import { labDown, labUp, type LabInfo } from '../../../harness/lab/index.js';
import { FakeServer } from '../../support/fake-server/fake-server.js';
import { Tripwire } from '../../support/fake-server/tripwire.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../../support/ports.js';

const ROOT = fileURLToPath(new URL('../../../../vectors/fuzz/', import.meta.url));

interface Replay {
  readonly against: 'own-parser' | 'faithful' | 'silent-bad-xml' | 'ascii-only-names' | 'dies-over-1mib' | 'prosody';
  readonly verdict: 'passes' | 'liveness' | 'protocol';
}
type Vector = (FailureFile | ServerFailureFile) & { readonly note?: string; readonly replay: readonly Replay[] };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.json') ? [p] : [];
  });
}

const vectors = walk(ROOT).map((file) => ({ name: path.relative(ROOT, file), v: JSON.parse(readFileSync(file, 'utf8')) as Vector }));

/** The verdict of one server replay: 'passes' or the failure's kind. */
async function serverVerdict(v: ServerFailureFile, url: string, account: string, timeoutMs: number, ca?: string): Promise<string> {
  const target = parseTarget(url, 'localhost', ca !== undefined ? { ca } : {});
  const failure = await replayServerFailure({ target, account: parseAccount(account), timeoutMs, protocolOracle: true, recoverMs: 0 }, v);
  return failure ? failure.kind : 'passes';
}

describe('fuzz regression vectors (vectors/fuzz)', function () {
  this.timeout(60_000);
  let faithful: FakeServer;
  let silent: FakeServer;
  let asciiOnly: FakeServer;
  before(async () => {
    faithful = await FakeServer.start({ behaviour: { starttls: 'none' } });
    silent = await FakeServer.start({ behaviour: { starttls: 'none', xmlErrorMode: 'silent' } });
    asciiOnly = await FakeServer.start({ behaviour: { starttls: 'none', asciiOnlyNames: true } });
  });
  after(async () => {
    await faithful.stop();
    await silent.stop();
    await asciiOnly.stop();
  });

  /** The fake server a replay names; a name we do not know is an error, never the faithful fake. */
  function fakeUrl(against: Replay['against']): string {
    switch (against) {
      case 'faithful':
        return faithful.url;
      case 'silent-bad-xml':
        return silent.url;
      case 'ascii-only-names':
        return asciiOnly.url;
      default:
        throw new Error(`no fake server named '${against}' (see vectors/fuzz/README.md)`);
    }
  }

  it('every vector is a fuzz failure file with a replay list', () => {
    expect(vectors.length).to.be.at.least(4);
    for (const { name, v } of vectors) {
      expect(v.schema, name).to.equal('xmpp-conformance/fuzz-failure@1');
      expect(v.replay, name).to.be.an('array').that.is.not.empty;
      for (const r of v.replay) {
        expect(['own-parser', 'faithful', 'silent-bad-xml', 'ascii-only-names', 'dies-over-1mib', 'prosody'], `${name}: against`).to.include(r.against);
        expect(
          ['passes', 'liveness', 'protocol', 'accepts-forbidden', 'rejects-allowed', 'chunking', 'crash', 'hang', 'memory'],
          `${name}: verdict`,
        ).to.include(r.verdict);
      }
    }
  });

  for (const { name, v } of vectors) {
    for (const r of v.replay.filter((x) => x.against !== 'prosody')) {
      it(`${name} on ${r.against}: ${r.verdict}`, async () => {
        if (v.mode === 'parser') {
          const target = ownParserTarget({ timeoutMs: 2000, maxMemoryMb: 128 });
          try {
            const again = await replayFailure(target, v);
            expect(again ? again.kind : 'passes', again?.message).to.equal(r.verdict);
          } finally {
            await target.close();
          }
          return;
        }
        const account = 'alice@localhost:secret-alice';
        // a peer that answers costs no wait, so a replay that must pass gets a long deadline (400 ms
        // made the faithful fake look dead once on a loaded machine); one that must find a silence
        // waits out its deadline, so that one is shorter, though not so short that the liveness
        // check after the silence (a fresh login and a ping, within the same deadline) runs out:
        // at 400 ms that turned a 'protocol' verdict into 'liveness' once in the unit loop's load
        const ms = r.verdict === 'passes' ? 3000 : 1200;
        if (r.against === 'dies-over-1mib') {
          const wire = await Tripwire.start(faithful.port);
          try {
            expect(await serverVerdict(v, wire.url, account, ms)).to.equal(r.verdict);
          } finally {
            await wire.stop();
          }
          return;
        }
        expect(await serverVerdict(v, fakeUrl(r.against), account, ms)).to.equal(r.verdict);
      });
    }
  }
});

describe('fuzz regression vectors on the lab Prosody @integration', function () {
  this.timeout(120_000);
  const onProsody = vectors.filter(({ v }) => v.mode === 'server' && v.replay.some((r) => r.against === 'prosody'));
  let stateRoot = '';
  let info: LabInfo;
  before(async () => {
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-fuzz-vectors-'));
    info = await labUp('prosody', { stateRoot, portBase: TEST_PORT_BASES.fuzzVectors, portFallbacks: TEST_PORT_FALLBACKS });
  });
  after(async () => {
    if (info) await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
    rmSync(stateRoot, { recursive: true, force: true });
  });

  for (const { name, v } of onProsody) {
    const want = v.replay.find((r) => r.against === 'prosody')?.verdict;
    it(`${name} on prosody: ${want ?? ''}`, async () => {
      const ca = readFileSync(info.ca, 'utf8');
      expect(await serverVerdict(v as ServerFailureFile, info.target, info.accounts[0] ?? '', 3000, ca)).to.equal(want);
    });
  }
});
