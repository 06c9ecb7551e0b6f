/**
 * unknown-volume: a `volumeMounts[].name` or `volumeDevices[].name` that no `volumes[]` entry
 * defines (for a StatefulSet, `volumeClaimTemplates` define volumes too). The API server
 * rejects it ("volumeMounts[0].name: Not found").
 */
import { describeContainer } from '../kubernetes/podView';
import { listOf, objectOf, stringOf, valueAt } from '../common/guards';
import { closestMatch } from '../util/suggest';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, fixData, valueRangeAt, withData } from './ruleSupport';
import { replaceScalarEdit, yamlString } from './yamlEdits';

export const unknownVolume: Rule = {
  id: 'unknown-volume',
  defaultSeverity: 'error',
  judgesAbsence: true,
  summary: 'A volume mount or device names a volume that the pod does not define.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const defined = new Set<string>();
      for (const { name } of pod.volumes) {
        if (name !== undefined) {
          defined.add(name);
        }
      }
      if (pod.kind === 'StatefulSet') {
        for (const template of listOf(valueAt(context.document.toJS(), ['spec', 'volumeClaimTemplates']))) {
          const name = stringOf(objectOf(objectOf(template)?.metadata)?.name);
          if (name !== undefined) {
            defined.add(name);
          }
        }
      }
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        for (const field of ['volumeMounts', 'volumeDevices'] as const) {
          listOf(container.data[field]).forEach((mount, index) => {
            const name = stringOf(objectOf(mount)?.name);
            if (name === undefined || name === '' || defined.has(name)) {
              return;
            }
            const path = [...container.path, field, index, 'name'];
            const suggestion = closestMatch(name, defined);
            const kind = field === 'volumeMounts' ? 'mounts' : 'uses the device of';
            findings.push(
              withData(
                {
                  range: valueRangeAt(context.document, path),
                  message: suggestion
                    ? `${describeContainer(container)} ${kind} volume "${name}", which the pod does not define; did you mean "${suggestion}"?`
                    : `${describeContainer(container)} ${kind} volume "${name}", which the pod does not define; add it to volumes.`,
                },
                suggestion
                  ? fixData([
                      [
                        `Change to "${suggestion}"`,
                        replaceScalarEdit(context.document, path, yamlString(suggestion)),
                      ],
                    ])
                  : undefined,
              ),
            );
          });
        }
      }
      return findings;
    });
  },
};
