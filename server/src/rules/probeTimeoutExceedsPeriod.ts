/**
 * probe-timeout-exceeds-period: a probe whose `timeoutSeconds` (default 1) is at least its
 * `periodSeconds` (default 10). A check that may take the whole period leaves no time between
 * checks, and a hung endpoint delays every later check: the probe reacts far slower than its
 * period suggests.
 */
import { describeContainer, probeFields, runsConcurrently } from '../kubernetes/podView';
import { numberOf, objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podContainers, valueRangeAt } from './ruleSupport';

export const probeTimeoutExceedsPeriod: Rule = {
  id: 'probe-timeout-exceeds-period',
  defaultSeverity: 'warning',
  summary: "A probe's timeoutSeconds is not less than its periodSeconds.",
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context, runsConcurrently)) {
      for (const field of probeFields) {
        const probe = objectOf(container.data[field]);
        const timeout = numberOf(probe?.timeoutSeconds);
        const period = numberOf(probe?.periodSeconds);
        if (timeout === undefined && period === undefined) {
          continue;
        }
        const effectiveTimeout = timeout ?? 1;
        const effectivePeriod = period ?? 10;
        if (effectiveTimeout < effectivePeriod) {
          continue;
        }
        const on = timeout !== undefined ? 'timeoutSeconds' : 'periodSeconds';
        findings.push({
          range: valueRangeAt(context.document, [...container.path, field, on]),
          message: `${describeContainer(container)}: the ${field} timeoutSeconds (${effectiveTimeout}) is not less than its periodSeconds (${effectivePeriod}); make the timeout shorter than the period.`,
        });
      }
    }
    return findings;
  },
};
