/**
 * pss-sysctls (Pod Security Standards, Baseline: Sysctls): only the sysctls the kubelet
 * considers safe (namespaced, and isolated between pods) may be set.
 */
import { listOf, objectOf, stringOf } from '../common/guards';
import { safeSysctls } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, securityLevelSeverity, valueRangeAt } from './ruleSupport';

export const pssSysctls: Rule = {
  id: 'pss-sysctls',
  defaultSeverity: 'warning',
  summary: 'The pod sets an unsafe sysctl (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      listOf(objectOf(pod.spec.securityContext)?.sysctls).forEach((entry, index) => {
        const name = stringOf(objectOf(entry)?.name);
        if (name === undefined || name === '' || safeSysctls.has(name)) {
          return;
        }
        findings.push({
          range: valueRangeAt(context.document, [...pod.path, 'securityContext', 'sysctls', index, 'name']),
          severity: securityLevelSeverity(context, 'baseline'),
          message: `The sysctl ${name} is not in the safe set; the kubelet refuses it unless the node allows it. Remove it or use a safe sysctl.`,
        });
      });
      return findings;
    });
  },
};
