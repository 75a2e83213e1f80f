// The whole suite against a real ejabberd from the lab (@integration), strictly under
// baselines/ejabberd.json (test/support/lab-server-run.ts).
import { describeLabServerRun, EJABBERD_RUN } from '../support/lab-server-run.js';

describeLabServerRun(EJABBERD_RUN);
