/**
 * pss-privilege-escalation (Pod Security Standards, Restricted: Privilege Escalation): every
 * container must set `allowPrivilegeEscalation: false`, so that setuid binaries cannot gain
 * more privileges than the process started with. Windows pods are exempt.
 */
import { describeContainer } from '../kubernetes/podView';
import { containerSecurityContext, isWindowsPod } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import {
  checkPod,
  containerRange,
  fixData,
  securityLevelSeverity,
  valueRangeAt,
  withData,
} from './ruleSupport';
import { setSecurityFieldEdit } from './securityFixes';

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
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        const value = containerSecurityContext(container)?.allowPrivilegeEscalation;
        if (value === false) {
          continue;
        }
        const path = [...container.path, 'securityContext', 'allowPrivilegeEscalation'];
        const set = value !== undefined && value !== null;
        findings.push(
          withData(
            {
              range: set ? valueRangeAt(context.document, path) : containerRange(context.document, container),
              severity: securityLevelSeverity(context, 'restricted'),
              ...(set ? {} : { absence: true as const }),
              message: `${describeContainer(container)} ${set ? 'allows' : 'does not forbid'} privilege escalation; set securityContext.allowPrivilegeEscalation: false.`,
            },
            fixData([
              [
                'Set allowPrivilegeEscalation: false',
                setSecurityFieldEdit(context.document, container.path, 'allowPrivilegeEscalation', 'false'),
              ],
            ]),
          ),
        );
      }
      return findings;
    });
  },
};
