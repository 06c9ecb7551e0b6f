/**
 * pss-proc-mount (Pod Security Standards, Baseline: /proc Mount Type): `procMount: Unmasked`
 * exposes the node's /proc paths that the runtime normally masks.
 */
import { describeContainer } from '../kubernetes/podView';
import { containerSecurityContext } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, podContainers, securityLevelSeverity, valueRangeAt, withData } from './ruleSupport';
import { replaceScalarEdit } from './yamlEdits';

export const pssProcMount: Rule = {
  id: 'pss-proc-mount',
  defaultSeverity: 'warning',
  summary: 'A container unmasks /proc with procMount (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context)) {
      const procMount = containerSecurityContext(container)?.procMount;
      if (typeof procMount !== 'string' || procMount === 'Default') {
        continue;
      }
      const path = [...container.path, 'securityContext', 'procMount'];
      findings.push(
        withData(
          {
            range: valueRangeAt(context.document, path),
            severity: securityLevelSeverity(context, 'baseline'),
            message: `${describeContainer(container)} uses procMount: ${procMount}; use Default, which masks the node's /proc paths.`,
          },
          fixData([['Change to Default', replaceScalarEdit(context.document, path, 'Default')]]),
        ),
      );
    }
    return findings;
  },
};
