/**
 * workload-active-deadline: `activeDeadlineSeconds` in the pod template of a controller that keeps
 * its pods running. The API server rejects it: "activeDeadlineSeconds in ReplicaSet is not
 * Supported" for a Deployment or ReplicaSet (pkg/apis/apps/validation/validation.go
 * ValidatePodTemplateSpecForReplicaSet), and the same Forbidden error for a StatefulSet
 * (ValidateStatefulSetSpec), a DaemonSet (ValidateDaemonSetSpec) and a ReplicationController
 * (pkg/apis/core/validation/validation.go ValidatePodTemplateSpecForRC). Such a pod would be failed
 * at its deadline and replaced, over and over. Jobs and CronJobs accept it on the pod template.
 */
import { isLongRunningWorkload } from '../kubernetes/workloads';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, fixData, keyRangeAt, withData } from './ruleSupport';
import { removePairEdit } from './yamlEdits';

export const workloadActiveDeadline: Rule = {
  id: 'workload-active-deadline',
  defaultSeverity: 'error',
  summary:
    'The pod template of a Deployment, StatefulSet, DaemonSet or other long-running workload sets activeDeadlineSeconds.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const value = pod.spec.activeDeadlineSeconds;
      if (!isLongRunningWorkload(pod.kind) || value === undefined || value === null) {
        return [];
      }
      const path = [...pod.path, 'activeDeadlineSeconds'];
      return [
        withData(
          {
            range: keyRangeAt(context.document, path),
            message: `activeDeadlineSeconds is not supported in a ${pod.kind}'s pod template: the API server rejects it (the controller keeps its pods running); remove it, or use a Job.`,
          },
          () => fixData([['Remove activeDeadlineSeconds', removePairEdit(context.document, path)]]),
        ),
      ];
    });
  },
};
