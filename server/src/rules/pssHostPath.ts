/**
 * pss-host-path (Pod Security Standards, Baseline: HostPath Volumes): a `hostPath` volume
 * mounts a directory of the node into the pod, and with it whatever else lives there.
 */
import { objectOf, stringOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, keyRangeAt, securityLevelSeverity } from './ruleSupport';

export const pssHostPath: Rule = {
  id: 'pss-host-path',
  defaultSeverity: 'warning',
  summary: 'The pod mounts a hostPath volume (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      for (const volume of pod.volumes) {
        const hostPath = volume.data.hostPath;
        if (hostPath === undefined || hostPath === null) {
          continue;
        }
        const path = stringOf(objectOf(hostPath)?.path);
        const { name } = volume;
        findings.push({
          range: keyRangeAt(context.document, [...volume.path, 'hostPath']),
          severity: securityLevelSeverity(context, 'baseline'),
          message: `Volume ${name !== undefined ? `"${name}" ` : ''}mounts ${path !== undefined ? `the node's ${path}` : 'a directory of the node'}; use a persistentVolumeClaim, emptyDir, configMap or secret instead.`,
        });
      }
      return findings;
    });
  },
};
