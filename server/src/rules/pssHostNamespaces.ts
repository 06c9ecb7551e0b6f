/**
 * pss-host-namespaces (Pod Security Standards, Baseline: Host Namespaces): `hostNetwork`,
 * `hostPID` and `hostIPC` share the node's network, processes or IPC with the pod.
 */
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, fixData, securityLevelSeverity, valueRangeAt, withData } from './ruleSupport';
import { removePairEdit } from './yamlEdits';

const namespaces = {
  hostNetwork: "the node's network",
  hostPID: "the node's processes",
  hostIPC: "the node's shared memory and IPC",
} as const;

export const pssHostNamespaces: Rule = {
  id: 'pss-host-namespaces',
  defaultSeverity: 'warning',
  summary: 'The pod shares the host network, PID or IPC namespace (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      for (const [field, what] of Object.entries(namespaces)) {
        if (pod.spec[field] !== true) {
          continue;
        }
        const path = [...pod.path, field];
        findings.push(
          withData(
            {
              range: valueRangeAt(context.document, path),
              severity: securityLevelSeverity(context, 'baseline'),
              message: `${field}: true gives the pod ${what}; remove it unless the pod is a node agent that needs it.`,
            },
            () => fixData([[`Remove ${field}`, removePairEdit(context.document, path)]]),
          ),
        );
      }
      return findings;
    });
  },
};
