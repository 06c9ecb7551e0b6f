/**
 * read-only-root-filesystem: a container whose root filesystem is writable. Not a Pod Security
 * Standards control, but kube-linter, kube-score and Polaris check it: with
 * `readOnlyRootFilesystem: true`, an intruder cannot drop tools or change binaries, and the
 * places the application writes to are explicit volumes. A hint under the Baseline level (most
 * images write somewhere, so it is advice), a warning under Restricted.
 */
import { describeContainer } from '../kubernetes/podView';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podContainers } from './ruleSupport';
import { requiredSecurityFieldFinding } from './securityFixes';

export const readOnlyRootFilesystem: Rule = {
  id: 'read-only-root-filesystem',
  defaultSeverity: 'hint',
  summary: 'A container can write to its root filesystem: set readOnlyRootFilesystem: true.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    const severity = context.settings.podSecurityStandard === 'restricted' ? 'warning' : 'hint';
    for (const container of podContainers(context)) {
      // A debugging session is allowed its scratch space.
      if (container.role === 'ephemeral') {
        continue;
      }
      const finding = requiredSecurityFieldFinding(
        context,
        container,
        'readOnlyRootFilesystem',
        true,
        severity,
        () =>
          `${describeContainer(container)} can write to its root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write.`,
      );
      if (finding) {
        findings.push(finding);
      }
    }
    return findings;
  },
};
