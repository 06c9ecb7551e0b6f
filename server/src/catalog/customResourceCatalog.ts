/**
 * A custom resource type as the catalog's features see a built-in kind: its version's
 * `openAPIV3Schema` turned into catalog definitions, laid over the built-in catalog
 * (`Catalog.extend`), so that completion, hover and `explain` answer about a custom resource with
 * the same machinery, item kinds and layout as about a Pod.
 *
 * The definitions follow what the API server publishes for the type in its OpenAPI v3 document,
 * which `kubectl explain` reads (k8s.io/apiextensions-apiserver
 * pkg/controller/openapi/builder/builder.go, buildKubeNative): the schema as written (structural,
 * `Unfold`ed, value validations kept for v3), with `apiVersion` and `kind` taken from
 * metav1.TypeMeta (addTypeMetaProperties) and `metadata` a reference to metav1.ObjectMeta with
 * PartialObjectMetadata's description; an `x-kubernetes-embedded-resource` object gets the same
 * three fields and requires `apiVersion` and `kind` (addEmbeddedProperties).
 *
 * kubectl's type names (plaintext.tmpl, "typeGuess") follow: an inline object is `Object`, a
 * schema without a type (`x-kubernetes-int-or-string`, `x-kubernetes-preserve-unknown-fields`
 * alone) is `Object`, arrays and maps are `[]T` and `map[string]T`.
 */
import { type JsonObject, isJsonObject, listOf, objectOf, stringOf } from '../common/guards';
import type { CustomResourceSchemas, CustomResourceType } from '../common/customResources';
import { Catalog, type DefinitionData, type FieldData, type FieldValidation, type KindData } from './catalog';

/** A custom resource type with the catalog that knows its schema. */
export interface CustomResourceKind {
  readonly catalog: Catalog;
  /** The definitions of its schema alone (the catalog lays them over the built-in ones). */
  readonly definitions: Readonly<Record<string, DefinitionData>>;
  readonly kind: KindData;
  readonly type: CustomResourceType;
}

/** The kind of a document and the catalog to read it with. */
export interface ResolvedKind {
  readonly catalog: Catalog;
  readonly kind: KindData;
  /** Set for a custom resource whose schema is known. */
  readonly customResource?: CustomResourceType;
}

const objectMetaId = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * A document's kind: a built-in kind first (the API server serves no CRD in a built-in group:
 * apiextensions validation rejects the protected `*.k8s.io` groups without an approval
 * annotation), then a custom resource type the sources know, then the catalog's generic custom
 * resource (apiVersion, kind and metadata only).
 */
export function resolveDocumentKind(
  catalog: Catalog,
  customResources: CustomResourceSchemas | undefined,
  apiVersion: string | undefined,
  kind: string | undefined,
): ResolvedKind | undefined {
  if (!apiVersion || !kind) {
    return undefined;
  }
  const builtin = catalog.getKind(apiVersion, kind);
  if (builtin) {
    return { catalog, kind: builtin };
  }
  const type = customResources?.find(apiVersion, kind);
  const custom = type ? customResourceKind(catalog, type) : undefined;
  if (custom) {
    return { catalog: custom.catalog, kind: custom.kind, customResource: type };
  }
  const generic = catalog.resolveKind(apiVersion, kind);
  return generic ? { catalog, kind: generic } : undefined;
}

/** Built once per base catalog and schema object (a workspace CRD's parse, a bundled type). */
const byCatalog = new WeakMap<Catalog, WeakMap<JsonObject, Map<string, CustomResourceKind>>>();

/** The type with its schema as catalog definitions; undefined when the type has no schema. */
export function customResourceKind(base: Catalog, type: CustomResourceType): CustomResourceKind | undefined {
  let schema: JsonObject | undefined;
  try {
    schema = type.schema();
  } catch {
    // A bundled schema that cannot be read is no schema; the document stays quiet.
    return undefined;
  }
  if (!schema) {
    return undefined;
  }
  let bySchema = byCatalog.get(base);
  if (!bySchema) {
    bySchema = new WeakMap();
    byCatalog.set(base, bySchema);
  }
  let byType = bySchema.get(schema);
  if (!byType) {
    byType = new Map();
    bySchema.set(schema, byType);
  }
  const key = `${type.apiVersion}/${type.kind}`;
  const cached = byType.get(key);
  if (cached && cached.type.source === type.source) {
    return cached;
  }
  const prefix = `crd:${type.group}/${type.version}/${type.kind}:`;
  const definitions: Record<string, DefinitionData> = {};
  const rootId = definitionId(prefix, '');
  const root = objectDefinition(schema, prefix, '', definitions, base, new Set([schema]));
  // The root's own fields as the API server publishes them (buildKubeNative).
  const borrowed = typeMetaFields(base);
  const description = stringOf(schema.description);
  definitions[rootId] = {
    ...(description !== undefined && description !== '' ? { description } : {}),
    ...root,
    properties: sortedFields({ ...root.properties, ...borrowed }),
  };
  const kind: KindData = {
    group: type.group,
    version: type.version,
    kind: type.kind,
    definition: rootId,
    resource: type.plural,
    ...(type.shortNames.length > 0 ? { shortNames: [...type.shortNames] } : {}),
    ...(type.deprecated ? { deprecated: true as const } : {}),
  };
  const result: CustomResourceKind = { catalog: Catalog.extend(base, definitions), definitions, kind, type };
  byType.set(key, result);
  return result;
}

/** The id of the definition of the object at a JSON pointer of the schema; kubectl calls it `Object`. */
function definitionId(prefix: string, pointer: string): string {
  return `${prefix}${pointer}.Object`;
}

/**
 * `apiVersion`, `kind` and `metadata` as a built-in kind has them (their descriptions are
 * metav1.TypeMeta's and PartialObjectMetadata's, the same for every object; the catalog keeps
 * them on every kind, so they are read from Pod's).
 */
function typeMetaFields(base: Catalog): Record<string, FieldData> {
  const pod = base.getDefinition('io.k8s.api.core.v1.Pod')?.properties ?? {};
  return {
    apiVersion: pod.apiVersion ?? { type: 'string' },
    kind: pod.kind ?? { type: 'string' },
    metadata: pod.metadata ?? { type: `#${objectMetaId}` },
  };
}

/** Embedded resources' TypeMeta descriptions (builder.go, addEmbeddedProperties). */
const embeddedFields: Record<string, FieldData> = {
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
};

function sortedFields(fields: Record<string, FieldData>): Record<string, FieldData> {
  // kubectl lists fields in Go's map-key order: by bytes.
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function objectDefinition(
  node: JsonObject,
  prefix: string,
  pointer: string,
  definitions: Record<string, DefinitionData>,
  base: Catalog,
  /** The schema objects on the way here: a YAML alias can make the plain data cyclic. */
  ancestors: Set<JsonObject>,
): DefinitionData {
  const entries: [string, FieldData][] = [];
  const properties = objectOf(node.properties) ?? {};
  for (const [name, value] of Object.entries(properties)) {
    const property = objectOf(value);
    if (property) {
      entries.push([
        name,
        fieldData(
          property,
          prefix,
          `${pointer}/properties/${escapePointer(name)}`,
          definitions,
          base,
          ancestors,
        ),
      ]);
    }
  }
  // Defined, not assigned: a field named `__proto__` is a field like any other.
  const fields: Record<string, FieldData> = Object.fromEntries(entries);
  const required = listOf(node.required).filter((name): name is string => typeof name === 'string');
  if (node['x-kubernetes-embedded-resource'] === true) {
    Object.assign(fields, embeddedFields, {
      metadata: typeMetaFields(base).metadata,
    });
    for (const name of ['kind', 'apiVersion']) {
      if (!required.includes(name)) {
        required.push(name);
      }
    }
  }
  return {
    properties: sortedFields(fields),
    ...(required.length > 0 ? { required } : {}),
  };
}

function fieldData(
  node: JsonObject,
  prefix: string,
  pointer: string,
  definitions: Record<string, DefinitionData>,
  base: Catalog,
  ancestors: Set<JsonObject>,
): FieldData {
  const type = typeExpression(node, prefix, pointer, definitions, base, false, ancestors);
  const description = stringOf(node.description);
  const items = stringOf(node.type) === 'array' ? objectOf(node.items) : undefined;
  const enumValues = stringEnum(node.enum) ?? stringEnum(items?.enum);
  const validations = validationsOf(node['x-kubernetes-validations']);
  return {
    type,
    ...(description !== undefined && description !== '' ? { description } : {}),
    ...(enumValues ? { enum: enumValues } : {}),
    ...(node.default !== undefined ? { default: node.default } : {}),
    ...(validations.length > 0 ? { validations } : {}),
  };
}

/**
 * The catalog's type expression of a schema node, its objects added to `definitions`. The
 * description of an object stays on its field (kubectl prints a field's own description once); an
 * array's or a map's element object keeps its own (kubectl's "description" walk prints it after).
 */
function typeExpression(
  node: JsonObject,
  prefix: string,
  pointer: string,
  definitions: Record<string, DefinitionData>,
  base: Catalog,
  element: boolean,
  ancestors: Set<JsonObject>,
): string {
  if (ancestors.has(node)) {
    // A schema that contains itself (through a YAML alias) is read no deeper.
    return 'any';
  }
  ancestors.add(node);
  try {
    return typeExpressionOf(node, prefix, pointer, definitions, base, element, ancestors);
  } finally {
    ancestors.delete(node);
  }
}

function typeExpressionOf(
  node: JsonObject,
  prefix: string,
  pointer: string,
  definitions: Record<string, DefinitionData>,
  base: Catalog,
  element: boolean,
  ancestors: Set<JsonObject>,
): string {
  if (node['x-kubernetes-int-or-string'] === true) {
    return element
      ? describedElement(node, 'integer|string', definitionId(prefix, pointer), definitions)
      : 'integer|string';
  }
  const type = stringOf(node.type);
  const properties = objectOf(node.properties);
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  if (type === 'array') {
    const items = objectOf(node.items);
    return items
      ? `[]${typeExpression(items, prefix, `${pointer}/items`, definitions, base, true, ancestors)}`
      : '[]any';
  }
  if (type === 'object' || (type === undefined && (properties || embedded))) {
    const additional = node.additionalProperties;
    if (!properties && !embedded && isJsonObject(additional)) {
      return `map[string]${typeExpression(additional, prefix, `${pointer}/additionalProperties`, definitions, base, true, ancestors)}`;
    }
    if (
      !properties &&
      !embedded &&
      (node['x-kubernetes-preserve-unknown-fields'] === true || additional === true)
    ) {
      // Anything goes below: nothing to complete or explain.
      return element ? describedElement(node, 'any', definitionId(prefix, pointer), definitions) : 'any';
    }
    const id = definitionId(prefix, pointer);
    const definition = objectDefinition(node, prefix, pointer, definitions, base, ancestors);
    const description = stringOf(node.description);
    definitions[id] =
      element && description !== undefined && description !== ''
        ? { description, ...definition }
        : definition;
    return `#${id}`;
  }
  const scalar =
    type === 'string' || type === 'integer' || type === 'number' || type === 'boolean' ? type : 'any';
  return element ? describedElement(node, scalar, definitionId(prefix, pointer), definitions) : scalar;
}

/**
 * An array's or a map's element that is no object, with a description: kubectl prints that
 * description after the field's (plaintext.tmpl, "description" walks `items` and
 * `additionalProperties`), so it becomes a definition of that type with the description, which
 * the catalog's features look through (`string` stays `string` to explain and completion).
 */
function describedElement(
  node: JsonObject,
  expression: string,
  id: string,
  definitions: Record<string, DefinitionData>,
): string {
  const description = stringOf(node.description);
  if (description === undefined || description === '') {
    return expression;
  }
  definitions[id] = { description, type: expression };
  return `#${id}`;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A schema's `enum` when every value is a string (the catalog's enums are strings). */
function stringEnum(value: unknown): string[] | undefined {
  const values = listOf(value);
  return values.length > 0 && values.every((entry): entry is string => typeof entry === 'string')
    ? (values as string[]).slice()
    : undefined;
}

function validationsOf(value: unknown): FieldValidation[] {
  return listOf(value).flatMap((entry) => {
    const rule = stringOf(objectOf(entry)?.rule);
    if (rule === undefined) {
      return [];
    }
    const message = stringOf(objectOf(entry)?.message);
    const messageExpression = stringOf(objectOf(entry)?.messageExpression);
    return [
      {
        rule,
        ...(message !== undefined ? { message } : {}),
        ...(messageExpression !== undefined ? { messageExpression } : {}),
      },
    ];
  });
}

/**
 * The catalog with custom resource types served as kinds too, for `explain`: kubectl's resource
 * resolution then finds them by plural, singular, kind, short name and `<plural>.<group>`, as
 * it finds a CRD's resources through discovery (k8s.io/client-go/restmapper). Types without a
 * schema are left out.
 */
export function catalogWithCustomResources(base: Catalog, types: readonly CustomResourceType[]): Catalog {
  const definitions: Record<string, DefinitionData> = {};
  const kinds: KindData[] = [];
  const seen = new Set<string>();
  for (const type of types) {
    const key = `${type.apiVersion}/${type.kind}`;
    // A built-in kind is not served again; the first source of a type wins.
    if (seen.has(key) || base.getKind(type.apiVersion, type.kind)) {
      continue;
    }
    seen.add(key);
    const custom = customResourceKind(base, type);
    if (custom) {
      Object.assign(definitions, custom.definitions);
      kinds.push(custom.kind);
    }
  }
  return Catalog.extend(base, definitions, kinds);
}
