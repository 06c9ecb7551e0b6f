/**
 * duplicate-env-var: the same name twice in one container's `env`. The last definition wins,
 * silently: the earlier one is dead text that readers still believe.
 */
import { describeContainer } from '../kubernetes/podView';
import { listOf, objectOf, stringOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, podContainers, renderedApart, valueRangeAt, withData } from './ruleSupport';
import { removeSequenceItemEdit } from './yamlEdits';

export const duplicateEnvVar: Rule = {
  id: 'duplicate-env-var',
  defaultSeverity: 'warning',
  summary: "The same environment variable is defined twice in one container's env.",
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context)) {
      const previous = new Map<string, number[]>();
      const envPath = [...container.path, 'env'];
      listOf(container.data.env).forEach((entry, index) => {
        const name = stringOf(objectOf(entry)?.name);
        if (name === undefined || name === '') {
          return;
        }
        const uses = previous.get(name) ?? [];
        previous.set(name, [...uses, index]);
        // The latest earlier definition that can be rendered with this one (not in an exclusive
        // branch of a template): the one this definition overrides.
        const earlier = uses.findLast(
          (candidate) => !renderedApart(context.document, [...envPath, candidate], [...envPath, index]),
        );
        if (earlier === undefined) {
          return;
        }
        findings.push(
          withData(
            {
              range: valueRangeAt(context.document, [...container.path, 'env', index, 'name']),
              message: `${describeContainer(container)} defines ${name} twice (env[${earlier}] and env[${index}]); the last one wins, so remove the other.`,
            },
            () =>
              fixData([
                [
                  `Remove the overridden definition (env[${earlier}])`,
                  removeSequenceItemEdit(context.document, [...container.path, 'env', earlier]),
                ],
              ]),
          ),
        );
      });
    }
    return findings;
  },
};
