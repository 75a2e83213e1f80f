// The client area's negative controls (the table in ./controls.ts), part 1 of 3: the area's
// controls take long enough that one file would hold up the parallel test pass, so the table is
// split over 3 files (the others are ./controls-2.test.ts, ./controls-3.test.ts), each taking every 3th control.
// test/suites/controls.test.ts checks that every case has a control, and test/test-loop.test.ts
// that the parts together name every one.
import { controlsPart, describeAreaControls } from '../../support/control.js';
import { describeClientControls } from '../../support/client-control.js';
import { CLIENT_CONTROLS } from './controls.js';

describeAreaControls('client', () => describeClientControls(controlsPart(CLIENT_CONTROLS, 1, 3)));
