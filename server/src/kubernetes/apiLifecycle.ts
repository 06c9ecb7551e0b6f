/**
 * The lifecycle of the API versions Kubernetes has deprecated or stopped serving: the official
 * Deprecated API Migration Guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/,
 * source kubernetes/website `content/en/docs/reference/using-api/deprecation-guide.md`) for every
 * removal it lists, and k8s.io/api's `<group>/<version>/zz_generated.prerelease-lifecycle.go`
 * (`APILifecycleIntroduced`, `APILifecycleDeprecated`, `APILifecycleRemoved`) for the release
 * numbers and for the rows the guide lacks (alphas, default-off betas, planned removals). What a
 * target serves is a function of its minor.
 */

/** The Kubernetes minor (1.x) Podscope's catalog describes: the target when none is given. */
export const defaultKubernetesMinor = 36;

/**
 * One apiVersion's lifecycle for some of its kinds: the release that introduced it, deprecated
 * it, and the first that no longer serves it. kube-apiserver serves a kind only from its
 * `APILifecycleIntroduced` release and stops at its `APILifecycleRemoved` one
 * (k8s.io/apiserver pkg/server/deleted_kinds.go: `removeUnintroducedKinds`, `isNotRemoved`,
 * `ShouldServeForVersion`), the values k8s.io/api's `zz_generated.prerelease-lifecycle.go` gives.
 */
export interface RemovedApi {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** The minor (1.x) of the first release that served it, where the source says. */
  readonly introducedIn?: number;
  /** The minor (1.x) of the release that deprecated it, where the source says. */
  readonly deprecatedIn?: number;
  /**
   * The minor (1.x) of the first release that no longer serves them. Above
   * {@link defaultKubernetesMinor}, a planned removal (k8s.io/api's nominal date).
   */
  readonly removedIn: number;
  /** The apiVersion the guide sends to that the newest release still serves; none for PodSecurityPolicy. */
  readonly replacement?: string;
  /** What to use when there is no replacement apiVersion. */
  readonly alternative?: string;
  /** The guide's notable changes, shortened; empty when it says "No notable changes". */
  readonly notes: readonly string[];
  /** The guide's section for the removal, or the k8s.io/api lifecycle file. */
  readonly source: string;
}

const guide = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

/** k8s.io/api's generated lifecycle of a group/version (`<group>/<version>` of the repository). */
function lifecycleFile(directory: string): string {
  return `https://github.com/kubernetes/api/blob/master/${directory}/zz_generated.prerelease-lifecycle.go`;
}

const selectorRequired = 'spec.selector is required and immutable: use the template labels';

/**
 * Every removal of the guide and of k8s.io/api's lifecycle, newest release first (planned ones
 * first of all). Where the guide names a replacement that a
 * later release removed in turn (flowcontrol v1beta1 → v1beta3, extensions/v1beta1
 * PodSecurityPolicy → policy/v1beta1), `replacement` is the version still served today.
 */
export const removedApis: readonly RemovedApi[] = [
  {
    // Planned removals (above 1.36): default-off betas and alphas; k8s.io/api names no replacement, resource.k8s.io/v1 serves the kinds since 1.34.
    apiVersion: 'resource.k8s.io/v1beta2',
    kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
    introducedIn: 33,
    deprecatedIn: 36,
    removedIn: 39,
    replacement: 'resource.k8s.io/v1',
    notes: [],
    source: lifecycleFile('resource/v1beta2'),
  },
  {
    apiVersion: 'resource.k8s.io/v1alpha3',
    kinds: ['DeviceTaintRule'],
    introducedIn: 33,
    deprecatedIn: 36,
    removedIn: 39,
    notes: [],
    source: lifecycleFile('resource/v1alpha3'),
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['LeaseCandidate'],
    introducedIn: 33,
    deprecatedIn: 36,
    removedIn: 39,
    notes: [],
    source: lifecycleFile('coordination/v1beta1'),
  },
  {
    apiVersion: 'resource.k8s.io/v1beta1',
    kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
    introducedIn: 32,
    deprecatedIn: 35,
    removedIn: 38,
    replacement: 'resource.k8s.io/v1',
    notes: [],
    source: lifecycleFile('resource/v1beta1'),
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1alpha1',
    kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'],
    introducedIn: 32,
    deprecatedIn: 35,
    removedIn: 38,
    replacement: 'admissionregistration.k8s.io/v1',
    notes: [],
    source: lifecycleFile('admissionregistration/v1alpha1'),
  },
  {
    apiVersion: 'coordination.k8s.io/v1alpha2',
    kinds: ['LeaseCandidate'],
    introducedIn: 32,
    deprecatedIn: 35,
    removedIn: 38,
    notes: [],
    source: lifecycleFile('coordination/v1alpha2'),
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['IPAddress', 'ServiceCIDR'],
    introducedIn: 31,
    deprecatedIn: 34,
    removedIn: 37,
    replacement: 'networking.k8s.io/v1',
    notes: [],
    source: lifecycleFile('networking/v1beta1'),
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['VolumeAttributesClass'],
    introducedIn: 31,
    deprecatedIn: 34,
    removedIn: 37,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: lifecycleFile('storage/v1beta1'),
  },
  {
    apiVersion: 'certificates.k8s.io/v1alpha1',
    kinds: ['ClusterTrustBundle'],
    introducedIn: 26,
    deprecatedIn: 34,
    removedIn: 37,
    notes: [],
    source: lifecycleFile('certificates/v1alpha1'),
  },
  {
    // Not in the guide: removals from k8s.io/api's lifecycle alone (alphas and default-off betas).
    apiVersion: 'storage.k8s.io/v1alpha1',
    kinds: ['VolumeAttributesClass'],
    introducedIn: 29,
    deprecatedIn: 32,
    removedIn: 35,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: lifecycleFile('storage/v1alpha1'),
  },
  {
    // k8s.io/api names no replacement; admissionregistration.k8s.io/v1 serves the kinds since 1.30.
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    introducedIn: 28,
    deprecatedIn: 31,
    removedIn: 34,
    replacement: 'admissionregistration.k8s.io/v1',
    notes: [],
    source: lifecycleFile('admissionregistration/v1beta1'),
  },
  {
    // k8s.io/api names no replacement; authentication.k8s.io/v1 serves the kind since 1.28.
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['SelfSubjectReview'],
    introducedIn: 27,
    deprecatedIn: 30,
    removedIn: 33,
    replacement: 'authentication.k8s.io/v1',
    notes: [],
    source: lifecycleFile('authentication/v1beta1'),
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    introducedIn: 26,
    deprecatedIn: 29,
    removedIn: 32,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    notes: [
      'PriorityLevelConfiguration spec.limited.nominalConcurrencyShares defaults to 30 only when unset',
    ],
    source: `${guide}#flowcontrol-resources-v132`,
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1alpha1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    introducedIn: 26,
    deprecatedIn: 29,
    removedIn: 32,
    replacement: 'admissionregistration.k8s.io/v1',
    notes: [],
    source: lifecycleFile('admissionregistration/v1alpha1'),
  },
  {
    apiVersion: 'authentication.k8s.io/v1alpha1',
    kinds: ['SelfSubjectReview'],
    introducedIn: 26,
    deprecatedIn: 29,
    removedIn: 32,
    replacement: 'authentication.k8s.io/v1',
    notes: [],
    source: lifecycleFile('authentication/v1alpha1'),
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    introducedIn: 23,
    deprecatedIn: 26,
    removedIn: 29,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    notes: ['spec.limited.assuredConcurrencyShares is renamed spec.limited.nominalConcurrencyShares'],
    source: `${guide}#flowcontrol-resources-v129`,
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    introducedIn: 21,
    deprecatedIn: 24,
    removedIn: 27,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: `${guide}#csistoragecapacity-v127`,
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    introducedIn: 20,
    deprecatedIn: 23,
    removedIn: 26,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    notes: [],
    source: `${guide}#flowcontrol-resources-v126`,
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    introducedIn: 12,
    deprecatedIn: 23,
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
    introducedIn: 8,
    deprecatedIn: 21,
    removedIn: 25,
    replacement: 'batch/v1',
    notes: [],
    source: `${guide}#cronjob-v125`,
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    introducedIn: 16,
    deprecatedIn: 21,
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
    introducedIn: 8,
    deprecatedIn: 22,
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
    introducedIn: 8,
    deprecatedIn: 22,
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
    introducedIn: 5,
    deprecatedIn: 21,
    removedIn: 25,
    replacement: 'policy/v1',
    notes: ['an empty spec.selector selects every pod of the namespace, none in v1beta1'],
    source: `${guide}#poddisruptionbudget-v125`,
  },
  {
    // A subresource (pods/eviction), never a manifest of its own; listed for what the version serves.
    apiVersion: 'policy/v1beta1',
    kinds: ['Eviction'],
    introducedIn: 5,
    deprecatedIn: 22,
    removedIn: 25,
    replacement: 'policy/v1',
    notes: [],
    source: lifecycleFile('policy/v1beta1'),
  },
  {
    // Deprecated in 1.21: https://kubernetes.io/blog/2021/04/06/podsecuritypolicy-deprecation-past-present-and-future/
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: 21,
    removedIn: 25,
    alternative: 'Pod Security Admission or a third-party admission webhook',
    notes: [],
    source: `${guide}#psp-v125`,
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: ['RuntimeClass'],
    introducedIn: 13,
    deprecatedIn: 22,
    removedIn: 25,
    replacement: 'node.k8s.io/v1',
    notes: [],
    source: `${guide}#runtimeclass-v125`,
  },
  {
    // k8s.io/api's replacement, storage.k8s.io/v1beta1, was itself removed in 1.27.
    apiVersion: 'storage.k8s.io/v1alpha1',
    kinds: ['CSIStorageCapacity'],
    introducedIn: 19,
    deprecatedIn: 21,
    removedIn: 24,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: lifecycleFile('storage/v1alpha1'),
  },
  {
    apiVersion: 'storage.k8s.io/v1alpha1',
    kinds: ['VolumeAttachment'],
    introducedIn: 9,
    deprecatedIn: 21,
    removedIn: 24,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: lifecycleFile('storage/v1alpha1'),
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    introducedIn: 9,
    deprecatedIn: 16,
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
    introducedIn: 7,
    deprecatedIn: 16,
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
    introducedIn: 4,
    deprecatedIn: 19,
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
    introducedIn: 2,
    deprecatedIn: 19,
    removedIn: 22,
    replacement: 'authorization.k8s.io/v1',
    notes: ['spec.group is renamed spec.groups'],
    source: `${guide}#subjectaccessreview-resources-v122`,
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    introducedIn: 12,
    deprecatedIn: 19,
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
    introducedIn: 12,
    deprecatedIn: 19,
    removedIn: 22,
    replacement: 'coordination.k8s.io/v1',
    notes: [],
    source: `${guide}#lease-v122`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Ingress'],
    introducedIn: 1,
    deprecatedIn: 14,
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    notes: ingressNotes(),
    source: `${guide}#ingress-v122`,
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress'],
    introducedIn: 14,
    deprecatedIn: 19,
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    notes: ingressNotes(),
    source: `${guide}#ingress-v122`,
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['IngressClass'],
    introducedIn: 18,
    deprecatedIn: 19,
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    notes: [],
    source: `${guide}#ingressclass-v122`,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    introducedIn: 6,
    deprecatedIn: 17,
    removedIn: 22,
    replacement: 'rbac.authorization.k8s.io/v1',
    notes: [],
    source: `${guide}#rbac-resources-v122`,
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    introducedIn: 11,
    deprecatedIn: 14,
    removedIn: 22,
    replacement: 'scheduling.k8s.io/v1',
    notes: [],
    source: `${guide}#priorityclass-v122`,
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    introducedIn: 14,
    deprecatedIn: 19,
    removedIn: 22,
    replacement: 'storage.k8s.io/v1',
    notes: [],
    source: `${guide}#storage-resources-v122`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    introducedIn: 3,
    deprecatedIn: 9,
    removedIn: 16,
    replacement: 'networking.k8s.io/v1',
    notes: [],
    source: `${guide}#networkpolicy-v116`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['DaemonSet'],
    introducedIn: 1,
    deprecatedIn: 8,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: daemonSetNotes(),
    source: `${guide}#daemonset-v116`,
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['DaemonSet'],
    introducedIn: 8,
    deprecatedIn: 9,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: daemonSetNotes(),
    source: `${guide}#daemonset-v116`,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment'],
    introducedIn: 1,
    deprecatedIn: 8,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: deploymentNotes(),
    source: `${guide}#deployment-v116`,
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['Deployment'],
    introducedIn: 6,
    deprecatedIn: 8,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: deploymentNotes(),
    source: `${guide}#deployment-v116`,
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['Deployment'],
    introducedIn: 8,
    deprecatedIn: 9,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: deploymentNotes(),
    source: `${guide}#deployment-v116`,
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['StatefulSet'],
    introducedIn: 5,
    deprecatedIn: 8,
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
    introducedIn: 8,
    deprecatedIn: 9,
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
    introducedIn: 2,
    deprecatedIn: 8,
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
    introducedIn: 8,
    deprecatedIn: 9,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [selectorRequired],
    source: `${guide}#replicaset-v116`,
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['ControllerRevision'],
    introducedIn: 7,
    deprecatedIn: 8,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [],
    source: lifecycleFile('apps/v1beta1'),
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['ControllerRevision'],
    introducedIn: 8,
    deprecatedIn: 9,
    removedIn: 16,
    replacement: 'apps/v1',
    notes: [],
    source: lifecycleFile('apps/v1beta2'),
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

/** The lifecycle entry of a kind of an apiVersion, whatever the target. */
export function findApiLifecycle(apiVersion: string, kind: string): RemovedApi | undefined {
  return removedApis.find((entry) => entry.apiVersion === apiVersion && entry.kinds.includes(kind));
}

/**
 * The removal of a kind of an apiVersion that the target minor (1.x) no longer serves, if any.
 */
export function findRemovedApi(
  apiVersion: string,
  kind: string,
  targetMinor: number = defaultKubernetesMinor,
): RemovedApi | undefined {
  const entry = findApiLifecycle(apiVersion, kind);
  return entry && entry.removedIn <= targetMinor ? entry : undefined;
}

/**
 * A kind of an apiVersion that the target serves but has deprecated (a later release removes
 * it), if any.
 */
export function findDeprecatedApi(
  apiVersion: string,
  kind: string,
  targetMinor: number = defaultKubernetesMinor,
): RemovedApi | undefined {
  const entry = findApiLifecycle(apiVersion, kind);
  return entry?.deprecatedIn !== undefined &&
    entry.deprecatedIn <= targetMinor &&
    targetMinor < entry.removedIn &&
    (entry.introducedIn ?? 0) <= targetMinor
    ? entry
    : undefined;
}
