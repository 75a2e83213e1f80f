// The s2s negative controls on their own (they also run within test/suites/controls.test.ts).
import { describeS2sControls } from '../../support/s2s-control.js';
import { S2S_CONTROLS } from './controls.js';

describe('s2s negative controls', function () {
  this.timeout(30_000);
  describeS2sControls(S2S_CONTROLS);
});
