/**
 * init-container-fields: a regular init container (one without `restartPolicy: Always`) runs to
 * completion before the app starts, so it cannot have `lifecycle` hooks or probes; the API
 * server rejects them. A sidecar (an init container with `restartPolicy: Always`) may.
 */
import { describeContainer } from '../kubernetes/podView';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { keyRangeAt, podContainers } from './ruleSupport';
import { removePairEdit } from './yamlEdits';

const forbiddenFields = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export const initContainerFields: Rule = {
  id: 'init-container-fields',
  defaultSeverity: 'error',
  summary: 'An init container without restartPolicy: Always has lifecycle hooks or probes.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context, (container) => container.role === 'init')) {
      for (const field of forbiddenFields) {
        const value = container.data[field];
        if (value === undefined || value === null) {
          continue;
        }
        const path = [...container.path, field];
        const finding: RuleFinding = {
          range: keyRangeAt(context.document, path),
          message: `${describeContainer(container)} runs to completion before the app starts, so it cannot have ${field}; remove it, or set restartPolicy: Always to make it a sidecar.`,
        };
        const edit = removePairEdit(context.document, path);
        if (edit) {
          finding.data = { kind: 'edits', fixes: [{ title: `Remove ${field}`, edits: [edit] }] };
        }
        findings.push(finding);
      }
    }
    return findings;
  },
};
