// README's "at a glance" table: every area that has cases gets a row, known ones in their fixed
// order first, so the rows add up to the total.
import { expect } from 'chai';
import { glanceTable } from '../../../harness/report/index.js';
import { summarize, type CaseResult } from '../../../harness/runner/result.js';
import { FAILED, PASSED, sampleReport } from '../../support/report-fixture.js';

describe('glance table', () => {
  it('gives every area of the reports a row, unknown areas after the known ones, and totals all of them', () => {
    // areas this build may not know yet stand for ones added later
    const area = (a: string): CaseResult['area'] => a as unknown as CaseResult['area'];
    const results: CaseResult[] = [
      { ...PASSED, id: 'a/pep/one', area: area('pep') },
      PASSED,
      { ...PASSED, id: 'a/component/one', area: area('component') },
      FAILED,
      { ...FAILED, id: 'a/disco/one', area: area('disco') },
    ];
    const rep = sampleReport({ results, summary: summarize(results) });
    const table = glanceTable([{ label: 'Server 1', report: rep }]);
    const areas = table
      .split('\n')
      .slice(2)
      .map((l) => l.split('|')[1]?.trim());
    expect(areas).to.deep.equal(['stream', 'im', 'component', 'pep', 'disco', '**all cases**', 'MUST cases']);
    expect(table).to.contain('| **all cases** | **3/5** |');
  });
});
