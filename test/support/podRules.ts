import { builtinRules } from '../../server/src/rules';

/**
 * The pod-semantics rules (every built-in rule but yaml11-boolean-string). Suites about the
 * schema or the plumbing leave their findings out; test/unit/rules tests them.
 */
export const podRuleIds: ReadonlySet<string> = new Set(
  builtinRules.map((rule) => rule.id).filter((id) => id !== 'yaml11-boolean-string'),
);

/**
 * Container fields that satisfy every pod rule (resources, probes, a restricted security
 * context), as lines at `indent` spaces: appended to a container in a fixture about something
 * else, they keep the pod rules quiet without moving the lines above.
 */
export function quietContainerFields(indent: number): string {
  const pad = ' '.repeat(indent);
  return [
    'resources:',
    '  requests: { cpu: 100m, memory: 64Mi }',
    '  limits: { memory: 64Mi }',
    'readinessProbe:',
    '  exec: { command: [cat, /tmp/ready] }',
    'livenessProbe:',
    '  exec: { command: [cat, /tmp/alive] }',
    'securityContext:',
    '  runAsNonRoot: true',
    '  allowPrivilegeEscalation: false',
    '  readOnlyRootFilesystem: true',
    '  capabilities: { drop: [ALL] }',
    '  seccompProfile: { type: RuntimeDefault }',
  ]
    .map((line) => `${pad}${line}\n`)
    .join('');
}
