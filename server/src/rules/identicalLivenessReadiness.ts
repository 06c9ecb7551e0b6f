/**
 * identical-liveness-readiness: the same probe as both liveness and readiness probe. Readiness
 * answers "can it take traffic now?", liveness "is it stuck for good?". With one probe for both,
 * a failing dependency (a database that is down) restarts the container instead of only taking
 * it out of service, and the restarts do not fix the dependency.
 */
import { describeContainer, runsConcurrently } from '../kubernetes/podView';
import { objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { keyRangeAt, podContainers } from './ruleSupport';

export const identicalLivenessReadiness: Rule = {
  id: 'identical-liveness-readiness',
  defaultSeverity: 'warning',
  summary: 'The liveness probe is identical to the readiness probe.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context, runsConcurrently)) {
      const liveness = objectOf(container.data.livenessProbe);
      const readiness = objectOf(container.data.readinessProbe);
      if (liveness && readiness && deepEqual(liveness, readiness)) {
        findings.push({
          range: keyRangeAt(context.document, [...container.path, 'livenessProbe']),
          message: `${describeContainer(container)}: the liveness probe is identical to the readiness probe, so a failing dependency restarts the container; make the liveness probe check only that the process is alive, or give it a higher failureThreshold.`,
        });
      }
    }
    return findings;
  },
};

/** Structural equality of plain data (the output of YAML's toJS). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => deepEqual(item, b[index]))
    );
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key]))
  );
}
