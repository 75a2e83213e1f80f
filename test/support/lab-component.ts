// The component area against a lab server: the run options its LabInfo hands out.
import type { RunOptions } from '../../harness/config.js';
import type { LabInfo } from '../../harness/lab/index.js';

/** The --component-* options for a lab server that runs an external component (none otherwise). */
export function componentRunOptions(info: LabInfo): Partial<RunOptions> {
  const c = info.component;
  if (!c || !info.componentRunArgs) return {};
  return { componentTarget: c.target, componentDomain: c.domain, componentSecret: c.secret };
}
