/**
 * duplicate-port-name: the same port name twice in one container's `ports`. The API server
 * rejects it; a named port must say which port it means.
 */
import { describeContainer } from '../kubernetes/podView';
import { listOf, objectOf, stringOf } from '../common/guards';
import { portNameError } from '../kubernetes/names';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { freeName, podContainers, renderedApart, repeatedNames, valueRangeAt } from './ruleSupport';
import { replaceScalarEdit, yamlString } from './yamlEdits';

export const duplicatePortName: Rule = {
  id: 'duplicate-port-name',
  defaultSeverity: 'error',
  summary: 'The same port name is used twice in one container.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context)) {
      const ports = listOf(container.data.ports);
      const names = ports.map((port) => stringOf(objectOf(port)?.name));
      const taken = new Set(names.filter((name): name is string => name !== undefined));
      const apart = (earlier: number, later: number): boolean =>
        renderedApart(
          context.document,
          [...container.path, 'ports', earlier],
          [...container.path, 'ports', later],
        );
      for (const { name, index, first } of repeatedNames(names, apart)) {
        const namePath = [...container.path, 'ports', index, 'name'];
        const finding: RuleFinding = {
          range: valueRangeAt(context.document, namePath),
          message: `${describeContainer(container)} already has a port named "${name}" (ports[${first}]); rename this one.`,
        };
        if (portNameError(name) === undefined) {
          const newName = freeName(name, taken, 15);
          const edit = replaceScalarEdit(context.document, namePath, yamlString(newName));
          if (edit && portNameError(newName) === undefined) {
            taken.add(newName);
            finding.data = { kind: 'edits', fixes: [{ title: `Rename to "${newName}"`, edits: [edit] }] };
          }
        }
        findings.push(finding);
      }
    }
    return findings;
  },
};
