// The federation cases against a fake federation (one fake serving two domains): each passes
// against the faithful one, both directions, and fails against every broken one its control
// table lists. A federation case without a control fails the first test. Half the controls run
// here, the other half from controls-2.test.ts, so the parallel pass spreads them over two jobs.
import { expect } from 'chai';
import { federationCases } from '../../../suites/federation/index.js';
import { controlsPart } from '../../support/control.js';
import { describeFederationControls } from '../../support/federation-control.js';
import { FEDERATION_CONTROLS } from './controls.js';

describe('federation negative controls', function () {
  this.timeout(60_000);

  it('every federation case has a negative control, and every control names a federation case', () => {
    const ids = federationCases.map((c) => c.id);
    expect(
      ids.filter((id) => !(id in FEDERATION_CONTROLS)),
      'cases without a control',
    ).to.deep.equal([]);
    expect(
      Object.keys(FEDERATION_CONTROLS).filter((id) => !ids.includes(id)),
      'controls without a case',
    ).to.deep.equal([]);
  });

  describeFederationControls(controlsPart(FEDERATION_CONTROLS, 1, 2));
});
