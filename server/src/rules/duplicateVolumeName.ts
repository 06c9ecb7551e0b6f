/**
 * duplicate-volume-name: two `volumes[]` entries with the same name. The API server rejects
 * the pod; a mount could not say which one it means.
 */
import { listOf, objectOf, stringOf } from '../util/guards';
import { dns1123LabelError } from '../kubernetes/names';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, freeName, podOf, repeatedNames, valueRangeAt, withData } from './ruleSupport';
import { replaceScalarEdit, yamlString } from './yamlEdits';

export const duplicateVolumeName: Rule = {
  id: 'duplicate-volume-name',
  defaultSeverity: 'error',
  summary: 'Two volumes of a pod have the same name.',
  validate(context: RuleContext): RuleFinding[] {
    const pod = podOf(context);
    if (!pod) {
      return [];
    }
    const volumes = listOf(pod.spec.volumes);
    const names = volumes.map((volume) => stringOf(objectOf(volume)?.name));
    const taken = new Set(names.filter((name): name is string => name !== undefined));
    const findings: RuleFinding[] = [];
    for (const { name, index, first } of repeatedNames(names)) {
      const path = [...pod.path, 'volumes', index, 'name'];
      let fix;
      if (dns1123LabelError(name) === undefined) {
        const newName = freeName(name, taken, 63);
        taken.add(newName);
        fix = fixData([
          [`Rename to "${newName}"`, replaceScalarEdit(context.document, path, yamlString(newName))],
        ]);
      }
      findings.push(
        withData(
          {
            range: valueRangeAt(context.document, path),
            message: `Volume name "${name}" is already used by volumes[${first}]; rename this volume.`,
          },
          fix,
        ),
      );
    }
    return findings;
  },
};
