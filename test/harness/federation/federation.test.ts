// harness/federation without servers: the zone both lab servers are given, case definitions, and
// the job's pairs × cases table.
import { expect } from 'chai';
import { federationAuthFor, federationJob, federationTable, serverPairs } from '../../../harness/cli/federation-job.js';
import { defineFederationCase, federationZone, pairKey } from '../../../harness/federation/index.js';
import type { LabInfo } from '../../../harness/lab/index.js';
import type { CaseResult } from '../../../harness/runner/index.js';
import { EXIT } from '../../../harness/cli/exit-codes.js';
import type { FederationLab } from '../../../harness/federation/index.js';
import { startFakeFederation } from '../../support/federation-control.js';
import { outDir, readJson } from '../../support/stopped-run.js';

function info(server: 'prosody' | 'ejabberd', domain: string, s2sPort: number): LabInfo {
  return { server, ports: { s2s: s2sPort }, s2s: { domain } } as unknown as LabInfo;
}

describe('harness/federation', () => {
  it("one zone names both federating domains' s2s ports by SRV, target localhost", () => {
    const zone = federationZone([info('prosody', 'prosody.lab.test', 19491), info('ejabberd', 'ejabberd.lab.test', 19591)]);
    for (const [domain, port] of [
      ['prosody.lab.test', 19491],
      ['ejabberd.lab.test', 19591],
    ] as const) {
      const got = zone.lookup(`_xmpp-server._tcp.${domain}`, 'SRV');
      expect(got.rcode).to.equal('NOERROR');
      expect(got.answers.map((a) => (a.type === 'SRV' ? [a.data.port, a.data.target] : []))).to.deep.equal([[port, 'localhost']]);
    }
    expect(zone.lookup('_xmpp-server._tcp.other.lab.test', 'SRV').rcode).to.equal('NXDOMAIN');
  });

  it('case ids must be rfc<N>/federation/<slug> and cite a rule', () => {
    const run = async (): Promise<void> => undefined;
    expect(() =>
      defineFederationCase({ id: 'rfc6121/im/x', title: 't', refs: [{ rfc: 6121, section: '3.1', level: 'MUST' }], requirements: [], run }),
    ).to.throw(/federation/);
    expect(() => defineFederationCase({ id: 'rfc6121/federation/x', title: 't', refs: [], requirements: [], run })).to.throw(/cites no rule/);
    expect(pairKey({ server: 'prosody' }, { server: 'ejabberd' })).to.equal('prosody->ejabberd');
  });

  it('the table has a row per case and a column per pair', () => {
    const r = (id: string, status: CaseResult['status']): CaseResult => ({
      id,
      title: id,
      area: 's2s',
      role: 'server',
      refs: [],
      requirements: [],
      tags: [],
      status,
      durationMs: 1,
    });
    const summary = { total: 2, passed: 1, failed: 1, skipped: 0, errored: 0, 'expected-fail': 0, fixed: 0 };
    const side = { server: 's', version: '1', domain: 'd' };
    const text = federationTable({
      pairs: {
        'a->b': { from: side, to: side, summary, results: [r('rfc6121/federation/one', 'passed'), r('rfc6121/federation/two', 'failed')] },
        'b->a': { from: side, to: side, summary, results: [r('rfc6121/federation/one', 'expected-fail'), r('rfc6121/federation/two', 'passed')] },
      },
    });
    const lines = text.split('\n');
    expect(lines[0]).to.match(/^case\s+a->b\s+b->a$/);
    expect(lines[1]).to.match(/one\s+pass\s+xfail$/);
    expect(lines[2]).to.match(/two\s+FAIL\s+pass$/);
    expect(lines[3]).to.match(/^summary\s+1\/2\s+1\/2$/);
  });

  it('pairs every server with every later one once; dialback is allowed only where jabberd2 is one of the two', () => {
    expect(serverPairs(['prosody', 'ejabberd', 'jabberd2'])).to.deep.equal([
      ['prosody', 'ejabberd'],
      ['prosody', 'jabberd2'],
      ['ejabberd', 'jabberd2'],
    ]);
    expect(serverPairs(['prosody', 'ejabberd'])).to.deep.equal([['prosody', 'ejabberd']]);
    expect(federationAuthFor(['prosody', 'ejabberd'])).to.equal('certs-required');
    expect(federationAuthFor(['ejabberd', 'jabberd2'])).to.equal('dialback-allowed');
  });

  it('the job refuses bad server lists and flags in one line, exit 2, before starting anything', async () => {
    for (const [argv, text] of [
      [['prosody'], 'give two or more servers'],
      [['prosody', 'prosody'], 'give different servers'],
      [['prosody', 'ejabberd', 'jabberd2', '--port-bases', '1,2'], '--port-bases wants 3 port bases'],
      [['prosody', 'ejabberd', '--s2s-auth', 'maybe'], '--s2s-auth wants certs-required or dialback-allowed'],
    ] as const) {
      let err = '';
      const io = { stdout: { write: () => true }, stderr: { write: (t: string) => ((err += t), true) }, env: {} } as unknown as Parameters<
        typeof federationJob
      >[1];
      expect(await federationJob([...argv], io), argv.join(' ')).to.equal(2);
      expect(err, argv.join(' ')).to.include(text);
      expect(err.trim().split('\n')).to.have.length(1);
    }
  });

  it('an internal error during a pair: exit 4, one line, the labs taken down, the finished cases in report.json with the error', async function () {
    this.timeout(60_000);
    const fed = await startFakeFederation();
    let downs = 0;
    const lab = {
      infos: [],
      endpoints: [fed.a, fed.b],
      down: async () => {
        downs += 1;
        await fed.stop();
        return [];
      },
    } as unknown as FederationLab;
    let err = '';
    let caseLines = 0;
    const io = {
      stdout: {
        write: (t: string) => {
          // the third case's line: the job's own output fails, as a bug in the tool would
          if (/^ {2}\S+\s+rfc\d+\/federation\//.test(t) && ++caseLines === 3) throw new TypeError('injected: writing a case line failed');
          return true;
        },
      },
      stderr: { write: (t: string) => ((err += t), true) },
      env: {},
    } as unknown as Parameters<typeof federationJob>[1];
    const out = outDir('federation-internal');
    const code = await federationJob(['prosody', 'ejabberd', '--out', out, '--timeout', '1500'], io, { labUp: async () => lab });
    expect(code, err).to.equal(EXIT.INTERNAL);
    expect(downs, 'the labs taken down once').to.equal(1);
    const lines = err.trim().split('\n');
    expect(lines, err).to.have.length(1);
    expect(lines[0]).to.match(
      /^xmpp-conformance: federation: internal error: TypeError: injected: writing a case line failed; stopping after taking the labs down$/,
    );
    const report = readJson<{ internalError?: string; pairs: Record<string, { results: unknown[] }> }>(`${out}/report.json`);
    expect(report.internalError).to.match(/injected: writing a case line failed/);
    // the direction the error cut keeps the three cases it finished; no other direction started
    expect(Object.keys(report.pairs)).to.deep.equal(['fake-a->fake-b']);
    expect(report.pairs['fake-a->fake-b']?.results).to.have.length(3);
  });
});
