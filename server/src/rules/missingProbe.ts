/**
 * What missing-readiness-probe and missing-liveness-probe share: an app container without the
 * probe. Skipped for Job and CronJob pods, which run to completion, and for init containers.
 * Sidecars are skipped too: a sidecar counts as ready once started, and its probes are usually
 * the business of whoever ships it.
 */
import { describeContainer } from '../kubernetes/podView';
import { runsToCompletion } from '../kubernetes/workloads';
import type { DefaultSeverity, Rule, RuleContext, RuleFinding } from './rule';
import { containerRange, podOf } from './ruleSupport';

export function missingProbeRule(
  id: string,
  field: 'readinessProbe' | 'livenessProbe',
  defaultSeverity: DefaultSeverity,
  summary: string,
  consequence: string,
): Rule {
  return {
    id,
    defaultSeverity,
    judgesAbsence: true,
    summary,
    validate(context: RuleContext): RuleFinding[] {
      const pod = podOf(context);
      if (!pod || runsToCompletion(pod.kind)) {
        return [];
      }
      return pod.containers
        .filter((container) => container.role === 'app')
        .filter((container) => container.data[field] === undefined || container.data[field] === null)
        .map((container) => ({
          range: containerRange(context.document, container),
          message: `${describeContainer(container)} has no ${field}: ${consequence}; add a ${field}.`,
        }));
    },
  };
}
