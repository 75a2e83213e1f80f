// The im area's negative controls (the table in ./controls.ts); test/suites/controls.test.ts checks
// that every case has one.
import { describeAreaControls, describeControls } from '../../support/control.js';
import { IM_CONTROLS } from './controls.js';

describeAreaControls('im', () => describeControls(IM_CONTROLS));
