// `fuzz server` against deliberately wrong fake servers, in both stages: each fault is found
// within a fixed seed and budget, shrunk to the one input that triggers it, saved, replayed to the
// same verdict, and the replay passes on the fixed server; a well-behaved fake yields nothing.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAccount, parseTarget } from '../../../harness/config.js';
import { SERVER_STAGES, fuzzServer, readServerFailureFile, replayServerFailure, type ServerStage } from '../../../harness/fuzz/index.js';
import { FakeServer } from '../../support/fake-server/fake-server.js';
import { Tripwire } from '../../support/fake-server/tripwire.js';

const ACCOUNT = parseAccount('alice@localhost:secret-alice');
/**
 * Short deadlines, since a silent server costs one per bad-XML input while shrinking; long enough
 * for a login and a ping on loopback to a fake in this process on a loaded 2-core CI machine.
 */
const TIMEOUT_MS = 800;
/**
 * The tripwire's fake answers every input at once, so nothing waits out a deadline there: a long
 * one costs nothing and keeps a slow login on a loaded machine from looking like a crash, which
 * would stop shrinking at a sequence longer than the one oversized input.
 */
const TRIPWIRE_TIMEOUT_MS = 3000;
const SEED = 7;
/**
 * The tripwire's fake dies on a run of more than this many bytes without a '>': below the fake's
 * own 1 MiB element cap, which counts the <auth/> tag's bytes too and could close the stream on
 * the oversized input before the tripwire had seen enough of it to trip.
 */
const TRIP_BYTES = 512 * 1024;
const RUNS = 40;

const optsFor = (url: string, stage: ServerStage, outDir?: string, timeoutMs = TIMEOUT_MS) => ({
  target: parseTarget(url, 'localhost'),
  account: ACCOUNT,
  timeoutMs,
  protocolOracle: true,
  stages: [stage],
  // the tripwire's fake is back 300 ms after a trip; a login that is slow on a loaded machine must
  // not be taken for a server that stayed down, which would end shrinking early
  recoverMs: 10_000,
  ...(outDir ? { outDir } : {}),
});

describe('fuzz server', function () {
  this.timeout(180_000);
  let out: string;
  let faithful: FakeServer;
  let silent: FakeServer;

  before(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'xc-fuzz-server-'));
    // plain TCP, so the tripwire can count bytes
    faithful = await FakeServer.start({ behaviour: { starttls: 'none' } });
    silent = await FakeServer.start({ behaviour: { starttls: 'none', xmlErrorMode: 'silent' } });
  });

  after(async () => {
    await faithful.stop();
    await silent.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('finds nothing on the faithful fake server (seed 1, 15 sequences per stage)', async () => {
    const s = await fuzzServer({ ...optsFor(faithful.url, 'authenticated'), stages: SERVER_STAGES, runs: 15, seed: 1 });
    expect(s.failures.map((f) => `${f.property}: ${f.kind}: ${f.message} — ${f.counterexample}`)).to.deep.equal([]);
    expect(s.runs).to.equal(30);
  });

  for (const stage of SERVER_STAGES) {
    // @slow: 10 to 45 s a stage (shrinking, up to five tries); `npm run test:unit` leaves it out, `npm test` runs it
    it(`${stage}: a server that dies on over 512 KiB is caught by liveness, shrunk to the one oversized input, replayed, and passes once fixed @slow`, async function () {
      // The tripwire, the fake behind it and the fuzzer share this process's event loop, so when
      // the trip lands (before or after the liveness check) is a race the fixture cannot close;
      // it lost about one run in ten here (shrinking stopped short, or a replay passed), and on
      // 2026-12-07 all three tries of one npm test run and of one run of this file alone, at a
      // code state that passed it six times in a row otherwise. Four more tries, each with a fresh
      // fake and tripwire, keep that from failing the build; a fuzzer that never finds the crash
      // still fails all five.
      this.retries(4);
      // a fake and tripwire of its own: state the earlier campaigns left in the shared ones made
      // shrinking stop short now and then
      const backend = await FakeServer.start({ behaviour: { starttls: 'none' } });
      const wire = await Tripwire.start(backend.port, { limitBytes: TRIP_BYTES, downMs: 300 });
      try {
        const s = await fuzzServer({ ...optsFor(wire.url, stage, out, TRIPWIRE_TIMEOUT_MS), runs: RUNS, seed: SEED });
        expect(wire.trips, 'this stage tripped the fake').to.be.greaterThan(0);
        const f = s.failures[0];
        expect(f?.kind, JSON.stringify(s.failures)).to.equal('liveness');
        const saved = readServerFailureFile(f?.file ?? '');
        expect(saved.stage).to.equal(stage);
        expect(saved.actions, `${f?.message} — ${f?.counterexample}`).to.have.length(1);
        expect(saved.actions[0]).to.include({ kind: 'oversized' });
        await new Promise((r) => setTimeout(r, 400)); // the fake's restart
        const again = await replayServerFailure(optsFor(wire.url, stage, undefined, TRIPWIRE_TIMEOUT_MS), f?.file ?? '');
        expect(again?.kind, 'the replay fails the same way').to.equal('liveness');
        await new Promise((r) => setTimeout(r, 400)); // the fake's restart
        wire.armed = false;
        expect(await replayServerFailure(optsFor(wire.url, stage, undefined, TRIPWIRE_TIMEOUT_MS), f?.file ?? ''), 'the fixed server passes').to.equal(
          undefined,
        );
      } finally {
        await wire.stop();
        await backend.stop();
      }
    });

    it(`${stage}: a server that answers bad XML without a stream error is caught by the protocol oracle, shrunk to the one bad-XML input, replayed, and passes on the faithful server`, async () => {
      const s = await fuzzServer({ ...optsFor(silent.url, stage, out), runs: RUNS, seed: SEED });
      const f = s.failures[0];
      expect(f?.kind, JSON.stringify(s.failures)).to.equal('protocol');
      expect(f?.message).to.match(new RegExp(`no stream error within ${TIMEOUT_MS} ms`));
      const saved = readServerFailureFile(f?.file ?? '');
      expect(saved.stage).to.equal(stage);
      expect(saved.actions, `${f?.message} — ${f?.counterexample}`).to.have.length(1);
      expect(saved.actions[0]).to.include({ kind: 'restricted' });
      const again = await replayServerFailure(optsFor(silent.url, stage), f?.file ?? '');
      expect(again?.kind).to.equal('protocol');
      expect(await replayServerFailure(optsFor(faithful.url, stage), f?.file ?? ''), 'the faithful server passes').to.equal(undefined);
    });
  }

  it("reused logins change no verdict: the same finding, shrunk the same way, as with fresh logins; only the sequences' first logins are saved", async () => {
    // the sequences' first sessions are the liveness checks' before them; every other login (after
    // a stream a sequence broke, a reconnect, each liveness check) happens in both ways, so the
    // logins saved are exactly the sessions handed on
    const run = (reuseLogins: boolean) => fuzzServer({ ...optsFor(silent.url, 'authenticated'), runs: 15, seed: SEED, reuseLogins });
    const reused = await run(true);
    const fresh = await run(false);
    const verdict = (x: typeof reused) => ({ runs: x.runs, found: x.failures.map((f) => `${f.kind}: ${f.message} — ${f.counterexample} @ ${f.path}`) });
    expect(verdict(reused)).to.deep.equal(verdict(fresh));
    expect(reused.failures, 'the silent fake was met').to.have.length(1);
    expect(fresh.logins?.reused).to.equal(0);
    expect(reused.logins?.reused).to.be.greaterThan(0);
    expect((fresh.logins?.made ?? 0) - (reused.logins?.made ?? 0)).to.equal(reused.logins?.reused);
  });

  it('on the faithful fake, both stages: nothing found either way, and the pre-auth stage hands no session on', async () => {
    const run = (reuseLogins: boolean, stage: ServerStage) => fuzzServer({ ...optsFor(faithful.url, stage), runs: 10, seed: 1, reuseLogins });
    for (const stage of SERVER_STAGES) {
      const [reused, fresh] = [await run(true, stage), await run(false, stage)];
      expect([reused.failures, fresh.failures]).to.deep.equal([[], []]);
      expect((fresh.logins?.made ?? 0) - (reused.logins?.made ?? 0)).to.equal(reused.logins?.reused);
      if (stage === 'pre-auth') expect(reused.logins?.reused).to.equal(0);
    }
  });

  it('ignore: a known finding is counted, not reported, and the run goes on past it', async () => {
    // the silent fake answers neither bad XML nor, past its 1 MiB stanza limit, anything at all
    const s = await fuzzServer({ ...optsFor(silent.url, 'authenticated'), runs: 15, seed: SEED, ignore: [/no stream error within/, /no answer to a ping/] });
    expect(s.failures.map((f) => `${f.kind}: ${f.message}`)).to.deep.equal([]);
    expect(s.ignored, 'the silent server was met and ignored').to.be.greaterThan(0);
    expect(s.runs, 'every sequence ran (no stop at the first finding)').to.equal(15);
  });

  it('replays a failure file from before stages existed (no stage field) as an authenticated sequence', async () => {
    const old = {
      schema: 'xmpp-conformance/fuzz-failure@1' as const,
      mode: 'server' as const,
      target: silent.url,
      property: 'server-sequences',
      kind: 'protocol',
      message: '',
      seed: 0,
      path: '',
      counterexample: '',
      actions: [{ kind: 'restricted' as const, xml: '<!--x-->', reason: 'a comment' }],
    };
    expect((await replayServerFailure(optsFor(silent.url, 'authenticated'), old))?.kind).to.equal('protocol');
    expect(await replayServerFailure(optsFor(faithful.url, 'authenticated'), old)).to.equal(undefined);
  });
});
