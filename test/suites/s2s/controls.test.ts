// The s2s area's negative controls (the table in ./controls.ts); test/suites/controls.test.ts checks
// that every case has one.
import { describeAreaControls } from '../../support/control.js';
import { describeS2sControls } from '../../support/s2s-control.js';
import { S2S_CONTROLS } from './controls.js';

describeAreaControls('s2s', () => describeS2sControls(S2S_CONTROLS));
