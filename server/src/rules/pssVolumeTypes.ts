/**
 * pss-volume-types (Pod Security Standards, Restricted: Volume Types): only configMap, csi,
 * downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret
 * volumes. Network and cloud disks are to be reached through PersistentVolumeClaims, which an
 * administrator controls. (hostPath is pss-host-path's, at the Baseline level.)
 */
import { restrictedVolumeTypes } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, keyRangeAt, securityLevelSeverity } from './ruleSupport';

export const pssVolumeTypes: Rule = {
  id: 'pss-volume-types',
  // Under the default Baseline level; a warning when podSecurityStandard is restricted.
  defaultSeverity: 'hint',
  summary: 'A volume type other than those the Restricted level allows (Pod Security Standards, Restricted).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      for (const volume of pod.volumes) {
        for (const [type, source] of Object.entries(volume.data)) {
          if (type === 'name' || type === 'hostPath' || source === null || restrictedVolumeTypes.has(type)) {
            continue;
          }
          const { name } = volume;
          findings.push({
            range: keyRangeAt(context.document, [...volume.path, type]),
            severity: securityLevelSeverity(context, 'restricted'),
            message: `Volume ${name !== undefined ? `"${name}" ` : ''}is of type ${type}, which the Restricted level does not allow; use a persistentVolumeClaim (or csi, configMap, secret, emptyDir…).`,
          });
        }
      }
      return findings;
    });
  },
};
