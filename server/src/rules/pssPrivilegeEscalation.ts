/**
 * pss-privilege-escalation (Pod Security Standards, Restricted: Privilege Escalation): every
 * container must set `allowPrivilegeEscalation: false`, so that setuid binaries cannot gain
 * more privileges than the process started with. Windows pods are exempt.
 */
import { describeContainer } from '../kubernetes/podView';
import { isWindowsPod } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, securityLevelSeverity } from './ruleSupport';
import { requiredSecurityFieldFinding } from './securityFixes';

export const pssPrivilegeEscalation: Rule = {
  id: 'pss-privilege-escalation',
  // Under the default Baseline level; a warning when podSecurityStandard is restricted.
  defaultSeverity: 'hint',
  summary: 'A container does not set allowPrivilegeEscalation: false (Pod Security Standards, Restricted).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      if (isWindowsPod(pod)) {
        return [];
      }
      return pod.containers.flatMap(
        (container) =>
          requiredSecurityFieldFinding(
            context,
            container,
            'allowPrivilegeEscalation',
            false,
            securityLevelSeverity(context, 'restricted'),
            (set) =>
              `${describeContainer(container)} ${set ? 'allows' : 'does not forbid'} privilege escalation; set securityContext.allowPrivilegeEscalation: false.`,
          ) ?? [],
      );
    });
  },
};
