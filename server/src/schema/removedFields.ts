/**
 * Fields that older Kubernetes releases (or older versions of the same API) had, and that
 * manifests and documentation still carry. An unknown field that is one of these gets a precise
 * message and fix instead of "unknown field".
 */
export interface RemovedField {
  /** What happened, in one sentence. */
  readonly history: string;
  /** `warning` where the API server accepts the object and drops the field; otherwise `error`. */
  readonly severity: 'error' | 'warning';
  /** A replacement for the whole `field: value` pair, given the old scalar value. */
  readonly replace?: (value: string) => string;
  readonly replaceTitle?: string;
}

const removedFields: Readonly<Record<string, Readonly<Record<string, RemovedField>>>> = {
  'io.k8s.api.core.v1.ServiceSpec': {
    // Dual-stack services (KEP-563) replaced ipFamily with ipFamilies in 1.20. The API server
    // drops unknown fields with a warning by default; kubectl apply --validate=strict rejects them.
    ipFamily: {
      history:
        'ipFamily was removed in Kubernetes 1.20: the API server drops it with a warning, and kubectl rejects it by default. Use ipFamilies (and ipFamilyPolicy).',
      severity: 'warning',
      replace: (value) => `ipFamilies: [${value}]`,
      replaceTitle: 'Replace with ipFamilies',
    },
  },
  'io.k8s.api.networking.v1.IngressSpec': {
    backend: {
      history: 'backend is the networking.k8s.io/v1beta1 name; in networking.k8s.io/v1 it is defaultBackend.',
      severity: 'error',
    },
  },
  'io.k8s.api.networking.v1.IngressBackend': {
    serviceName: {
      history:
        'serviceName is the networking.k8s.io/v1beta1 form; in networking.k8s.io/v1 write service.name.',
      severity: 'error',
    },
    servicePort: {
      history:
        'servicePort is the networking.k8s.io/v1beta1 form; in networking.k8s.io/v1 write service.port.number or service.port.name.',
      severity: 'error',
    },
  },
};

export function removedField(definitionId: string | undefined, name: string): RemovedField | undefined {
  if (!definitionId || !Object.prototype.hasOwnProperty.call(removedFields, definitionId)) {
    return undefined;
  }
  const fields = removedFields[definitionId]!;
  return Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
}
