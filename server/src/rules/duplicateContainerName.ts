/**
 * duplicate-container-name: container names must be unique across `containers`,
 * `initContainers` and `ephemeralContainers`; the API server rejects a pod that repeats one.
 */
import { dns1123LabelError } from '../kubernetes/names';
import type { PodContainer } from '../kubernetes/podView';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, freeName, listItemName, renderedApart, valueRangeAt } from './ruleSupport';
import { replaceScalarEdit, yamlString } from './yamlEdits';

export const duplicateContainerName: Rule = {
  id: 'duplicate-container-name',
  defaultSeverity: 'error',
  summary:
    'A container name is used twice in one pod (across containers, initContainers and ephemeralContainers).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const names = new Set(pod.containers.flatMap((container) => container.name ?? []));
      const earlierUses = new Map<string, PodContainer[]>();
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        const name = container.name;
        if (name === undefined) {
          continue;
        }
        const uses = earlierUses.get(name) ?? [];
        earlierUses.set(name, [...uses, container]);
        // A container in an exclusive branch of a template is never rendered with this one.
        const firstContainer = uses.find(
          (earlier) => !renderedApart(context.document, earlier.path, container.path),
        );
        if (firstContainer === undefined) {
          continue;
        }
        const first = listItemName(firstContainer.list, firstContainer.index);
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
