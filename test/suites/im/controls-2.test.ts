// The im area's negative controls (the table in ./controls.ts), part 2 of 4: the area's
// controls take long enough that one file would hold up the parallel test pass, so the table is
// split over 4 files (the others are ./controls.test.ts, ./controls-3.test.ts, ./controls-4.test.ts), each taking every 4th control.
// test/suites/controls.test.ts checks that every case has a control, and test/test-loop.test.ts
// that the parts together name every one.
import { controlsPart, describeAreaControls, describeControls } from '../../support/control.js';
import { IM_CONTROLS } from './controls.js';

describeAreaControls('im', () => describeControls(controlsPart(IM_CONTROLS, 2, 4)));
