/**
 * workload-restart-policy: the pod restart policy a controller accepts. Deployments,
 * ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers keep their pods running:
 * only `Always` (the default). Jobs and CronJobs run pods to completion: `OnFailure` or `Never`,
 * and the API server requires it to be set, since the default (Always) is not allowed.
 */
import { isLongRunningWorkload, runsToCompletion } from '../kubernetes/workloads';
import type { EditsFixData } from '../common/fixData';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, fixData, keyRangeAt, valueRangeAt, withData } from './ruleSupport';
import { insertIntoMapEdit, replaceScalarEdit, yamlLines } from './yamlEdits';

export const workloadRestartPolicy: Rule = {
  id: 'workload-restart-policy',
  defaultSeverity: 'error',
  summary:
    'The pod template restartPolicy is not allowed for the controller: Always for long-running workloads, OnFailure or Never for Jobs.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const kind = pod.kind;
      const policy = pod.spec.restartPolicy;
      const policyPath = [...pod.path, 'restartPolicy'];
      const replace = (values: string[]): EditsFixData | undefined =>
        fixData(
          values.map((value) => [
            `Change restartPolicy to ${value}`,
            replaceScalarEdit(context.document, policyPath, value),
          ]),
        );
      if (isLongRunningWorkload(kind) && (policy === 'OnFailure' || policy === 'Never')) {
        return [
          withData(
            {
              range: valueRangeAt(context.document, policyPath),
              message: `A ${kind} keeps its pods running, so restartPolicy must be Always (or unset), not ${policy}; use a Job for pods that finish.`,
            },
            replace(['Always']),
          ),
        ];
      }
      if (!runsToCompletion(kind)) {
        return [];
      }
      if (policy === 'Always') {
        return [
          withData(
            {
              range: valueRangeAt(context.document, policyPath),
              message: `A ${kind} runs its pods to completion, so restartPolicy must be OnFailure or Never, not Always.`,
            },
            replace(['OnFailure', 'Never']),
          ),
        ];
      }
      if (policy === undefined || policy === null) {
        return [
          withData(
            {
              range: keyRangeAt(context.document, pod.path),
              absence: true,
              message: `A ${kind} pod template must set restartPolicy to OnFailure or Never (the default, Always, is not allowed); add restartPolicy: OnFailure.`,
            },
            () =>
              fixData(
                ['OnFailure', 'Never'].map((value) => [
                  `Add restartPolicy: ${value}`,
                  insertIntoMapEdit(context.document, pod.path, yamlLines(`restartPolicy: ${value}`)),
                ]),
              ),
          ),
        ];
      }
      return [];
    });
  },
};
