// The compliance-level verdicts: what makes a line met, not met, not met by known deviations, or
// not assessed; how a level follows from its lines; --level-suite names and the cases they select.
import { expect } from 'chai';
import { UsageError } from '../../../harness/errors.js';
import {
  DEFAULT_LEVEL_SUITES,
  LEVEL_SUITES,
  assessLevel,
  assessLevels,
  assessLine,
  documentsCited,
  levelsFor,
  levelSuitesNamed,
  neededBy,
  parseLevelSuites,
  type LevelInput,
  type LevelSuite,
} from '../../../harness/levels/index.js';
import { selectCases } from '../../../harness/runner/plan.js';
import { allCases } from '../../../suites/index.js';

const core = LEVEL_SUITES.find((s) => s.name === 'xep0479-core-server') as LevelSuite;
const advanced = LEVEL_SUITES.find((s) => s.name === 'xep0479-core-advanced-server') as LevelSuite;
const TLS = { feature: 'TLS', documents: ['RFC 7590'] };
const GROUP_CHAT = { feature: 'Group Chat', documents: ['XEP-0045', 'XEP-0249'] };

function res(id: string, status: string, refs: LevelInput['refs'], requirements: string[], message?: string): LevelInput {
  return { id, role: 'server', refs, requirements, status, ...(message !== undefined ? { message } : {}) };
}
const r7590 = (id: string, status: string, message?: string): LevelInput =>
  res(id, status, [{ rfc: 7590, section: '3.4', level: 'SHOULD' }], ['rfc7590-3.4-servers-authenticate-servers'], message);

describe('levels: XEP-0479 server-side suites', () => {
  it('Core Server needs RFC 6120, RFC 7590, XEP-0030 and XEP-0114; Core Advanced Server adds XEP-0368, XEP-0115 and XEP-0163', () => {
    expect(core.lines.map((l) => l.documents.join('+'))).to.deep.equal(['RFC 6120', 'RFC 7590', 'XEP-0030', 'XEP-0114']);
    expect(advanced.lines.map((l) => l.documents.join('+'))).to.deep.equal([
      'RFC 6120',
      'RFC 7590',
      'XEP-0368',
      'XEP-0030',
      'XEP-0115',
      'XEP-0114',
      'XEP-0163',
    ]);
  });

  it('every other category includes the Core lines of its column, and names are unique', () => {
    const names = LEVEL_SUITES.map((s) => s.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const s of LEVEL_SUITES) {
      const base = s.name.includes('advanced') ? advanced : core;
      expect(
        s.lines.slice(0, base.lines.length).map((l) => l.feature),
        s.name,
      ).to.deep.equal(base.lines.map((l) => l.feature));
    }
    const im = LEVEL_SUITES.find((s) => s.name === 'xep0479-im-server') as LevelSuite;
    expect(im.lines.map((l) => l.documents.join('+'))).to.include.members(['RFC 6121', 'XEP-0054', 'XEP-0280', 'XEP-0045+XEP-0249', 'XEP-0363']);
  });
});

describe('levels: a line', () => {
  it('is met when cases citing its document ran and passed (fixed counts as passed); skips beside them do not matter', () => {
    const line = assessLine(TLS, [r7590('a', 'passed'), r7590('b', 'fixed'), r7590('c', 'skipped', 'no s2s target')]);
    expect(line.verdict).to.equal('met');
    expect(line.reason).to.equal('2 cases passed, 1 skipped');
    expect(line.failures).to.deep.equal([]);
  });

  it('is not met when a case failed or errored, listing the failing requirements with their cases', () => {
    const line = assessLine(TLS, [r7590('a', 'passed'), r7590('b', 'failed', 'no EXTERNAL (RFC 7590 §3.4 SHOULD)'), r7590('c', 'errored', 'setup failed')]);
    expect(line.verdict).to.equal('not-met');
    expect(line.failures.map((f) => [f.case, f.status, f.requirements])).to.deep.equal([
      ['b', 'failed', ['rfc7590-3.4-servers-authenticate-servers']],
      ['c', 'errored', ['rfc7590-3.4-servers-authenticate-servers']],
    ]);
    expect(line.reason).to.match(/^2 cases failed or errored/);
  });

  it('says "not met (known deviations)" when the only failures are the baseline\'s: a known deviation is still not met', () => {
    const line = assessLine(TLS, [r7590('a', 'passed'), r7590('b', 'expected-fail', 'known')]);
    expect(line.verdict).to.equal('not-met-known-deviations');
    expect(line.failures).to.deep.equal([{ case: 'b', status: 'expected-fail', requirements: ['rfc7590-3.4-servers-authenticate-servers'], message: 'known' }]);
    // an unexcused failure beside a known one: not met
    expect(assessLine(TLS, [r7590('b', 'expected-fail'), r7590('c', 'failed')]).verdict).to.equal('not-met');
  });

  it('is not assessed when every case citing the document was skipped, with their reasons', () => {
    const line = assessLine(TLS, [r7590('a', 'skipped', 'no s2s target'), r7590('b', 'skipped', 'no s2s target'), r7590('c', 'skipped', 'no direct TLS port')]);
    expect(line.verdict).to.equal('not-assessed');
    expect(line.reason).to.equal('all 3 cases citing RFC 7590 skipped: no s2s target; no direct TLS port');
  });

  it('is not assessed, never met, when no case cites its document', () => {
    const line = assessLine({ feature: 'Feature discovery', documents: ['XEP-0030'] }, [r7590('a', 'passed')]);
    expect(line.verdict).to.equal('not-assessed');
    expect(line.reason).to.equal('no case citing XEP-0030 was in the run');
  });

  it('with several documents, is met only when each has a case that ran', () => {
    const muc = res('m', 'passed', [{ xep: 45, version: '1.34.5', section: '7.2', level: 'MUST' }], ['xep0045-7.2-join']);
    const half = assessLine(GROUP_CHAT, [muc]);
    expect(half.verdict).to.equal('not-assessed');
    expect(half.byDocument.map((d) => [d.document, d.ran])).to.deep.equal([
      ['XEP-0045', 1],
      ['XEP-0249', 0],
    ]);
    const invite = res('i', 'passed', [{ xep: 249, version: '1.2', section: '2', level: 'MUST' }], []);
    expect(assessLine(GROUP_CHAT, [muc, invite]).verdict).to.equal('met');
  });

  it('counts a case through its requirement ids as well as its refs', () => {
    const c = res('x', 'passed', [{ rfc: 6120, section: '5.4.3.3', level: 'MUST NOT' }], ['rfc7590-3.1-attempt-tls']);
    expect([...documentsCited(c)].sort()).to.deep.equal(['RFC 6120', 'RFC 7590']);
    expect(assessLine(TLS, [c]).verdict).to.equal('met');
  });

  it("counts a failure against every document the case cites, listing the line's own requirements first", () => {
    const both = (message: string): LevelInput =>
      res(
        'im',
        'failed',
        [
          { rfc: 6121, section: '8.5.3.1', level: 'MUST' },
          { rfc: 6120, section: '10.5.4', level: 'SHOULD' },
        ],
        ['rfc6121-8.5.3.1-deliver-full-jid', 'rfc6120-10.5.4-x'],
        message,
      );
    const core6120 = { feature: 'Core features', documents: ['RFC 6120'] };
    const im = { feature: 'Core features', documents: ['RFC 6121'] };
    // the message cites RFC 6121, the case RFC 6120 as well: both lines are not met
    expect(assessLine(core6120, [both('not delivered (RFC 6121 §8.5.3.1 MUST)')]).failures[0]?.requirements).to.deep.equal(['rfc6120-10.5.4-x']);
    expect(assessLine(im, [both('not delivered (RFC 6121 §8.5.3.1 MUST)')]).failures[0]?.requirements).to.deep.equal(['rfc6121-8.5.3.1-deliver-full-jid']);
    // one rule in two documents (a direct-TLS case citing RFC 6120 §5.4.3.3 and XEP-0368 §3): the
    // XEP-0368 line is not met, never met beside a passing case, and lists the case's requirements
    const directTls = { feature: 'Direct TLS', documents: ['XEP-0368'] };
    const starttls = res(
      'd1',
      'failed',
      [
        { rfc: 6120, section: '5.4.3.3', level: 'MUST NOT' },
        { xep: 368, version: '1.1.0', section: '3', level: 'MUST NOT' },
      ],
      ['rfc6120-5.4.3.3-no-starttls-again'],
      'STARTTLS offered (RFC 6120 §5.4.3.3 MUST NOT)',
    );
    const external = res('d2', 'passed', [{ xep: 368, version: '1.1.0', section: '3', level: 'MUST' }], []);
    const line = assessLine(directTls, [starttls, external]);
    expect(line.verdict).to.equal('not-met');
    expect(line.failures[0]?.requirements).to.deep.equal(['rfc6120-5.4.3.3-no-starttls-again']);
  });

  it('reads only server-role results', () => {
    expect(assessLine(TLS, [{ ...r7590('a', 'failed'), role: 'client' }]).verdict).to.equal('not-assessed');
  });
});

describe('levels: a level', () => {
  const pass = (doc: 'rfc' | 'xep', n: number): LevelInput =>
    res(`${doc}${n}`, 'passed', [doc === 'rfc' ? { rfc: n, section: '1', level: 'MUST' } : { xep: n, version: '1.0', section: '1', level: 'MUST' }], []);
  const all = [pass('rfc', 6120), pass('rfc', 7590), pass('xep', 30), pass('xep', 114)];

  it('is met only when every line is met', () => {
    const l = assessLevel(core, all);
    expect(l.verdict).to.equal('met');
    expect(l.reason).to.equal('4 of 4 lines met');
  });

  it('is not assessed when a line is, and never met on lines the run did not test', () => {
    const l = assessLevel(advanced, all);
    expect(l.verdict).to.equal('not-assessed');
    expect(l.reason).to.equal('4 of 7 lines met, 3 not assessed');
    expect(assessLevel(core, []).verdict).to.equal('not-assessed');
  });

  it('takes the worst line: not met over known deviations over not assessed', () => {
    const known = res('k', 'expected-fail', [{ rfc: 7590, section: '3.1', level: 'MUST' }], []);
    expect(assessLevel(advanced, [...all, known]).verdict).to.equal('not-met-known-deviations');
    const broken = res('b', 'failed', [{ xep: 114, version: '1.6', section: '3', level: 'MUST' }], ['xep0114-3-x']);
    const l = assessLevel(advanced, [...all, known, broken]);
    expect(l.verdict).to.equal('not-met');
    expect(l.reason).to.equal('2 of 7 lines met, 1 not met, 1 not met by known deviations, 3 not assessed');
  });

  it('assesses the levels given, in order; the defaults are the Core and IM categories', () => {
    expect(assessLevels([advanced, core], all).map((l) => l.name)).to.deep.equal(['xep0479-core-advanced-server', 'xep0479-core-server']);
    expect(levelsFor(undefined).map((l) => l.name)).to.deep.equal([...DEFAULT_LEVEL_SUITES]);
    expect(levelsFor([]).map((l) => l.name)).to.deep.equal([...DEFAULT_LEVEL_SUITES]);
  });
});

describe('levels: --level-suite', () => {
  it('takes repeats and comma lists, each level once, in the order given', () => {
    expect(parseLevelSuites(['xep0479-core-advanced-server,xep0479-core-server', 'xep0479-core-server']).map((s) => s.name)).to.deep.equal([
      'xep0479-core-advanced-server',
      'xep0479-core-server',
    ]);
  });

  it('refuses an unknown name in one line naming the valid ones', () => {
    expect(() => parseLevelSuites(['xep0479-gold'])).to.throw(UsageError, /^--level-suite 'xep0479-gold' is not a level suite; one of xep0479-core-server, /);
    expect(() => parseLevelSuites([','])).to.throw(UsageError, /needs a name/);
  });

  it('levelSuitesNamed keeps the names this version knows, in their order', () => {
    expect(levelSuitesNamed(['xep0479-im-server', 'future-level', 'xep0479-core-server']).map((s) => s.name)).to.deep.equal([
      'xep0479-im-server',
      'xep0479-core-server',
    ]);
  });

  it('selects the cases citing a document the levels need, and narrows with --area', () => {
    const plan = selectCases(allCases, { levelSuites: [core] });
    expect(plan.length).to.be.greaterThan(0);
    const need = neededBy([core]);
    expect(plan.every((c) => need(c))).to.equal(true);
    expect(plan.some((c) => c.area === 'component')).to.equal(true);
    // a case citing only RFC 6121 is not needed by Core Server
    const imOnly = allCases.filter((c) => [...documentsCited(c)].every((d) => d === 'RFC 6121'));
    expect(imOnly.length).to.be.greaterThan(0);
    expect(plan.some((c) => imOnly.includes(c))).to.equal(false);
    const withArea = selectCases(allCases, { levelSuites: [core], areas: ['component'] });
    expect(withArea.length).to.be.greaterThan(0);
    expect(withArea.every((c) => c.area === 'component')).to.equal(true);
    // the XEP-0368 line: the accepting direct-TLS s2s cases cite it
    expect(selectCases(allCases, { levelSuites: [advanced], grep: /direct-tls/ }).map((c) => c.id)).to.include.members([
      'rfc6120/s2s/direct-tls-no-starttls',
      'rfc7590/s2s/direct-tls-external',
    ]);
  });
});
