/**
 * slow-start-without-startup-probe: a liveness probe that waits a long `initialDelaySeconds`
 * for a slow start, without a startup probe. The delay is paid on every start, even a fast one,
 * and a start slower than the delay still ends in a restart loop. A startup probe holds the
 * liveness probe back only until the application is up.
 *
 * The fix adds a startup probe with the liveness probe's handler, checking every 10 seconds
 * for as long as the liveness probe allowed before its first restart (initialDelaySeconds +
 * failureThreshold × periodSeconds), and removes the liveness probe's initialDelaySeconds,
 * which the startup probe now covers.
 */
import {
  type PodContainer,
  describeContainer,
  probeHandlerFields,
  runsConcurrently,
} from '../kubernetes/podView';
import { numberOf, objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, podContainers, valueRangeAt, withData } from './ruleSupport';
import { insertIntoMapEdit, pairLines, removePairEdit, type YamlLine } from './yamlEdits';

/** A liveness initialDelaySeconds from which a startup probe is the better tool. */
export const slowStartThresholdSeconds = 60;

const startupPeriodSeconds = 10;

export const slowStartWithoutStartupProbe: Rule = {
  id: 'slow-start-without-startup-probe',
  defaultSeverity: 'warning',
  judgesAbsence: true,
  summary: `A liveness probe with initialDelaySeconds of ${slowStartThresholdSeconds} or more and no startup probe.`,
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context)) {
      const liveness = objectOf(container.data.livenessProbe);
      const delay = numberOf(liveness?.initialDelaySeconds);
      const startup = container.data.startupProbe;
      if (
        !runsConcurrently(container) ||
        !liveness ||
        delay === undefined ||
        delay < slowStartThresholdSeconds ||
        (startup !== undefined && startup !== null)
      ) {
        continue;
      }
      const failureThreshold = positive(numberOf(liveness.failureThreshold)) ?? 3;
      const period = positive(numberOf(liveness.periodSeconds)) ?? 10;
      const budget = delay + failureThreshold * period;
      const startupThreshold = Math.ceil(budget / startupPeriodSeconds);
      const delayPath = [...container.path, 'livenessProbe', 'initialDelaySeconds'];
      findings.push(
        withData(
          {
            range: valueRangeAt(context.document, delayPath),
            message: `${describeContainer(container)}: the liveness probe waits ${delay}s on every start; add a startupProbe (periodSeconds: ${startupPeriodSeconds}, failureThreshold: ${startupThreshold}, allowing ${startupThreshold * startupPeriodSeconds}s) and drop the initial delay.`,
          },
          startupProbeFix(context, container, liveness, startupThreshold),
        ),
      );
    }
    return findings;
  },
};

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function startupProbeFix(
  context: RuleContext,
  container: PodContainer,
  liveness: Record<string, unknown>,
  failureThreshold: number,
): ReturnType<typeof fixData> {
  const handlers = probeHandlerFields.filter(
    (field) => liveness[field] !== undefined && liveness[field] !== null,
  );
  const handler = handlers[0];
  if (handlers.length !== 1 || handler === undefined) {
    return undefined;
  }
  const livenessPath = [...container.path, 'livenessProbe'];
  // The handler is copied as written, at the same indentation: the startup probe goes just
  // before the liveness probe, as its sibling.
  const handlerText = pairLines(context.document, [...livenessPath, handler]);
  const probeKey = pairLines(context.document, livenessPath);
  if (!handlerText || !probeKey) {
    return undefined;
  }
  const childIndent = ' '.repeat(handlerText.column);
  const probeIndent = ' '.repeat(probeKey.column);
  const lines: YamlLine[] = [
    { depth: 0, text: 'startupProbe:' },
    ...handlerText.text.split(/\r?\n/).map((line) => ({ depth: 0, text: line.slice(probeIndent.length) })),
    { depth: 0, text: `${childIndent.slice(probeIndent.length)}periodSeconds: ${startupPeriodSeconds}` },
    { depth: 0, text: `${childIndent.slice(probeIndent.length)}failureThreshold: ${failureThreshold}` },
  ];
  return fixData([
    [
      `Add a startupProbe (up to ${failureThreshold * startupPeriodSeconds}s) and remove the liveness initialDelaySeconds`,
      insertIntoMapEdit(context.document, container.path, lines, { before: 'livenessProbe' }),
      removePairEdit(context.document, [...livenessPath, 'initialDelaySeconds']),
    ],
  ]);
}
