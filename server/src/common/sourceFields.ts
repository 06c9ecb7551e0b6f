/**
 * The key of a manifest field that the simulator's explanations name (the probe that killed a
 * container, the limit that failed a Job), shared by the language service, which says where each
 * is written, and the webview, which links an explanation to it.
 *
 * `pod.<field>` for a pod spec field (restartPolicy, terminationGracePeriodSeconds,
 * activeDeadlineSeconds), `container.<name>.<field>` for a container's (livenessProbe,
 * readinessProbe, startupProbe, lifecycle.postStart, lifecycle.preStop, image), and
 * `workload.<field>` for a field of the workload's spec (backoffLimit, progressDeadlineSeconds,
 * strategy…).
 */
export function sourceFieldKey(scope: 'pod' | 'workload' | { container: string }, field: string): string {
  return typeof scope === 'string' ? `${scope}.${field}` : `container.${scope.container}.${field}`;
}
