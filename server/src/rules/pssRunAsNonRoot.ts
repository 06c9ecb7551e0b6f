/**
 * pss-run-as-non-root (Pod Security Standards, Restricted: Running as Non-root): every
 * container must run with `runAsNonRoot: true`, set on the pod for all containers or on each
 * container. The kubelet then refuses to start a container whose image runs as root.
 */
import { describeContainer } from '../kubernetes/podView';
import { effectiveSetting } from '../kubernetes/securityContext';
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
import { replaceScalarEdit } from './yamlEdits';

export const pssRunAsNonRoot: Rule = {
  id: 'pss-run-as-non-root',
  // Under the default Baseline level; a warning when podSecurityStandard is restricted.
  defaultSeverity: 'hint',
  summary: 'A container may run as root: runAsNonRoot is not true (Pod Security Standards, Restricted).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const severity = securityLevelSeverity(context, 'restricted');
      const findings: RuleFinding[] = [];
      const reported = new Set<string>();
      for (const container of pod.containers) {
        const setting = effectiveSetting(pod, container, 'runAsNonRoot');
        if (setting.value === true) {
          continue;
        }
        const { path } = setting;
        if (path) {
          // Set to false (or to something else) where it is written: one finding per place.
          const key = path.join('/');
          if (reported.has(key)) {
            continue;
          }
          reported.add(key);
          findings.push(
            withData(
              {
                range: valueRangeAt(context.document, path),
                severity,
                message: `runAsNonRoot is not true here, so ${setting.from === 'pod' ? 'the containers' : describeContainer(container)} may run as root; set runAsNonRoot: true.`,
              },
              () => fixData([['Set runAsNonRoot: true', replaceScalarEdit(context.document, path, 'true')]]),
            ),
          );
          continue;
        }
        findings.push(
          withData(
            {
              range: containerRange(context.document, container),
              severity,
              absence: true,
              message: `${describeContainer(container)} may run as root; set runAsNonRoot: true in the pod's securityContext (or the container's).`,
            },
            () =>
              fixData([
                [
                  "Set runAsNonRoot: true in the pod's securityContext",
                  setSecurityFieldEdit(context.document, pod.path, 'runAsNonRoot', 'true'),
                ],
              ]),
          ),
        );
      }
      return findings;
    });
  },
};
