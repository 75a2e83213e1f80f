// The stanza area's negative controls (the table in ./controls.ts); test/suites/controls.test.ts checks
// that every case has one.
import { describeAreaControls, describeControls } from '../../support/control.js';
import { STANZA_CONTROLS } from './controls.js';

describeAreaControls('stanza', () => describeControls(STANZA_CONTROLS));
