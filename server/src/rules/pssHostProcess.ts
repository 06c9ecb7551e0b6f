/**
 * pss-host-process (Pod Security Standards, Baseline: HostProcess): a Windows HostProcess
 * container runs directly on the node, with the node's privileges.
 */
import { objectOf } from '../kubernetes/podSpecs';
import type { PathSegment } from '../kubernetes/workloads';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podOf, securityLevelSeverity, valueRangeAt } from './ruleSupport';

export const pssHostProcess: Rule = {
  id: 'pss-host-process',
  defaultSeverity: 'warning',
  summary: 'A Windows HostProcess container runs on the node itself (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    const pod = podOf(context);
    if (!pod) {
      return [];
    }
    const owners: { path: readonly PathSegment[]; data: Record<string, unknown> }[] = [
      { path: pod.path, data: pod.spec },
      ...pod.containers.map((container) => ({ path: container.path, data: container.data })),
    ];
    const findings: RuleFinding[] = [];
    for (const owner of owners) {
      const windowsOptions = objectOf(objectOf(owner.data.securityContext)?.windowsOptions);
      if (windowsOptions?.hostProcess === true) {
        findings.push({
          range: valueRangeAt(context.document, [
            ...owner.path,
            'securityContext',
            'windowsOptions',
            'hostProcess',
          ]),
          severity: securityLevelSeverity(context, 'baseline'),
          message:
            'hostProcess: true runs the container on the Windows node itself; remove it unless this is a node agent.',
        });
      }
    }
    return findings;
  },
};
