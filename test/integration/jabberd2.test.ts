// The whole suite against a real jabberd2 from the lab (@integration), strictly under
// baselines/jabberd2.json (test/support/lab-server-run.ts).
import { describeLabServerRun, JABBERD2_RUN } from '../support/lab-server-run.js';

describeLabServerRun(JABBERD2_RUN);
