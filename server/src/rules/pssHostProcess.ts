/**
 * pss-host-process (Pod Security Standards, Baseline: HostProcess): a Windows HostProcess
 * container runs directly on the node, with the node's privileges.
 */
import { objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podOf, securityContextOwners, securityLevelSeverity, valueRangeAt } from './ruleSupport';

export const pssHostProcess: Rule = {
  id: 'pss-host-process',
  defaultSeverity: 'warning',
  summary: 'A Windows HostProcess container runs on the node itself (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    const pod = podOf(context);
    if (!pod) {
      return [];
    }
    const findings: RuleFinding[] = [];
    for (const owner of securityContextOwners(pod)) {
      const windowsOptions = objectOf(owner.securityContext?.windowsOptions);
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
