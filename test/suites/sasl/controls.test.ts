// The sasl area's negative controls (the table in ./controls.ts); test/suites/controls.test.ts checks
// that every case has one.
import { describeAreaControls, describeControls } from '../../support/control.js';
import { SASL_CONTROLS } from './controls.js';

describeAreaControls('sasl', () => describeControls(SASL_CONTROLS));
