// The im area's negative controls (the table in ./controls.ts), part 1 of 2: the area's
// controls take long enough that one file would hold up the parallel test pass, so the table is
// split in two files (the other is ./controls-2.test.ts). test/suites/controls.test.ts checks that every
// case has a control.
import { controlsPart, describeAreaControls, describeControls } from '../../support/control.js';
import { IM_CONTROLS } from './controls.js';

describeAreaControls('im', () => describeControls(controlsPart(IM_CONTROLS, 1, 2)));
