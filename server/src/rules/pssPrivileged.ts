/**
 * pss-privileged (Pod Security Standards, Baseline: Privileged Containers): a privileged
 * container has every capability and the host's devices; it can take over the node.
 */
import { describeContainer } from '../kubernetes/podView';
import { containerSecurityContext } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, podContainers, securityLevelSeverity, valueRangeAt, withData } from './ruleSupport';
import { replaceScalarEdit } from './yamlEdits';

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
      const path = [...container.path, 'securityContext', 'privileged'];
      findings.push(
        withData(
          {
            range: valueRangeAt(context.document, path),
            severity: securityLevelSeverity(context, 'baseline'),
            message: `${describeContainer(container)} runs privileged, with full access to the node; set privileged: false and add only the capabilities it needs.`,
          },
          fixData([['Set privileged: false', replaceScalarEdit(context.document, path, 'false')]]),
        ),
      );
    }
    return findings;
  },
};
