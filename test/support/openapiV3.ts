/**
 * OpenAPI v3 documents derived from a Kubernetes OpenAPI v2 document (`swagger.json`), the way
 * an API server publishes them at `/openapi/v3/<api|apis/group>/<version>`: one document per
 * group-version, holding that group-version's paths and every schema they reach.
 *
 * The schema conversion follows kube-openapi's v3 builder (k8s.io/kube-openapi/pkg/builder3
 * with pkg/schemaconv and the common.OpenAPIDefinition of each Go type):
 * - `#/definitions/X` becomes `#/components/schemas/X`;
 * - a `$ref` with sibling keys (a description, an extension) is wrapped as `allOf: [{$ref}]`,
 *   because a v3.0 `$ref` may have no siblings;
 * - the items of a list of objects carry `default: {}` (a list's elements are values, not
 *   pointers, in every built-in API type), so they are wrapped in `allOf` too;
 * - the types that declare `OpenAPIV3OneOfTypes` publish a `oneOf` instead of v2's `type`:
 *   IntOrString (k8s.io/apimachinery/pkg/util/intstr/intstr.go: integer, string) and Quantity
 *   (k8s.io/apimachinery/pkg/api/resource/quantity.go: string, number).
 *
 * What v2 does not carry cannot be derived: the `default` values of fields (`default: {}` on a
 * struct-valued field, `default: ""` on a string). kubectl explain does not read `default`;
 * `comparableSchema` drops it on both sides for the check against the real v3 documents.
 *
 * Paths keep, per operation, only what `kubectl explain` reads from them (its plaintext
 * template looks up a resource's GVK in `paths`): the GVK, the action and the operation id.
 */

import type { Catalog } from '../../server/src/catalog/catalog';

export interface JsonSchema {
  [key: string]: unknown;
}

export interface SwaggerDocument {
  definitions: Record<string, JsonSchema>;
  paths: Record<string, Record<string, unknown>>;
  parameters?: Record<string, JsonSchema>;
}

export interface OpenApiV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiV3Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface OpenApiV3Operation {
  operationId?: string;
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
}

const operationMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** `OpenAPIV3OneOfTypes` of the Go types that have one (see the file comment). */
const oneOfTypes: Record<string, string[]> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': ['integer', 'string'],
  'io.k8s.apimachinery.pkg.api.resource.Quantity': ['string', 'number'],
};

/**
 * The group-versions a document serves, as the `/openapi/v3` index names them: `api/v1`,
 * `apis/apps/v1`, … (the discovery-only `/apis/<group>/` paths belong to none).
 */
export function groupVersionPaths(swagger: SwaggerDocument): string[] {
  const found = new Set<string>();
  for (const path of Object.keys(swagger.paths)) {
    const match = /^\/(api\/v1|apis\/[^/]+\/[^/]+)\//.exec(path);
    if (match) {
      found.add(match[1]!);
    }
  }
  return [...found].sort();
}

function v3Ref(ref: string): string {
  return ref.replace('#/definitions/', '#/components/schemas/');
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convertSchema(
  schema: JsonSchema,
  definitions: Record<string, JsonSchema>,
  listItem = false,
): JsonSchema {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') {
      continue;
    }
    if (key === 'properties' && isObject(value)) {
      result[key] = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [
          name,
          isObject(property) ? convertSchema(property, definitions) : property,
        ]),
      );
    } else if (key === 'items' && isObject(value)) {
      result[key] = convertSchema(value, definitions, true);
    } else if (key === 'additionalProperties' && isObject(value)) {
      result[key] = convertSchema(value, definitions);
    } else {
      result[key] = value;
    }
  }
  if (ref === undefined) {
    return result;
  }
  const target = definitions[ref.replace('#/definitions/', '')];
  if (listItem && target?.type === 'object') {
    result.default = {};
  }
  return Object.keys(result).length === 0
    ? { $ref: v3Ref(ref) }
    : { allOf: [{ $ref: v3Ref(ref) }], ...result };
}

function convertDefinition(
  id: string,
  schema: JsonSchema,
  definitions: Record<string, JsonSchema>,
): JsonSchema {
  const converted = convertSchema(schema, definitions);
  const oneOf = oneOfTypes[id];
  if (oneOf) {
    delete converted.type;
    converted.oneOf = oneOf.map((type) => ({ type }));
  }
  return converted;
}

/** Every `#/definitions/…` (and `#/parameters/…`, resolved) that a value refers to. */
function collectRefs(value: unknown, swagger: SwaggerDocument, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      collectRefs(item, swagger, into);
    }
    return;
  }
  if (!isObject(value)) {
    return;
  }
  const ref = value.$ref;
  if (typeof ref === 'string') {
    if (ref.startsWith('#/definitions/')) {
      const id = ref.slice('#/definitions/'.length);
      if (!into.has(id)) {
        into.add(id);
        collectRefs(swagger.definitions[id], swagger, into);
      }
    } else if (ref.startsWith('#/parameters/')) {
      collectRefs(swagger.parameters?.[ref.slice('#/parameters/'.length)], swagger, into);
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== '$ref') {
      collectRefs(child, swagger, into);
    }
  }
}

/** The v3 document of one group-version (`api/v1`, `apis/apps/v1`). */
export function deriveOpenApiV3(swagger: SwaggerDocument, groupVersionPath: string): OpenApiV3Document {
  const prefix = `/${groupVersionPath}/`;
  const paths: OpenApiV3Document['paths'] = {};
  const referenced = new Set<string>();
  for (const [path, item] of Object.entries(swagger.paths)) {
    if (!path.startsWith(prefix)) {
      continue;
    }
    collectRefs(item, swagger, referenced);
    const operations: Record<string, OpenApiV3Operation> = {};
    for (const method of operationMethods) {
      const operation = item[method];
      if (!isObject(operation)) {
        continue;
      }
      const kept: OpenApiV3Operation = {};
      for (const key of ['operationId', 'x-kubernetes-action', 'x-kubernetes-group-version-kind'] as const) {
        if (operation[key] !== undefined) {
          Object.assign(kept, { [key]: operation[key] });
        }
      }
      operations[method] = kept;
    }
    paths[path] = operations;
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const id of [...referenced].sort()) {
    const definition = swagger.definitions[id];
    if (definition) {
      schemas[id] = convertDefinition(id, definition, swagger.definitions);
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    components: { schemas },
  };
}

/**
 * A schema with the `default` values removed (v2 does not carry them) and an `allOf` that then
 * wraps nothing but a `$ref` unwrapped: the form in which a derived schema and a real one are
 * compared.
 */
export function comparableSchema(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(comparableSchema);
  }
  if (!isObject(value)) {
    return value;
  }
  const result: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'default') {
      result[key] = comparableSchema(child);
    }
  }
  const allOf = result.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && Object.keys(result).length === 1) {
    return allOf[0];
  }
  return result;
}

const enumParagraph = /^\n+Possible enum values:\n((?: - `"[^`]*"`.*(?:\n|$))+)$/;

/**
 * The document as a live API server publishes it, with the enum values the checked-in specs
 * leave out. kube-openapi's enum generator (k8s.io/kube-openapi/pkg/generators/enum.go,
 * DescriptionLines) appends a "Possible enum values" paragraph to the description of every field
 * of an enum type (`// +enum`) and sets the field's `enum` (its items' for a list); the same
 * paragraph is in the Go types' comments that the `kubernetes-models` package carries (the
 * catalog keeps it as `enumParagraph`). The values are read from that paragraph, not from the
 * catalog's `enum`, which comes from the package's TypeScript union types.
 */
export function publishEnums(document: OpenApiV3Document, catalog: Catalog): OpenApiV3Document {
  const published = structuredClone(document);
  for (const [id, schema] of Object.entries(published.components.schemas)) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, property] of Object.entries(properties)) {
      const paragraph = enumParagraph.exec(
        catalog.getDefinition(id)?.properties?.[name]?.enumParagraph ?? '',
      );
      if (!paragraph || !isObject(property) || typeof property.description !== 'string') {
        continue;
      }
      const values = [...paragraph[1]!.matchAll(/^ - `"([^`]*)"`/gm)].map((match) => match[1]!);
      property.description += paragraph[0];
      if (property.type === 'string') {
        property.enum = values;
      } else if (property.type === 'array' && isObject(property.items) && property.items.type === 'string') {
        property.items.enum = values;
      }
    }
  }
  return published;
}
