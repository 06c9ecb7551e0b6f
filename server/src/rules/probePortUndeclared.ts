/**
 * probe-port-undeclared: a probe (or lifecycle hook) that names a port the container does not
 * declare. The kubelet resolves a named port from the container's own `ports` only, so the
 * probe can never succeed: an error. A numeric port that the container does not declare works,
 * and is only noted (declaring it documents the port and lets the probe use its name).
 */
import { describeContainer, lifecycleHookFields, probeFields, runsConcurrently } from '../kubernetes/podView';
import { type JsonObject, listOf, numberOf, objectOf, stringOf } from '../common/guards';
import type { PathSegment } from '../common/paths';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, podContainers, valueRangeAt, withData } from './ruleSupport';
import { replaceScalarEdit } from './yamlEdits';

export const probePortUndeclared: Rule = {
  id: 'probe-port-undeclared',
  defaultSeverity: 'error',
  summary: "A probe's named port is not among the container's ports (a numeric one is only noted).",
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context, runsConcurrently)) {
      const names = new Set<string>();
      const numbers = new Set<number>();
      for (const entry of listOf(container.data.ports)) {
        const port = objectOf(entry);
        const name = stringOf(port?.name);
        const number = numberOf(port?.containerPort);
        if (name !== undefined) {
          names.add(name);
        }
        if (number !== undefined) {
          numbers.add(number);
        }
      }
      const handlers: { path: PathSegment[]; handler: JsonObject | undefined; what: string }[] = [
        ...probeFields.map((field) => ({
          path: [...container.path, field],
          handler: objectOf(container.data[field]),
          what: field,
        })),
        ...lifecycleHookFields.map((hook) => ({
          path: [...container.path, 'lifecycle', hook],
          handler: objectOf(objectOf(container.data.lifecycle)?.[hook]),
          what: `${hook} hook`,
        })),
      ];
      const subject = describeContainer(container);
      for (const { path, handler, what } of handlers) {
        for (const action of ['httpGet', 'tcpSocket'] as const) {
          const port = objectOf(handler?.[action])?.port;
          const portPath = [...path, action, 'port'];
          if (typeof port === 'string') {
            if (/^\d+$/.test(port)) {
              findings.push(
                withData(
                  {
                    range: valueRangeAt(context.document, portPath),
                    message: `${subject}: the ${what} port "${port}" is a string, which Kubernetes reads as a port name; write it as a number: ${port}.`,
                  },
                  () => fixData([[`Change to ${port}`, replaceScalarEdit(context.document, portPath, port)]]),
                ),
              );
            } else if (!names.has(port)) {
              findings.push({
                range: valueRangeAt(context.document, portPath),
                absence: true,
                message: `${subject}: the ${what} uses port "${port}", which the container does not declare; add a port named "${port}" or use the port number.`,
              });
            }
          } else {
            const number = numberOf(port);
            if (number !== undefined && !numbers.has(number)) {
              findings.push({
                range: valueRangeAt(context.document, portPath),
                severity: 'information',
                absence: true,
                message: `${subject}: the ${what} checks port ${number}, which the container does not declare in ports; declare it to document it.`,
              });
            }
          }
        }
      }
    }
    return findings;
  },
};
