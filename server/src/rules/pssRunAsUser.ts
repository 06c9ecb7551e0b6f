/**
 * pss-run-as-user (Pod Security Standards, Restricted: Running as Non-root user): `runAsUser`
 * must not be 0, on the pod or on a container.
 */
import { describeContainer } from '../kubernetes/podView';
import { effectiveSetting } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, securityLevelSeverity, valueRangeAt } from './ruleSupport';

export const pssRunAsUser: Rule = {
  id: 'pss-run-as-user',
  // Under the default Baseline level; a warning when podSecurityStandard is restricted.
  defaultSeverity: 'hint',
  summary: 'A container runs as user 0, root (Pod Security Standards, Restricted).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      const reported = new Set<string>();
      for (const container of pod.containers) {
        const setting = effectiveSetting(pod, container, 'runAsUser');
        if (setting.value !== 0 || !setting.path || reported.has(setting.path.join('/'))) {
          continue;
        }
        reported.add(setting.path.join('/'));
        findings.push({
          range: valueRangeAt(context.document, setting.path),
          severity: securityLevelSeverity(context, 'restricted'),
          message: `runAsUser: 0 runs ${setting.from === 'pod' ? 'the containers' : describeContainer(container)} as root; use a non-zero user ID.`,
        });
      }
      return findings;
    });
  },
};
