/**
 * duplicate-container-name: container names must be unique across `containers`,
 * `initContainers` and `ephemeralContainers`; the API server rejects a pod that repeats one.
 */
import { dns1123LabelError } from '../kubernetes/names';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, freeName, listItemName, valueRangeAt } from './ruleSupport';
import { replaceScalarEdit, yamlString } from './yamlEdits';

export const duplicateContainerName: Rule = {
  id: 'duplicate-container-name',
  defaultSeverity: 'error',
  summary:
    'A container name is used twice in one pod (across containers, initContainers and ephemeralContainers).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const names = new Set(pod.containers.flatMap((container) => container.name ?? []));
      const firstUse = new Map<string, string>();
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        const name = container.name;
        if (name === undefined) {
          continue;
        }
        const first = firstUse.get(name);
        if (first === undefined) {
          firstUse.set(name, listItemName(container.list, container.index));
          continue;
        }
        const namePath = [...container.path, 'name'];
        const finding: RuleFinding = {
          range: valueRangeAt(context.document, namePath),
          message: `Container name "${name}" is already used by ${first}; give this container another name.`,
        };
        // A valid DNS label stays valid with a numeric suffix; an invalid one is invalid-name's to report.
        if (dns1123LabelError(name) === undefined) {
          const newName = freeName(name, names, 63);
          const edit = replaceScalarEdit(context.document, namePath, yamlString(newName));
          if (edit) {
            names.add(newName);
            finding.data = { kind: 'edits', fixes: [{ title: `Rename to "${newName}"`, edits: [edit] }] };
          }
        }
        findings.push(finding);
      }
      return findings;
    });
  },
};
