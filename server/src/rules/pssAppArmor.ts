/**
 * pss-apparmor (Pod Security Standards, Baseline: AppArmor): the AppArmor profile may not be
 * `Unconfined`, in `appArmorProfile` (pod or container) or in the older
 * `container.apparmor.security.beta.kubernetes.io/<container>` annotations.
 */
import { objectOf, valueAt } from '../common/guards';
import { podTemplateMetadataPath } from '../kubernetes/workloads';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, securityContextFindings, securityLevelSeverity, valueRangeAt } from './ruleSupport';

const annotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

export const pssAppArmor: Rule = {
  id: 'pss-apparmor',
  defaultSeverity: 'warning',
  summary: 'An AppArmor profile is Unconfined (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const severity = securityLevelSeverity(context, 'baseline');
      const findings = securityContextFindings(context, pod, 'baseline', (owner) =>
        objectOf(owner.securityContext?.appArmorProfile)?.type === 'Unconfined'
          ? [
              {
                range: valueRangeAt(context.document, [
                  ...owner.path,
                  'securityContext',
                  'appArmorProfile',
                  'type',
                ]),
                severity,
                message: 'An Unconfined AppArmor profile turns AppArmor off; use type: RuntimeDefault.',
              },
            ]
          : [],
      );
      const metadataPath = podTemplateMetadataPath(pod.kind) ?? ['metadata'];
      const annotations = objectOf(valueAt(context.document.toJS(), [...metadataPath, 'annotations']));
      for (const [key, value] of Object.entries(annotations ?? {})) {
        if (
          key.startsWith(annotationPrefix) &&
          typeof value === 'string' &&
          value !== '' &&
          value !== 'runtime/default' &&
          !value.startsWith('localhost/')
        ) {
          findings.push({
            range: valueRangeAt(context.document, [...metadataPath, 'annotations', key]),
            severity,
            message: `The AppArmor profile "${value}" is not allowed; use runtime/default or a localhost/ profile (or securityContext.appArmorProfile).`,
          });
        }
      }
      return findings;
    });
  },
};
