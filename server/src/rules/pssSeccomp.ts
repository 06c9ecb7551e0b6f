/**
 * pss-seccomp (Pod Security Standards, Seccomp). Baseline: no seccomp profile of type
 * `Unconfined`. Restricted: every container runs with `RuntimeDefault` or `Localhost`, set on
 * the pod for all containers or on each container. Windows pods are exempt from Restricted.
 */
import { describeContainer } from '../kubernetes/podView';
import { objectOf } from '../common/guards';
import { effectiveSetting, isWindowsPod } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import {
  checkPod,
  containerRange,
  fixData,
  securityContextFindings,
  securityLevelSeverity,
  valueRangeAt,
  withData,
} from './ruleSupport';
import { setSecurityFieldEdit } from './securityFixes';
import { replaceScalarEdit } from './yamlEdits';

export const pssSeccomp: Rule = {
  id: 'pss-seccomp',
  defaultSeverity: 'warning',
  summary:
    'A seccomp profile is Unconfined (Baseline), or not set to RuntimeDefault or Localhost (Restricted).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      // Baseline: Unconfined is not allowed anywhere, even where every container overrides it.
      const findings = securityContextFindings(context, pod, 'baseline', (owner, severity) => {
        const type = objectOf(owner.securityContext?.seccompProfile)?.type;
        if (type !== 'Unconfined') {
          return [];
        }
        const typePath = [...owner.path, 'securityContext', 'seccompProfile', 'type'];
        return [
          withData(
            {
              range: valueRangeAt(context.document, typePath),
              severity,
              message: `An Unconfined seccomp profile lets ${owner.subject} make any system call; use type: RuntimeDefault.`,
            },
            () =>
              fixData([
                ['Change to RuntimeDefault', replaceScalarEdit(context.document, typePath, 'RuntimeDefault')],
              ]),
          ),
        ];
      });
      if (isWindowsPod(pod)) {
        return findings;
      }
      // Restricted: each container's own profile, or else the pod's, is RuntimeDefault or Localhost.
      for (const container of pod.containers) {
        const setting = effectiveSetting(pod, container, 'seccompProfile');
        if (setting.path) {
          // Set: fine, or Unconfined and reported above.
          continue;
        }
        findings.push(
          withData(
            {
              range: containerRange(context.document, container),
              severity: securityLevelSeverity(context, 'restricted'),
              absence: true,
              message: `${describeContainer(container)} has no seccomp profile; set seccompProfile.type: RuntimeDefault in the pod's securityContext.`,
            },
            () =>
              fixData([
                [
                  "Set seccompProfile: RuntimeDefault in the pod's securityContext",
                  setSecurityFieldEdit(
                    context.document,
                    pod.path,
                    'seccompProfile',
                    '\n  type: RuntimeDefault',
                  ),
                ],
              ]),
          ),
        );
      }
      return findings;
    });
  },
};
