/**
 * Fields the API server requires although the OpenAPI schema marks them optional. The schema
 * leaves a container's `image` optional so that higher-level tools can fill it in, but pod
 * validation (ValidatePodSpec, `validateContainers`) rejects a container without one:
 * `spec.containers[0].image: Required value`. Workload templates are validated the same way.
 */
const apiRequiredFields: Readonly<Record<string, readonly string[]>> = {
  'io.k8s.api.core.v1.Container': ['image'],
  'io.k8s.api.core.v1.EphemeralContainer': ['image'],
};

/** The required fields of a definition: the schema's own, then those the API server adds. */
export function requiredFields(definitionId: string, schemaRequired: readonly string[] = []): string[] {
  const extra = Object.prototype.hasOwnProperty.call(apiRequiredFields, definitionId)
    ? apiRequiredFields[definitionId]!
    : [];
  return [...schemaRequired, ...extra.filter((name) => !schemaRequired.includes(name))];
}
