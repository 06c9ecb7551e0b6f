/**
 * requests-exceed-limits: a resource request above its limit, compared as exact quantities
 * (`500m` < `1`, `1Gi` > `1000Mi`). The API server rejects it. For resources that cannot be
 * overcommitted (hugepages and extended resources such as nvidia.com/gpu) the request must
 * equal the limit, and a request needs a limit.
 */
import { isScalar } from 'yaml';
import { describeContainer } from '../kubernetes/podView';
import { type JsonObject, objectOf } from '../common/guards';
import { compareQuantities, parseQuantity } from '../kubernetes/quantity';
import type { PathSegment } from '../common/paths';
import { nodeAtPath, rangeOf } from '../yaml/astPath';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, fixData, valueRangeAt, withData } from './ruleSupport';
import { replaceScalarEdit } from './yamlEdits';

export const requestsExceedLimits: Rule = {
  id: 'requests-exceed-limits',
  defaultSeverity: 'error',
  summary:
    'A resource request is more than its limit (or differs from it, for resources that cannot be overcommitted).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      const podResources = objectOf(pod.spec.resources);
      if (podResources) {
        check(context, [...pod.path, 'resources'], podResources, 'The pod', findings);
      }
      for (const container of pod.containers) {
        const resources = objectOf(container.data.resources);
        // Ephemeral containers cannot have resources: ephemeral-container-fields says so.
        if (resources && container.role !== 'ephemeral') {
          check(context, [...container.path, 'resources'], resources, describeContainer(container), findings);
        }
      }
      return findings;
    });
  },
};

/** Native resources (no domain prefix, or kubernetes.io/) other than hugepages may be overcommitted. */
function overcommitAllowed(resource: string): boolean {
  const native = !resource.includes('/') || resource.startsWith('kubernetes.io/');
  return native && !resource.startsWith('hugepages-');
}

function check(
  context: RuleContext,
  path: PathSegment[],
  resources: JsonObject,
  subject: string,
  findings: RuleFinding[],
): void {
  const requests = objectOf(resources.requests) ?? {};
  const limits = objectOf(resources.limits) ?? {};
  for (const [resource, requestValue] of Object.entries(requests)) {
    const requestPath = [...path, 'requests', resource];
    const limitPath = [...path, 'limits', resource];
    const request = parseQuantity(requestValue);
    const limitValue = limits[resource];
    if (!request) {
      continue;
    }
    if (limitValue === undefined || limitValue === null) {
      if (!overcommitAllowed(resource)) {
        findings.push({
          range: valueRangeAt(context.document, requestPath),
          message: `${subject}: ${resource} cannot be overcommitted, so its request needs an equal limit; add limits.${resource}.`,
        });
      }
      continue;
    }
    const limit = parseQuantity(limitValue);
    if (!limit) {
      continue;
    }
    const order = compareQuantities(request, limit);
    const requestText = sourceText(context, requestPath) ?? JSON.stringify(requestValue);
    const limitText = sourceText(context, limitPath);
    const fix = limitText
      ? fixData([
          [
            `Set the request to the limit (${limitText})`,
            replaceScalarEdit(context.document, requestPath, limitText),
          ],
        ])
      : undefined;
    if (order > 0) {
      findings.push(
        withData(
          {
            range: valueRangeAt(context.document, requestPath),
            message: `${subject}: the ${resource} request (${requestText}) is more than its limit (${limitText ?? JSON.stringify(limitValue)}); lower the request or raise the limit.`,
          },
          fix,
        ),
      );
    } else if (order < 0 && !overcommitAllowed(resource)) {
      findings.push(
        withData(
          {
            range: valueRangeAt(context.document, requestPath),
            message: `${subject}: ${resource} cannot be overcommitted, so its request (${requestText}) must equal its limit (${limitText ?? JSON.stringify(limitValue)}).`,
          },
          fix,
        ),
      );
    }
  }
}

/** A scalar's text as written, to copy it elsewhere unchanged. */
function sourceText(context: RuleContext, path: PathSegment[]): string | undefined {
  const node = nodeAtPath(context.document.yaml, path);
  const range = isScalar(node) ? rangeOf(node) : undefined;
  return range ? context.document.segment.text.slice(range[0], range[1]) : undefined;
}
