/**
 * container-restart-policy: the container-level `restartPolicy` and `restartPolicyRules`.
 *
 * `restartPolicy: Always` on an init container makes it a sidecar (stable since 1.33). Any other
 * container-level restart policy, on app containers and regular init containers alike, and
 * `restartPolicyRules`, come from the ContainerRestartRules feature: alpha in 1.34, beta and on
 * by default since 1.35. Podscope targets Kubernetes 1.36, so these are accepted, with a note
 * that older API servers reject them. What 1.36 still rejects is reported as an error: a value
 * other than Always, OnFailure or Never, and rules without an explicit `restartPolicy`. Rules on
 * a sidecar need the alpha RestartAllContainersOnContainerExits gate: information as well.
 */
import { defaultRestartPolicy, describeContainer } from '../kubernetes/podView';
import { listOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, keyRangeAt, valueRangeAt } from './ruleSupport';
import { insertIntoMapEdit, replaceScalarEdit, yamlLines } from './yamlEdits';

const policies = ['Always', 'OnFailure', 'Never'] as const;

export const containerRestartPolicy: Rule = {
  id: 'container-restart-policy',
  defaultSeverity: 'error',
  summary:
    'A container-level restartPolicy or restartPolicyRules that the API server rejects, or that needs Kubernetes 1.35 or later.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        // Ephemeral containers may have neither field: ephemeral-container-fields reports them.
        if (container.role === 'ephemeral') {
          continue;
        }
        const subject = describeContainer(container);
        const policy = container.data.restartPolicy;
        const policyPath = [...container.path, 'restartPolicy'];
        const rules = listOf(container.data.restartPolicyRules);
        const rulesPath = [...container.path, 'restartPolicyRules'];
        if (typeof policy === 'string' && !(policies as readonly string[]).includes(policy)) {
          const fixes = policies.flatMap((value) => {
            const edit = replaceScalarEdit(context.document, policyPath, value);
            return edit ? [{ title: `Change restartPolicy to ${value}`, edits: [edit] }] : [];
          });
          findings.push({
            range: valueRangeAt(context.document, policyPath),
            message: `${subject}: restartPolicy "${policy}" is not valid; use Always, OnFailure or Never.`,
            ...(fixes.length > 0 ? { data: { kind: 'edits', fixes } } : {}),
          });
          continue;
        }
        if (rules.length > 0 && (policy === undefined || policy === null)) {
          const podPolicy = pod.restartPolicy ?? defaultRestartPolicy;
          const value = (policies as readonly string[]).includes(podPolicy) ? podPolicy : 'Always';
          const edit = insertIntoMapEdit(
            context.document,
            container.path,
            yamlLines(`restartPolicy: ${value}`),
            container.data.name !== undefined ? { after: 'name' } : 'last',
          );
          findings.push({
            range: keyRangeAt(context.document, rulesPath),
            message: `${subject}: restartPolicyRules need an explicit restartPolicy on the container; add restartPolicy: ${value}.`,
            ...(edit
              ? { data: { kind: 'edits', fixes: [{ title: `Add restartPolicy: ${value}`, edits: [edit] }] } }
              : {}),
          });
          continue;
        }
        if (container.role === 'sidecar' && rules.length > 0) {
          findings.push({
            range: keyRangeAt(context.document, rulesPath),
            severity: 'information',
            message: `${subject}: restartPolicyRules on a sidecar need the alpha RestartAllContainersOnContainerExits feature gate; without it the API server rejects them.`,
          });
        } else if (
          (container.role === 'app' && typeof policy === 'string') ||
          (container.role === 'init' && typeof policy === 'string') ||
          (container.role !== 'sidecar' && rules.length > 0)
        ) {
          const hasPolicy = typeof policy === 'string';
          findings.push({
            range: hasPolicy
              ? valueRangeAt(context.document, policyPath)
              : keyRangeAt(context.document, rulesPath),
            severity: 'information',
            message: `${subject}: a container-level ${hasPolicy ? 'restartPolicy' : 'restartPolicyRules'} needs Kubernetes 1.35 or later (ContainerRestartRules); older API servers reject it.`,
          });
        }
      }
      return findings;
    });
  },
};
