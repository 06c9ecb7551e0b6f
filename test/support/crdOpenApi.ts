/**
 * The OpenAPI v3 document an API server publishes for a CRD's version (what `kubectl explain`
 * reads for a custom resource), built as k8s.io/apiextensions-apiserver
 * pkg/controller/openapi/builder/builder.go builds it for v3 (BuildOpenAPIV3, Options{V2: false}:
 * no value validation or nullable stripped):
 * - the version's `openAPIV3Schema` as a structural schema, unfolded (Unfold: an
 *   `x-kubernetes-int-or-string` gets `anyOf: [{type: integer}, {type: string}]`);
 * - `apiVersion` and `kind` from metav1.TypeMeta, `metadata` a reference to ObjectMeta (wrapped
 *   in `allOf`, as a v3 `$ref` has no siblings) with PartialObjectMetadata's description
 *   (buildKubeNative, addTypeMetaProperties);
 * - an `x-kubernetes-embedded-resource` object gets the same three fields, and requires `kind`
 *   and `apiVersion` (addEmbeddedProperties);
 * - the schema named by gvkToModelName (the group reversed: `io.cert-manager.v1.Certificate`),
 *   with `x-kubernetes-group-version-kind`, its List, and the resource's paths.
 * ObjectMeta and what it references come from the built-in document of `api/v1`.
 */
import { type DiscoveredGroup, compareKubeAwareVersions } from './fakeApiServer';
import type { JsonSchema, OpenApiV3Document } from './openapiV3';

const objectMetaRef = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const metadataDescription =
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export interface CrdVersionDocument {
  group: string;
  version: string;
  kind: string;
  plural: string;
  shortNames: string[];
  namespaced: boolean;
  document: OpenApiV3Document;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One document per served version of a CRD (plain data, as parsed from YAML). */
export function crdOpenApiV3(crd: JsonSchema, core: OpenApiV3Document): CrdVersionDocument[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const group = String(spec.group);
  const kind = String(names.kind);
  const plural = String(names.plural);
  const listKind = typeof names.listKind === 'string' ? names.listKind : `${kind}List`;
  const namespaced = spec.scope !== 'Cluster';
  const pod = core.components.schemas['io.k8s.api.core.v1.Pod']!.properties as Record<string, JsonSchema>;
  const typeMeta = { apiVersion: pod.apiVersion!, kind: pod.kind! };
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  return versions
    .filter((version) => version.served !== false)
    .map((version) => {
      const name = String(version.name);
      const openAPIV3Schema = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      const schema = unfold(
        structuredClone(isObject(openAPIV3Schema) ? openAPIV3Schema : { type: 'object' }),
      );
      schema.properties = {
        ...(isObject(schema.properties) ? schema.properties : {}),
        ...typeMeta,
        metadata: { description: metadataDescription, allOf: [{ $ref: objectMetaRef }] },
      };
      const gvk = { group, version: name, kind };
      schema['x-kubernetes-group-version-kind'] = [gvk];
      const modelName = `${group.split('.').reverse().join('.')}.${name}.${kind}`;
      const list: JsonSchema = {
        description: `${listKind} is a list of ${kind}`,
        type: 'object',
        required: ['items'],
        properties: {
          ...typeMeta,
          items: {
            description: `List of ${plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
            type: 'array',
            items: { $ref: `#/components/schemas/${modelName}` },
          },
          metadata: {
            description:
              'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
            allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' }],
          },
        },
        'x-kubernetes-group-version-kind': [{ group, version: name, kind: listKind }],
      };
      const root = namespaced
        ? `/apis/${group}/${name}/namespaces/{namespace}/${plural}`
        : `/apis/${group}/${name}/${plural}`;
      return {
        group,
        version: name,
        kind,
        plural,
        shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
        namespaced,
        document: {
          openapi: '3.0.0',
          info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' },
          paths: {
            [root]: {
              get: {
                operationId: `list${kind}`,
                'x-kubernetes-action': 'list',
                'x-kubernetes-group-version-kind': gvk,
              },
            },
            [`${root}/{name}`]: {
              get: {
                operationId: `read${kind}`,
                'x-kubernetes-action': 'get',
                'x-kubernetes-group-version-kind': gvk,
              },
            },
          },
          components: {
            schemas: {
              ...core.components.schemas,
              [modelName]: schema,
              [`${modelName.slice(0, -kind.length)}${listKind}`]: list,
            },
          },
        },
      };
    });
}

/** Structural's Unfold and addEmbeddedProperties, recursively. */
function unfold(schema: JsonSchema): JsonSchema {
  if (
    schema['x-kubernetes-int-or-string'] === true &&
    schema.anyOf === undefined &&
    schema.allOf === undefined
  ) {
    schema.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (isObject(schema.properties)) {
    for (const child of Object.values(schema.properties)) {
      if (isObject(child)) {
        unfold(child);
      }
    }
  }
  if (isObject(schema.items)) {
    unfold(schema.items);
  }
  if (isObject(schema.additionalProperties)) {
    unfold(schema.additionalProperties);
  }
  if (schema['x-kubernetes-embedded-resource'] === true) {
    schema.properties = {
      ...(isObject(schema.properties) ? schema.properties : {}),
      apiVersion: {
        type: 'string',
        description:
          'apiVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
      },
      kind: {
        type: 'string',
        description:
          'kind is a string value representing the type of this object. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      },
      metadata: { description: metadataDescription, allOf: [{ $ref: objectMetaRef }] },
    };
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    schema.required = [...required, ...['kind', 'apiVersion'].filter((name) => !required.includes(name))];
  }
  return schema;
}

/** Discovery for the CRDs' versions (a group's versions as the CRD lists them). */
export function crdDiscovery(documents: readonly CrdVersionDocument[]): DiscoveredGroup[] {
  const groups = new Map<string, DiscoveredGroup>();
  for (const entry of documents) {
    const group = groups.get(entry.group) ?? { group: entry.group, versions: [] };
    groups.set(entry.group, group);
    let version = group.versions.find((candidate) => candidate.version === entry.version);
    if (!version) {
      version = { version: entry.version, resources: [] };
      group.versions.push(version);
    }
    version.resources.push({
      resource: entry.plural,
      kind: entry.kind,
      namespaced: entry.namespaced,
      verbs: ['get', 'list'],
      ...(entry.shortNames.length > 0 ? { shortNames: entry.shortNames } : {}),
    });
  }
  for (const group of groups.values()) {
    // Discovery lists a CRD's versions by priority (apiextensions-apiserver sorts them with
    // version.CompareKubeAwareVersionStrings).
    group.versions.sort((a, b) => compareKubeAwareVersions(a.version, b.version));
  }
  return [...groups.values()];
}
