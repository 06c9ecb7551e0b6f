/**
 * probe-handler-count: a probe or a lifecycle hook must have exactly one handler: one of exec,
 * httpGet, tcpSocket or grpc for a probe; exec, httpGet, tcpSocket or sleep for a hook.
 */
import {
  describeContainer,
  hookHandlerFields,
  lifecycleHookFields,
  probeFields,
  probeHandlerFields,
  runsConcurrently,
} from '../kubernetes/podView';
import { type JsonObject, objectOf } from '../common/guards';
import type { PathSegment } from '../common/paths';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, keyRangeAt, podContainers, renderedApart, withData } from './ruleSupport';
import { type OffsetEdit, removePairEdit } from './yamlEdits';

export const probeHandlerCount: Rule = {
  id: 'probe-handler-count',
  defaultSeverity: 'error',
  summary: 'A probe or lifecycle hook has no handler, or more than one.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    // Probes and hooks of init and ephemeral containers are forbidden outright: other rules say so.
    for (const container of podContainers(context, runsConcurrently)) {
      const subject = describeContainer(container);
      for (const field of probeFields) {
        const probe = objectOf(container.data[field]);
        if (probe) {
          check(
            context,
            [...container.path, field],
            probe,
            probeHandlerFields,
            `${subject}: ${field}`,
            findings,
          );
        }
      }
      const lifecycle = objectOf(container.data.lifecycle);
      for (const hook of lifecycleHookFields) {
        const handler = objectOf(lifecycle?.[hook]);
        if (handler) {
          check(
            context,
            [...container.path, 'lifecycle', hook],
            handler,
            hookHandlerFields,
            `${subject}: the ${hook} hook`,
            findings,
          );
        }
      }
    }
    return findings;
  },
};

function check(
  context: RuleContext,
  path: PathSegment[],
  handler: JsonObject,
  handlerFields: readonly string[],
  subject: string,
  findings: RuleFinding[],
): void {
  // In the order they are written: the finding goes on the second one.
  const present = handlerFields
    .filter((field) => handler[field] !== undefined && handler[field] !== null)
    .map((field) => ({ field, range: keyRangeAt(context.document, [...path, field]) }))
    .sort((a, b) => a.range[0] - b.range[0])
    .map(({ field }) => field);
  if (present.length === 0) {
    findings.push({
      range: keyRangeAt(context.document, path),
      message: `${subject} has no handler; add one of ${handlerFields.join(', ')}.`,
    });
    return;
  }
  // In a Helm template, handlers in exclusive branches of one chain never render together
  // (bitnami contour's preStop: httpGet in an `if`, exec in its `else`).
  const together = present.some((first, index) =>
    present
      .slice(index + 1)
      .some((second) => !renderedApart(context.document, [...path, first], [...path, second])),
  );
  if (!together) {
    return;
  }
  // Each "keep only" fix removes the other handlers.
  const fixes = fixData(
    present.map((kept): [string, ...(OffsetEdit | undefined)[]] => [
      `Keep only the ${kept} handler`,
      ...present
        .filter((field) => field !== kept)
        .map((field) => removePairEdit(context.document, [...path, field])),
    ]),
  );
  findings.push(
    withData(
      {
        range: keyRangeAt(context.document, [...path, present[1]!]),
        message: `${subject} has ${present.length} handlers (${present.join(', ')}); keep exactly one.`,
      },
      fixes,
    ),
  );
}
