/**
 * The Kubernetes schema yaml-language-server gets in the benchmark: the same definitions
 * Podscope validates against (the catalog, through `kindJsonSchema`), in the shape of the
 * `all.json` that vscode-yaml downloads when a user associates "kubernetes" with their files
 * (yannh/kubernetes-json-schema `<version>-standalone-strict/all.json`): a `oneOf` over the
 * definitions, with closed objects, `kind` and `apiVersion` pinned by enums, and the field
 * descriptions its hovers show.
 *
 * The real all.json lists every definition of the API (771 in the v1.36 OpenAPI document, most of
 * them not kinds); this one lists only the 235 kinds, which makes the peer's `oneOf` cheaper, not
 * dearer.
 */
import type { Catalog } from '../../server/src/catalog/catalog';
import { type JsonSchema, kindJsonSchema } from '../../server/src/schema/jsonSchema';

export function peerKubernetesSchema(catalog: Catalog): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const kind of catalog.kinds) {
    const schema = kindJsonSchema(catalog, kind.definition);
    Object.assign(definitions, schema['definitions'] as Record<string, JsonSchema>);
  }
  for (const [id, schema] of Object.entries(definitions)) {
    const definition = catalog.getDefinition(id);
    if (definition?.description) {
      schema['description'] = definition.description;
    }
    const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
    for (const [name, property] of Object.entries(properties ?? {})) {
      const description = definition?.properties?.[name]?.description;
      if (description) {
        property['description'] = description;
      }
    }
  }
  // openapi2jsonschema pins `kind` and `apiVersion` of every kind, as x-kubernetes-group-version-kind says.
  for (const kind of catalog.kinds) {
    const properties = definitions[kind.definition]?.['properties'] as Record<string, JsonSchema> | undefined;
    if (properties?.['kind'] && properties['apiVersion']) {
      properties['kind']['enum'] = [kind.kind];
      properties['apiVersion']['enum'] = [kind.group ? `${kind.group}/${kind.version}` : kind.version];
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    oneOf: catalog.kinds.map((kind) => ({ $ref: `#/definitions/${kind.definition}` })),
    definitions,
  };
}
