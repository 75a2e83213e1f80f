// The client area's negative controls (the table in ./controls.ts), part 1 of 2: the area's
// controls take long enough that one file would hold up the parallel test pass, so the table is
// split in two files (the other is ./controls-2.test.ts). test/suites/controls.test.ts checks that every
// case has a control.
import { controlsPart, describeAreaControls } from '../../support/control.js';
import { describeClientControls } from '../../support/client-control.js';
import { CLIENT_CONTROLS } from './controls.js';

describeAreaControls('client', () => describeClientControls(controlsPart(CLIENT_CONTROLS, 1, 2)));
