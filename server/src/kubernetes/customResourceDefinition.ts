/**
 * A CustomResourceDefinition (apiextensions.k8s.io/v1) as plain data: its group, scope, names
 * and versions, each version with its `openAPIV3Schema` as written and the path to it in the
 * document (turn a path into a range with the yaml/astPath helpers). Read once per parse and
 * shared: the CRD checks read it, and so can a validator of the custom resources it defines.
 *
 * Only `apiextensions.k8s.io/v1` is modelled: v1beta1 was removed in Kubernetes 1.22, and the
 * identity step reports it.
 */
import { type JsonObject, isJsonObject, listOf, objectOf, stringOf } from '../common/guards';
import type { CustomResourceSource, CustomResourceType } from '../common/customResources';
import type { PathSegment } from '../common/paths';
import type { DocumentModel, ManifestDocument } from '../yaml/manifestFile';
import { deepEqual } from '../util/deepEqual';

export const customResourceDefinitionApiVersion = 'apiextensions.k8s.io/v1';

/** `spec.names`, with the defaults the API server fills in before validating. */
export interface CustomResourceNames {
  readonly plural: string | undefined;
  /**
   * `singular`, or the kind in lower case when it is not set (k8s.io/apiextensions-apiserver
   * pkg/apis/apiextensions/v1/defaults.go, SetDefaults_CustomResourceDefinitionSpec).
   */
  readonly singular: string | undefined;
  readonly kind: string | undefined;
  /** `listKind`, or the kind followed by `List` when it is not set (same function). */
  readonly listKind: string | undefined;
  readonly shortNames: readonly unknown[];
  readonly categories: readonly unknown[];
}

/** One entry of `spec.versions`. */
export interface CustomResourceVersion {
  /** Its index in `spec.versions`. */
  readonly index: number;
  /** Its path in the document: `['spec', 'versions', index]`. */
  readonly path: readonly PathSegment[];
  readonly name: string | undefined;
  readonly served: boolean | undefined;
  readonly storage: boolean | undefined;
  /** `schema.openAPIV3Schema` (a JSONSchemaProps), when it is an object. */
  readonly schema: JsonObject | undefined;
  /** Its path in the document: `[...path, 'schema', 'openAPIV3Schema']`. */
  readonly schemaPath: readonly PathSegment[];
  /** The version has the status subresource (`subresources.status` is set). */
  readonly hasStatusSubresource: boolean;
  /** The version's own data, as written. */
  readonly data: JsonObject;
}

export interface CustomResourceDefinition {
  /** `metadata.name`, which must be `<plural>.<group>`. */
  readonly name: string | undefined;
  readonly group: string | undefined;
  /** `Namespaced` or `Cluster` in a valid CRD. */
  readonly scope: string | undefined;
  readonly names: CustomResourceNames;
  readonly versions: readonly CustomResourceVersion[];
  /**
   * Every version has the same `schema` (and there are several): v1 then moves it to the
   * internal `spec.validation`, which the API server validates once
   * (Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec).
   */
  readonly identicalSchemas: boolean;
  /** `metadata.annotations`, when an object. */
  readonly annotations: JsonObject | undefined;
  /** `spec` as written. */
  readonly spec: JsonObject;
}

/** The CRD of a document, or undefined when it is not an apiextensions.k8s.io/v1 CRD. */
export function customResourceDefinitionOf(document: ManifestDocument): CustomResourceDefinition | undefined {
  return document.model(customResourceDefinitionModel);
}

const customResourceDefinitionModel: DocumentModel<CustomResourceDefinition | undefined> = {
  read(document) {
    const { apiVersion, kind } = document.identity;
    if (apiVersion !== customResourceDefinitionApiVersion || kind !== 'CustomResourceDefinition') {
      return undefined;
    }
    const root = objectOf(document.toJS());
    return root ? readCustomResourceDefinition(root) : undefined;
  },
};

/** A CRD from its plain data (the whole object: apiVersion, kind, metadata, spec). */
export function readCustomResourceDefinition(root: JsonObject): CustomResourceDefinition {
  const spec = objectOf(root.spec) ?? {};
  const names = objectOf(spec.names) ?? {};
  const kind = stringOf(names.kind);
  const singular = stringOf(names.singular);
  const listKind = stringOf(names.listKind);
  const versions = listOf(spec.versions).map((entry, index): CustomResourceVersion => {
    const data = objectOf(entry) ?? {};
    const path: PathSegment[] = ['spec', 'versions', index];
    return {
      index,
      path,
      name: stringOf(data.name),
      served: typeof data.served === 'boolean' ? data.served : undefined,
      storage: typeof data.storage === 'boolean' ? data.storage : undefined,
      schema: objectOf(objectOf(data.schema)?.openAPIV3Schema),
      schemaPath: [...path, 'schema', 'openAPIV3Schema'],
      hasStatusSubresource: isJsonObject(objectOf(data.subresources)?.status),
      data,
    };
  });
  return {
    name: stringOf(objectOf(root.metadata)?.name),
    annotations: objectOf(objectOf(root.metadata)?.annotations),
    group: stringOf(spec.group),
    scope: stringOf(spec.scope),
    names: {
      plural: stringOf(names.plural),
      singular: singular === undefined || singular === '' ? kind?.toLowerCase() : singular,
      kind,
      listKind: (listKind === undefined || listKind === '') && kind ? `${kind}List` : listKind,
      shortNames: listOf(names.shortNames),
      categories: listOf(names.categories),
    },
    versions,
    identicalSchemas:
      versions.length > 1 &&
      versions.every((version) => deepEqual(version.data.schema, versions[0]!.data.schema)),
    spec,
  };
}

/**
 * The custom resource types a CRD defines: one per served version that has a name, with the
 * CRD's group, names and scope. A CRD without a group, kind or plural defines none (the API
 * server rejects it; the crd-* rules say why). A version that is not served is left out: the API
 * server does not accept objects of it (k8s.io/apiextensions-apiserver pkg/apiserver,
 * crdHandler.ServeHTTP answers NotFound for a version that is not served).
 */
export function customResourceTypesOf(
  crd: CustomResourceDefinition,
  source: CustomResourceSource,
): CustomResourceType[] {
  const { group, names } = crd;
  const kind = names.kind;
  const plural = names.plural;
  if (!group || !kind || !plural) {
    return [];
  }
  const shortNames = names.shortNames.filter((name): name is string => typeof name === 'string');
  const scope = crd.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
  return crd.versions
    .filter((version) => version.name && version.served !== false)
    .map((version): CustomResourceType => {
      const schema = version.schema;
      return {
        group,
        version: version.name!,
        apiVersion: `${group}/${version.name!}`,
        kind,
        plural,
        singular: names.singular ?? kind.toLowerCase(),
        shortNames,
        scope,
        schema: () => schema,
        deprecated: version.data.deprecated === true,
        deprecationWarning: stringOf(version.data.deprecationWarning),
        source,
      };
    });
}
