// The second half of the federation cases' negative controls (the first, and the check that every
// case has a control, are in controls.test.ts).
import { controlsPart } from '../../support/control.js';
import { describeFederationControls } from '../../support/federation-control.js';
import { FEDERATION_CONTROLS } from './controls.js';

describe('federation negative controls', function () {
  this.timeout(60_000);
  describeFederationControls(controlsPart(FEDERATION_CONTROLS, 2, 2));
});
