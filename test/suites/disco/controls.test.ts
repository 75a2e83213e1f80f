// The disco area's negative controls (the table in ./controls.ts); test/suites/controls.test.ts checks
// that every case has one.
import { describeAreaControls, describeControls } from '../../support/control.js';
import { DISCO_CONTROLS } from './controls.js';

describeAreaControls('disco', () => describeControls(DISCO_CONTROLS));
