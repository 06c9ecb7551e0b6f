/**
 * port-conflict: two containers that run at the same time declare the same `containerPort` and
 * protocol. The containers of a pod share one network namespace, so only one of them can bind
 * the port. The same for `hostPort`, which must be free on the node: the API server rejects a
 * hostPort that two app containers (or one init container) declare twice.
 *
 * App containers and sidecars run together; a regular init container runs alone, before them,
 * so its ports are only compared with its own.
 */
import { type PodContainer, describeContainer, runsConcurrently } from '../kubernetes/podView';
import { listOf, numberOf, objectOf, stringOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, keyRangeAt, valueRangeAt } from './ruleSupport';

interface Declaration {
  container: PodContainer;
  index: number;
}

/** The earlier declarations of one host port: kept so that each lookup is constant time. */
interface HostPortUse {
  first: Declaration;
  firstApp?: Declaration;
  byContainer: Map<PodContainer, Declaration>;
}

export const portConflict: Rule = {
  id: 'port-conflict',
  defaultSeverity: 'warning',
  summary: 'Two containers of a pod declare the same containerPort (or hostPort) and protocol.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      const shared = {
        containerPorts: new Map<string, Declaration>(),
        hostPorts: new Map<string, HostPortUse>(),
      };
      // In document order, so that a conflict is reported on the declaration written second.
      const containers = pod.containers
        .filter((container) => container.role !== 'ephemeral')
        .map((container) => ({ container, offset: keyRangeAt(context.document, container.path)[0] }))
        .sort((a, b) => a.offset - b.offset)
        .map(({ container }) => container);
      for (const container of containers) {
        // A regular init container only competes with itself.
        const scope = runsConcurrently(container)
          ? shared
          : { containerPorts: new Map<string, Declaration>(), hostPorts: new Map<string, HostPortUse>() };
        listOf(container.data.ports).forEach((entry, index) => {
          const port = objectOf(entry);
          const protocol = stringOf(port?.protocol) ?? 'TCP';
          const containerPort = numberOf(port?.containerPort);
          const hostPort = numberOf(port?.hostPort);
          const declaration = { container, index };
          if (containerPort !== undefined) {
            const key = `${containerPort}/${protocol}`;
            const first = scope.containerPorts.get(key);
            if (first) {
              findings.push(
                conflictFinding(
                  context,
                  first,
                  declaration,
                  'containerPort',
                  `port ${key}`,
                  'containers of a pod share one network namespace, so only one can bind it',
                ),
              );
            } else {
              scope.containerPorts.set(key, declaration);
            }
          }
          if (hostPort !== undefined && hostPort !== 0) {
            const hostIP = stringOf(port?.hostIP) ?? '';
            const key = `${hostPort}/${protocol}${hostIP === '' || hostIP === '0.0.0.0' ? '' : ` on ${hostIP}`}`;
            const earlier = scope.hostPorts.get(key);
            // The API server rejects a clash within one container or between two app containers.
            const rejectedBy =
              earlier?.byContainer.get(container) ??
              (container.role === 'app' ? earlier?.firstApp : undefined);
            const first = rejectedBy ?? earlier?.first;
            if (first) {
              findings.push({
                ...conflictFinding(
                  context,
                  first,
                  declaration,
                  'hostPort',
                  `host port ${key}`,
                  'a node port can be bound only once',
                ),
                ...(rejectedBy ? { severity: 'error' as const } : {}),
              });
            }
            const entry = earlier ?? {
              first: declaration,
              byContainer: new Map<PodContainer, Declaration>(),
            };
            if (container.role === 'app') {
              entry.firstApp ??= declaration;
            }
            if (!entry.byContainer.has(container)) {
              entry.byContainer.set(container, declaration);
            }
            scope.hostPorts.set(key, entry);
          }
        });
      }
      return findings;
    });
  },
};

/** A finding on the port of the second declaration, which repeats the first's. */
function conflictFinding(
  context: RuleContext,
  first: Declaration,
  second: Declaration,
  field: 'containerPort' | 'hostPort',
  what: string,
  reason: string,
): RuleFinding {
  const subject = describeContainer(second.container);
  return {
    range: valueRangeAt(context.document, [...second.container.path, 'ports', second.index, field]),
    message:
      first.container === second.container
        ? `${subject} declares ${what} twice (ports[${first.index}] and ports[${second.index}]); remove one.`
        : `${subject} declares ${what}, as ${describeContainer(first.container)} does; ${reason}. Use another port.`,
  };
}
