// serve --concurrency: the active client cases spread over lanes, each lane a listener (a port in
// the launched client's XC_PORT) of its own; the passive cases after every active one has ended;
// every case's status the same as one at a time; and where it may not be used, a usage error.
import { expect } from 'chai';
import { RunStopper, type CaseResult, type Report, type Reporter } from '../../../harness/runner/index.js';
import { UsageError } from '../../../harness/errors.js';
import { isClientCase, resolveServeConfig, runServe, type ClientLauncher } from '../../../harness/serve/index.js';
import { allCases } from '../../../suites/index.js';
import { scriptedClient } from '../../support/clients/scripted-client.js';

/** active cases of several kinds (logins, iq answers, a redirect) and passive ones that judge them */
const GREP = 'client/(iq-|sent-|see-other-host|bind-iq-id|assigned-resource)';

interface Seen {
  readonly report: Report;
  /** the XC_PORT each case's client was given */
  readonly ports: Map<string, string>;
  /** in the order they happened */
  readonly events: { readonly kind: 'begin' | 'end'; readonly id: string }[];
}

async function serveAt(concurrency: number): Promise<Seen> {
  const config = resolveServeConfig({
    listen: '127.0.0.1:0',
    domain: 'localhost',
    account: 'tester:xc-lanes-pw',
    grep: GREP,
    timeout: '1500',
    connectTimeout: '3000',
    seed: '1',
    concurrency: String(concurrency),
    // the launcher below plays the client; --concurrency above 1 wants a command to start one
    clientCmd: 'scripted',
  });
  const ports = new Map<string, string>();
  const client = scriptedClient();
  const launcher: ClientLauncher = {
    start(env) {
      ports.set(env.XC_CASE, env.XC_PORT);
      return client.start(env);
    },
  };
  const events: { kind: 'begin' | 'end'; id: string }[] = [];
  const reporter: Reporter = {
    onCaseBegin: (m) => void events.push({ kind: 'begin', id: m.id }),
    onCaseEnd: (m: { id: string }, _r: CaseResult) => void events.push({ kind: 'end', id: m.id }),
  };
  const report = await runServe(allCases.filter(isClientCase), config, reporter, launcher);
  return { report, ports, events };
}

describe('serve --concurrency', function () {
  this.timeout(120_000);
  let one: Seen;
  let three: Seen;

  before(async () => {
    one = await serveAt(1);
    three = await serveAt(3);
  });

  it('runs every selected case once, passive ones included, and reports them in plan order', () => {
    const ids = one.report.results.map((r) => r.id);
    expect(ids.length).to.be.at.least(10);
    expect(
      ids.some((id) => /\/sent-/.test(id)),
      'a passive case among them',
    ).to.equal(true);
    expect(three.report.results.map((r) => r.id)).to.deep.equal(ids);
    expect(
      three.events
        .filter((e) => e.kind === 'begin')
        .map((e) => e.id)
        .sort(),
    ).to.deep.equal([...ids].sort());
  });

  it('gives every case the status it gets one case at a time, and none errors', () => {
    const before = new Map(one.report.results.map((r) => [r.id, r.status]));
    expect(one.report.results.filter((r) => r.status === 'errored').map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
    expect(
      three.report.results
        .filter((r) => before.get(r.id) !== r.status)
        .map((r) => `${r.id}: ${r.status}, ${before.get(r.id)} one at a time; ${r.message ?? ''}`),
    ).to.deep.equal([]);
  });

  it('runs active cases side by side, each lane on a port of its own, one port when one at a time', () => {
    expect(new Set(one.ports.values()).size).to.equal(1);
    expect(new Set(three.ports.values()).size).to.equal(3);
    let open = 0;
    let most = 0;
    for (const e of three.events) {
      open += e.kind === 'begin' ? 1 : -1;
      most = Math.max(most, open);
    }
    expect(most, 'cases in flight at once').to.equal(3);
  });

  it('starts the passive cases only once every active case has ended, one at a time', () => {
    const passive = (id: string): boolean => /\/sent-|header-from-after-tls/.test(id);
    const firstPassive = three.events.findIndex((e) => passive(e.id));
    const lastActiveEnd = three.events.map((e, i) => (e.kind === 'end' && !passive(e.id) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    expect(firstPassive).to.be.greaterThan(lastActiveEnd);
    const tail = three.events.slice(firstPassive);
    expect(
      tail.every((e, i) => e.kind === (i % 2 === 0 ? 'begin' : 'end')),
      'passive cases alternate begin and end',
    ).to.equal(true);
  });

  it('a stop while three cases run cuts all three short: each client stopped, none reported, the rest not run', async () => {
    const config = resolveServeConfig({
      listen: '127.0.0.1:0',
      domain: 'localhost',
      grep: GREP,
      timeout: '1500',
      connectTimeout: '3000',
      seed: '1',
      concurrency: '3',
      clientCmd: 'scripted',
    });
    const stopper = new RunStopper();
    let running = 0;
    let started = 0;
    const client = scriptedClient();
    const launcher: ClientLauncher = {
      start(env) {
        started++;
        running++;
        // the third client in flight: stop the run now, while all three cases run
        if (running === 3) setImmediate(() => stopper.stop({ stage: 'signal', signal: 'SIGINT', reason: 'SIGINT received' }));
        const c = client.start(env);
        return {
          stop: async () => {
            await c.stop();
            running--;
          },
          tail: () => c.tail(),
        };
      },
    };
    const ended: string[] = [];
    const report = await runServe(allCases.filter(isClientCase), config, { onCaseEnd: (m) => void ended.push(m.id) }, launcher, { stopper });
    expect(started, 'clients started').to.equal(3);
    expect(running, 'clients still running').to.equal(0);
    expect(ended, 'cases reported as finished').to.deep.equal([]);
    expect(report.summary.interrupted).to.equal(true);
    expect(report.incomplete?.notRun).to.equal(report.results.length);
    for (const r of report.results) expect(r.message ?? '', r.id).to.match(/not run/);
  });

  it('refuses --concurrency above 1 without --client-cmd, and a value out of range', () => {
    const base = { listen: '127.0.0.1:0', domain: 'localhost' };
    expect(() => resolveServeConfig({ ...base, concurrency: '2' })).to.throw(UsageError, /--concurrency 2 needs --client-cmd/);
    expect(() => resolveServeConfig({ ...base, concurrency: '0', clientCmd: 'x' })).to.throw(
      UsageError,
      /--concurrency '0' must be a whole number from 1 to 16/,
    );
    expect(() => resolveServeConfig({ ...base, concurrency: '17', clientCmd: 'x' })).to.throw(UsageError, /from 1 to 16/);
    expect(resolveServeConfig(base).concurrency).to.equal(1);
  });
});
