/**
 * pss-host-ports (Pod Security Standards, Baseline: Host Ports): a `hostPort` opens a port on
 * the node itself, bypassing network policy, and limits the pod to one per node.
 */
import { describeContainer } from '../kubernetes/podView';
import { listOf, numberOf, objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, podContainers, securityLevelSeverity, valueRangeAt, withData } from './ruleSupport';
import { removePairEdit } from './yamlEdits';

export const pssHostPorts: Rule = {
  id: 'pss-host-ports',
  defaultSeverity: 'warning',
  summary: 'A container binds a port on the node with hostPort (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context)) {
      listOf(container.data.ports).forEach((entry, index) => {
        const hostPort = numberOf(objectOf(entry)?.hostPort);
        if (hostPort === undefined || hostPort === 0) {
          return;
        }
        const path = [...container.path, 'ports', index, 'hostPort'];
        findings.push(
          withData(
            {
              range: valueRangeAt(context.document, path),
              severity: securityLevelSeverity(context, 'baseline'),
              message: `${describeContainer(container)} binds port ${hostPort} on the node; remove hostPort and reach the pod through a Service.`,
            },
            () => fixData([['Remove hostPort', removePairEdit(context.document, path)]]),
          ),
        );
      });
    }
    return findings;
  },
};
