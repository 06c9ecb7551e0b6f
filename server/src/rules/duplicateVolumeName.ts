/**
 * duplicate-volume-name: two `volumes[]` entries with the same name. The API server rejects
 * the pod; a mount could not say which one it means.
 */
import { dns1123LabelError } from '../kubernetes/names';
import type { Rule, RuleContext, RuleFinding } from './rule';
import {
  checkPod,
  fixData,
  freeName,
  renderedApart,
  repeatedNames,
  valueRangeAt,
  withData,
} from './ruleSupport';
import { replaceScalarEdit, yamlString } from './yamlEdits';

export const duplicateVolumeName: Rule = {
  id: 'duplicate-volume-name',
  defaultSeverity: 'error',
  summary: 'Two volumes of a pod have the same name.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const names = pod.volumes.map((volume) => volume.name);
      const taken = new Set(names.filter((name): name is string => name !== undefined));
      const findings: RuleFinding[] = [];
      const apart = (earlier: number, later: number): boolean =>
        renderedApart(context.document, pod.volumes[earlier]!.path, pod.volumes[later]!.path);
      for (const { name, index, first } of repeatedNames(names, apart)) {
        const path = [...pod.volumes[index]!.path, 'name'];
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
              message: `Volume name "${name}" is already used by volumes[${pod.volumes[first]!.index}]; rename this volume.`,
            },
            fix,
          ),
        );
      }
      return findings;
    });
  },
};
