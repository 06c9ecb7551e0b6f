/**
 * probe-success-threshold: `successThreshold` must be 1 on a liveness or startup probe (the API
 * server rejects anything else). Only a readiness probe may ask for several successes.
 */
import { describeContainer, runsConcurrently } from '../kubernetes/podView';
import { numberOf, objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podContainers, valueRangeAt } from './ruleSupport';
import { replaceScalarEdit } from './yamlEdits';

export const probeSuccessThreshold: Rule = {
  id: 'probe-success-threshold',
  defaultSeverity: 'error',
  summary: 'successThreshold is not 1 on a liveness or startup probe.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context, runsConcurrently)) {
      for (const field of ['livenessProbe', 'startupProbe'] as const) {
        const threshold = numberOf(objectOf(container.data[field])?.successThreshold);
        if (threshold === undefined || threshold === 1) {
          continue;
        }
        const path = [...container.path, field, 'successThreshold'];
        const finding: RuleFinding = {
          range: valueRangeAt(context.document, path),
          message: `${describeContainer(container)}: successThreshold of a ${field} must be 1, not ${threshold}; set it to 1.`,
        };
        const edit = replaceScalarEdit(context.document, path, '1');
        if (edit) {
          finding.data = { kind: 'edits', fixes: [{ title: 'Set successThreshold to 1', edits: [edit] }] };
        }
        findings.push(finding);
      }
    }
    return findings;
  },
};
