/**
 * The API versions Kubernetes has stopped serving, from the official Deprecated API Migration
 * Guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/, source
 * kubernetes/website `content/en/docs/reference/using-api/deprecation-guide.md`), with the
 * release of each removal as the `+k8s:prerelease-lifecycle-gen:removed` tags of k8s.io/api
 * (`<group>/<version>/types.go`) give it. What a target version does not serve is a function of
 * its minor, so that a target other than the newest can be passed once catalogs for several
 * minors exist.
 */

/** The Kubernetes minor (1.x) Podscope's catalog describes: the target when none is given. */
export const defaultKubernetesMinor = 36;

/** One removal: the kinds of an apiVersion that no release from `removedIn` on serves. */
export interface RemovedApi {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** The minor (1.x) of the first release that no longer serves them. */
  readonly removedIn: number;
  /** The apiVersion the guide sends to that the newest release still serves; none for PodSecurityPolicy. */
  readonly replacement?: string;
  /** What to use when there is no replacement apiVersion. */
  readonly alternative?: string;
  /** The guide's notable changes, shortened; empty when it says "No notable changes". */
  readonly notes: readonly string[];
  /** The guide's section for the removal. */
  readonly source: string;
}

const guide = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

const selectorRequired = 'spec.selector is required and immutable: use the template labels';

/**
 * Every removal of the guide, newest release first. Where the guide names a replacement that a
 * later release removed in turn (flowcontrol v1beta1 → v1beta3, extensions/v1beta1
 * PodSecurityPolicy → policy/v1beta1), `replacement` is the version still served today.
 */
export const removedApis: readonly RemovedApi[] = [
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removedIn: 32,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    notes: [
      'PriorityLevelConfiguration spec.limited.nominalConcurrencyShares defaults to 30 only when unset',
    ],
    source: `${guide}#flowcontrol-resources-v132`,
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removedIn: 29,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    notes: ['spec.limited.assuredConcurrencyShares is renamed spec.limited.nominalConcurrencyShares'],
    source: `${guide}#flowcontrol-resources-v129`,
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    removedIn: 27,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: `${guide}#csistoragecapacity-v127`,
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removedIn: 26,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    notes: [],
    source: `${guide}#flowcontrol-resources-v126`,
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: 26,
    replacement: 'autoscaling/v2',
    notes: [
      'targetAverageUtilization is replaced with target.averageUtilization and target.type: Utilization',
    ],
    source: `${guide}#horizontalpodautoscaler-v126`,
  },
  {
    apiVersion: 'batch/v1beta1',
    kinds: ['CronJob'],
    removedIn: 25,
    replacement: 'batch/v1',
    notes: [],
    source: `${guide}#cronjob-v125`,
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    removedIn: 25,
    replacement: 'discovery.k8s.io/v1',
    notes: [
      'per-endpoint nodeName and zone replace topology["kubernetes.io/hostname"] and topology["topology.kubernetes.io/zone"]',
      'topology is replaced by deprecatedTopology, not writable in v1',
    ],
    source: `${guide}#endpointslice-v125`,
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kinds: ['Event'],
    removedIn: 25,
    replacement: 'events.k8s.io/v1',
    notes: [
      'type is Normal or Warning',
      'involvedObject is renamed regarding',
      'action, reason, reportingComponent and reportingInstance are required',
      'eventTime, series.lastObservedTime, series.count, reportingComponent and reportingInstance replace firstTimestamp, lastTimestamp, count, source.component and source.host',
    ],
    source: `${guide}#event-v125`,
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: 25,
    replacement: 'autoscaling/v2',
    notes: [
      'targetAverageUtilization is replaced with target.averageUtilization and target.type: Utilization',
    ],
    source: `${guide}#horizontalpodautoscaler-v125`,
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    removedIn: 25,
    replacement: 'policy/v1',
    notes: ['an empty spec.selector selects every pod of the namespace, none in v1beta1'],
    source: `${guide}#poddisruptionbudget-v125`,
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: 25,
    alternative: 'Pod Security Admission or a third-party admission webhook',
    notes: [],
    source: `${guide}#psp-v125`,
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: ['RuntimeClass'],
    removedIn: 25,
    replacement: 'node.k8s.io/v1',
    notes: [],
    source: `${guide}#runtimeclass-v125`,
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removedIn: 22,
    replacement: 'admissionregistration.k8s.io/v1',
    notes: [
      'webhooks[*].failurePolicy defaults to Fail, matchPolicy to Equivalent, timeoutSeconds to 10s',
      'webhooks[*].sideEffects (None or NoneOnDryRun) and admissionReviewVersions are required',
      'webhooks[*].name must be unique in the list',
    ],
    source: `${guide}#webhook-resources-v122`,
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    removedIn: 22,
    replacement: 'apiextensions.k8s.io/v1',
    notes: [
      'spec.scope must be given',
      'spec.version, validation, subresources and additionalPrinterColumns move into spec.versions[*] (schema for validation)',
      'spec.versions[*].schema.openAPIV3Schema is required and structural',
      'spec.preserveUnknownFields: true is disallowed; JSONPath is renamed jsonPath',
      'spec.conversion.webhookClientConfig and conversionReviewVersions move under spec.conversion.webhook',
    ],
    source: `${guide}#customresourcedefinition-v122`,
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    removedIn: 22,
    replacement: 'apiregistration.k8s.io/v1',
    notes: [],
    source: `${guide}#apiservice-v122`,
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    removedIn: 22,
    replacement: 'authentication.k8s.io/v1',
    notes: [],
    source: `${guide}#tokenreview-v122`,
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    // The guide names three kinds; SelfSubjectRulesReview of the same version went with them
    // (k8s.io/api authorization/v1beta1/types.go: deprecated=1.19, removed 1.22 by default).
    kinds: [
      'LocalSubjectAccessReview',
      'SelfSubjectAccessReview',
      'SubjectAccessReview',
      'SelfSubjectRulesReview',
    ],
    removedIn: 22,
    replacement: 'authorization.k8s.io/v1',
    notes: ['spec.group is renamed spec.groups'],
    source: `${guide}#subjectaccessreview-resources-v122`,
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    removedIn: 22,
    replacement: 'certificates.k8s.io/v1',
    notes: [
      'spec.signerName is required (not kubernetes.io/legacy-unknown)',
      'spec.usages is required, without duplicates, known usages only',
    ],
    source: `${guide}#certificatesigningrequest-v122`,
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    removedIn: 22,
    replacement: 'coordination.k8s.io/v1',
    notes: [],
    source: `${guide}#lease-v122`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Ingress'],
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    notes: ingressNotes(),
    source: `${guide}#ingress-v122`,
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress'],
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    notes: ingressNotes(),
    source: `${guide}#ingress-v122`,
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['IngressClass'],
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    notes: [],
    source: `${guide}#ingressclass-v122`,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    removedIn: 22,
    replacement: 'rbac.authorization.k8s.io/v1',
    notes: [],
    source: `${guide}#rbac-resources-v122`,
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    removedIn: 22,
    replacement: 'scheduling.k8s.io/v1',
    notes: [],
    source: `${guide}#priorityclass-v122`,
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removedIn: 22,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: `${guide}#storage-resources-v122`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    removedIn: 16,
    replacement: 'networking.k8s.io/v1',
    notes: [],
    source: `${guide}#networkpolicy-v116`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['DaemonSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: daemonSetNotes(),
    source: `${guide}#daemonset-v116`,
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['DaemonSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: daemonSetNotes(),
    source: `${guide}#daemonset-v116`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: deploymentNotes(),
    source: `${guide}#deployment-v116`,
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['Deployment'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: deploymentNotes(),
    source: `${guide}#deployment-v116`,
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['Deployment'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: deploymentNotes(),
    source: `${guide}#deployment-v116`,
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['StatefulSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [
      selectorRequired,
      'spec.updateStrategy.type defaults to RollingUpdate (OnDelete in apps/v1beta1)',
    ],
    source: `${guide}#statefulset-v116`,
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['StatefulSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [
      selectorRequired,
      'spec.updateStrategy.type defaults to RollingUpdate (OnDelete in apps/v1beta1)',
    ],
    source: `${guide}#statefulset-v116`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['ReplicaSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [selectorRequired],
    source: `${guide}#replicaset-v116`,
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['ReplicaSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [selectorRequired],
    source: `${guide}#replicaset-v116`,
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['ReplicaSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [selectorRequired],
    source: `${guide}#replicaset-v116`,
  },
  {
    // Not in the guide: announced with the other 1.16 removals in the Kubernetes blog. Its
    // replacement then, policy/v1beta1, was itself removed in 1.25 with no successor.
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: 16,
    alternative: 'Pod Security Admission or a third-party admission webhook',
    notes: [],
    source: 'https://kubernetes.io/blog/2019/07/18/api-deprecations-in-1-16/',
  },
];

function ingressNotes(): string[] {
  return [
    'spec.backend is renamed spec.defaultBackend',
    'serviceName is renamed service.name; servicePort service.port.number or service.port.name',
    'pathType is required for each path (ImplementationSpecific matches v1beta1)',
  ];
}

function deploymentNotes(): string[] {
  return [
    selectorRequired,
    'spec.rollbackTo is removed',
    'progressDeadlineSeconds defaults to 600, revisionHistoryLimit to 10, maxSurge and maxUnavailable to 25%',
  ];
}

function daemonSetNotes(): string[] {
  return [
    selectorRequired,
    'spec.updateStrategy.type defaults to RollingUpdate (OnDelete in extensions/v1beta1)',
  ];
}

/**
 * The removal of a kind of an apiVersion that the target minor (1.x) no longer serves, if any.
 */
export function findRemovedApi(
  apiVersion: string,
  kind: string,
  targetMinor: number = defaultKubernetesMinor,
): RemovedApi | undefined {
  return removedApis.find(
    (entry) =>
      entry.apiVersion === apiVersion && entry.removedIn <= targetMinor && entry.kinds.includes(kind),
  );
}
