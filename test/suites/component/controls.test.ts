// The component area's negative controls (the table in ./controls.ts); test/suites/controls.test.ts checks
// that every case has one.
import { describeAreaControls } from '../../support/control.js';
import { describeComponentControls } from '../../support/component-control.js';
import { COMPONENT_CONTROLS } from './controls.js';

describeAreaControls('component', () => describeComponentControls(COMPONENT_CONTROLS));
