/**
 * unused-volume: a volume that no container mounts (or uses as a block device). It is set up
 * for nothing, and often means a mount's name has a typo.
 */
import { listOf, objectOf, stringOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, valueRangeAt } from './ruleSupport';

export const unusedVolume: Rule = {
  id: 'unused-volume',
  defaultSeverity: 'information',
  judgesAbsence: true,
  summary: 'A volume that no container mounts.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const used = new Set<string>();
      for (const container of pod.containers) {
        for (const field of ['volumeMounts', 'volumeDevices'] as const) {
          for (const mount of listOf(container.data[field])) {
            const name = stringOf(objectOf(mount)?.name);
            if (name !== undefined) {
              used.add(name);
            }
          }
        }
      }
      const findings: RuleFinding[] = [];
      for (const { name, path } of pod.volumes) {
        if (name === undefined || name === '' || used.has(name)) {
          continue;
        }
        findings.push({
          range: valueRangeAt(context.document, [...path, 'name']),
          message: `Volume "${name}" is not mounted by any container; mount it or remove it.`,
        });
      }
      return findings;
    });
  },
};
