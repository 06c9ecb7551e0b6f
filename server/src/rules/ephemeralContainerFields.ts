/**
 * ephemeral-container-fields: an ephemeral container is a debugging guest in a running pod, not
 * part of the workload; the API server rejects ports, probes, resources, lifecycle hooks,
 * restart policies and subPath mounts on it.
 */
import { describeContainer } from '../kubernetes/podView';
import { listOf, objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, keyRangeAt } from './ruleSupport';
import { removePairEdit } from './yamlEdits';

const forbiddenFields = [
  'ports',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'resources',
  'lifecycle',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules',
] as const;

export const ephemeralContainerFields: Rule = {
  id: 'ephemeral-container-fields',
  defaultSeverity: 'error',
  summary:
    'An ephemeral container has ports, probes, resources, lifecycle, a restart policy or subPath mounts.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      if (pod.containers.some((container) => container.role === 'ephemeral')) {
        findings.push({
          range: keyRangeAt(context.document, [...pod.path, 'ephemeralContainers']),
          severity: 'information',
          message:
            'ephemeralContainers cannot be set when a pod is created, only added to a running pod; use kubectl debug to add one.',
        });
      }
      for (const container of pod.containers) {
        if (container.role !== 'ephemeral') {
          continue;
        }
        const subject = describeContainer(container);
        const report = (path: (string | number)[], field: string, what = field): void => {
          const finding: RuleFinding = {
            range: keyRangeAt(context.document, path),
            message: `${subject} cannot have ${what}; remove it.`,
          };
          const edit = removePairEdit(context.document, path);
          if (edit) {
            finding.data = { kind: 'edits', fixes: [{ title: `Remove ${field}`, edits: [edit] }] };
          }
          findings.push(finding);
        };
        for (const field of forbiddenFields) {
          const value = container.data[field];
          if (value !== undefined && value !== null) {
            report([...container.path, field], field);
          }
        }
        listOf(container.data.volumeMounts).forEach((mount, index) => {
          for (const field of ['subPath', 'subPathExpr'] as const) {
            const value = objectOf(mount)?.[field];
            if (typeof value === 'string' && value !== '') {
              report(
                [...container.path, 'volumeMounts', index, field],
                field,
                `a volume mount with ${field}`,
              );
            }
          }
        });
      }
      return findings;
    });
  },
};
