/**
 * Label selectors across the workspace: the workloads whose pods a Service, PodDisruptionBudget
 * or NetworkPolicy selects, and the selectors that select a workload's pods. A pod template's
 * labels are the labels of every pod the workload makes; the selector is evaluated as the API
 * server does (labelSelector.ts).
 */
import { type LabelSelector, isSelectorOperator, selectorMatches } from '../kubernetes/labelSelector';
import type { Declaration, SelectorData } from './fileResources';
import { type Located, sameNamespace, type WorkspaceIndex } from './workspaceIndex';

/**
 * Labels the controllers put on the pods they make, which no template writes: a selector that
 * names one picks pods by their place (a Service for one StatefulSet pod), so matching ignores
 * them. `pod-template-hash` (pkg/controller/deployment/sync.go, DefaultDeploymentUniqueLabelKey),
 * `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`
 * (pkg/controller/statefulset/stateful_set_utils.go, initIdentity), `controller-revision-hash`
 * (apps/v1 ControllerRevisionHashLabelKey), and the Job controller's `job-name`,
 * `controller-uid` and their `batch.kubernetes.io/` forms and `batch.kubernetes.io/job-completion-index`
 * (pkg/controller/job, k8s.io/api/batch/v1 types.go).
 */
export const controllerLabels: ReadonlySet<string> = new Set([
  'pod-template-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-revision-hash',
  'job-name',
  'controller-uid',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

/** Whether a selector names a label only the controllers set. */
export function namesControllerLabel(selector: SelectorData): boolean {
  return [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map(({ key }) => key)].some(
    (key) => controllerLabels.has(key),
  );
}

/** The selector as labelSelector.ts evaluates it, without the controllers' labels. */
function evaluable(selector: SelectorData): LabelSelector {
  return {
    matchLabels: new Map(Object.entries(selector.matchLabels).filter(([key]) => !controllerLabels.has(key))),
    matchExpressions: selector.matchExpressions.flatMap(({ key, operator, values }) =>
      isSelectorOperator(operator) && !controllerLabels.has(key) ? [{ key, operator, values }] : [],
    ),
  };
}

/**
 * Whether a selector selects a workload's pods: same namespace, and the template's labels match.
 * An empty Service selector selects nothing (the Service's endpoints are managed by hand:
 * pkg/controller/endpointslice/endpointslice_controller.go, syncService, skips a Service whose
 * `spec.selector` is nil); an empty PodDisruptionBudget or NetworkPolicy selector selects every
 * pod of the namespace (policy/v1 PodDisruptionBudgetSpec, networking/v1 NetworkPolicySpec).
 */
export function selects(selecting: Declaration, workload: Declaration): boolean {
  const { selector } = selecting;
  if (!selector || !workload.template || !sameNamespace(selecting.namespace, workload.namespace)) {
    return false;
  }
  if (selector.empty) {
    return selecting.kind !== 'Service';
  }
  const matchers = selector.matchExpressions.filter(({ operator }) => !isSelectorOperator(operator));
  if (matchers.length > 0) {
    return false; // An operator the API server rejects: the selector selects nothing.
  }
  return selectorMatches(evaluable(selector), new Map(Object.entries(workload.template.labels)));
}

/** The workloads (and Pods) whose pods a Service, PodDisruptionBudget or NetworkPolicy selects. */
export function selectedWorkloads(index: WorkspaceIndex, selecting: Declaration): Located<Declaration>[] {
  return [...index.declarations()].filter(({ item }) => selects(selecting, item));
}

/** The Services, PodDisruptionBudgets and NetworkPolicies that select a workload's pods. */
export function selectorsOf(index: WorkspaceIndex, workload: Declaration): Located<Declaration>[] {
  return [...index.declarations()].filter(({ item }) => selects(item, workload));
}

/**
 * The workloads a Service selects, one per object: a workload declared again by an overlay or a
 * patch (same kind, name and namespace) is one workload.
 */
export function distinctWorkloads(selected: readonly Located<Declaration>[]): Located<Declaration>[] {
  const seen = new Map<string, Located<Declaration>>();
  for (const located of selected) {
    const key = `${located.item.kind}/${located.item.namespace ?? ''}/${located.item.name}`;
    if (!seen.has(key)) {
      seen.set(key, located);
    }
  }
  return [...seen.values()];
}
