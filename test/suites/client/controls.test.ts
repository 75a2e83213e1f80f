// The client area's negative controls (the table in ./controls.ts); test/suites/controls.test.ts checks
// that every case has one.
import { describeAreaControls } from '../../support/control.js';
import { describeClientControls } from '../../support/client-control.js';
import { CLIENT_CONTROLS } from './controls.js';

describeAreaControls('client', () => describeClientControls(CLIENT_CONTROLS));
