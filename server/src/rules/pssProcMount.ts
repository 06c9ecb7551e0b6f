/**
 * pss-proc-mount (Pod Security Standards, Baseline: /proc Mount Type): `procMount: Unmasked`
 * exposes the node's /proc paths that the runtime normally masks.
 */
import { describeContainer } from '../kubernetes/podView';
import { containerSecurityContext } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podContainers } from './ruleSupport';
import { baselineSecurityValueFinding } from './securityFixes';

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
      findings.push(
        baselineSecurityValueFinding(
          context,
          container,
          'procMount',
          `${describeContainer(container)} uses procMount: ${procMount}; use Default, which masks the node's /proc paths.`,
          ['Change to Default', 'Default'],
        ),
      );
    }
    return findings;
  },
};
