/**
 * pss-privileged (Pod Security Standards, Baseline: Privileged Containers): a privileged
 * container has every capability and the host's devices; it can take over the node.
 */
import { describeContainer } from '../kubernetes/podView';
import { containerSecurityContext } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podContainers } from './ruleSupport';
import { baselineSecurityValueFinding } from './securityFixes';

export const pssPrivileged: Rule = {
  id: 'pss-privileged',
  defaultSeverity: 'warning',
  summary: 'A container runs privileged (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context)) {
      if (containerSecurityContext(container)?.privileged !== true) {
        continue;
      }
      findings.push(
        baselineSecurityValueFinding(
          context,
          container,
          'privileged',
          `${describeContainer(container)} runs privileged, with full access to the node; set privileged: false and add only the capabilities it needs.`,
          ['Set privileged: false', 'false'],
        ),
      );
    }
    return findings;
  },
};
