/**
 * JSON Schemas generated from the catalog, for validation with ajv.
 *
 * Every definition becomes `#/definitions/<id>`. Objects are closed (`additionalProperties:
 * false`), so a misspelled field is reported. Quantities and int-or-strings get the shapes the
 * API server accepts. `null` is not allowed anywhere: the validator removes null-valued fields
 * first, because the API treats them as absent. A field's `enum` is its schema enum or, where the
 * schema has none, the closed value set the API server's validation checks
 * (catalog/closedValueSets.ts); the build's precompiled validators come from here too.
 */
import { type Catalog, type SchemaType } from '../catalog/catalog';
import type { DefinitionData, FieldData } from '../catalog/catalogData';
import { type ValueNarrowing, allowedValues, closedValueSets } from '../catalog/closedValueSets';
import { requiredFields } from './apiRequired';

export type JsonSchema = Record<string, unknown>;

export const quantityId = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * A resource.Quantity as a string: a signed decimal number with an optional binary-SI suffix
 * (Ki…Ei), decimal-SI suffix (n, u, m, k, M, G, T, P, E) or decimal exponent (e3, E-2).
 * apimachinery's ParseQuantity accepts exactly these forms.
 */
export const quantityPattern =
  '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

function typeSchema(type: SchemaType, enumValues?: readonly string[]): JsonSchema {
  switch (type.kind) {
    case 'scalar':
      return enumValues ? { type: type.name, enum: enumValues } : { type: type.name };
    case 'any':
      return {};
    case 'ref':
      return { $ref: `#/definitions/${type.id}` };
    case 'array':
      return { type: 'array', items: typeSchema(type.items, enumValues) };
    case 'map':
      return { type: 'object', additionalProperties: typeSchema(type.values, enumValues) };
    case 'union':
      return {
        type: type.members.map((member) => (member.kind === 'scalar' ? member.name : 'object')),
      };
  }
}

function fieldSchema(catalog: Catalog, definitionId: string, name: string, field: FieldData): JsonSchema {
  return typeSchema(catalog.parseType(field.type), allowedValues(definitionId, name, field)?.accepted);
}

function definitionSchema(catalog: Catalog, id: string, definition: DefinitionData): JsonSchema {
  if (id === quantityId) {
    return { type: ['string', 'number'], pattern: quantityPattern };
  }
  if (definition.properties) {
    const properties: Record<string, JsonSchema> = {};
    for (const [name, field] of Object.entries(definition.properties)) {
      properties[name] = fieldSchema(catalog, id, name, field);
    }
    const required = requiredFields(id, alwaysRequired(catalog, definition));
    const narrowings = narrowingSchemas(id);
    return {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
      ...(narrowings.length > 0 ? { allOf: narrowings } : {}),
    };
  }
  return typeSchema(catalog.parseType(definition.type ?? 'any'));
}

/**
 * The fields of a definition required in every minor the catalog covers. A catalog of every minor
 * has the union of the minors' fields and enum values (absent ones are allowed); a field required
 * in some minors only is the version stage's to report for the target (validation/versionStage.ts),
 * so that each problem has one finding. A catalog of one minor has that minor's list.
 */
export function alwaysRequired(catalog: Catalog, definition: DefinitionData): readonly string[] {
  const requiredMinors = definition.requiredMinors;
  const required = definition.required ?? [];
  if (!requiredMinors || catalog.minor !== undefined) {
    return required;
  }
  const { oldest, newest } = catalog.minors;
  const varying = (name: string): boolean => Object.prototype.hasOwnProperty.call(requiredMinors, name);
  const always = Object.entries(requiredMinors)
    .filter(([, span]) => span[0] <= oldest && span[1] >= newest)
    .map(([name]) => name);
  return [...required.filter((name) => !varying(name)), ...always].sort();
}

/**
 * The closed value sets that another field of this object narrows (closedValueSets.ts), as
 * `if`/`then`: when the deciding field holds its value, the values at the end of each path are
 * the narrower set. ajv then reports an `enum` error there, like any other.
 */
function narrowingSchemas(definitionId: string): JsonSchema[] {
  const schemas: JsonSchema[] = [];
  for (const set of closedValueSets) {
    const narrowing = set.narrowing;
    if (narrowing?.definition !== definitionId) {
      continue;
    }
    for (const path of narrowing.paths) {
      schemas.push({
        if: { properties: { [narrowing.field]: { const: narrowing.equals } }, required: [narrowing.field] },
        then: pathSchema(
          path,
          { properties: { [set.field]: { enum: narrowing.values } } },
          narrowing.unlessItemSets,
        ),
      });
    }
  }
  return schemas;
}

/**
 * A schema that applies `leaf` at the end of a path (`*`: every item of a list), except below an
 * item of the first list that has the field `unlessItemSets`.
 */
function pathSchema(
  path: ValueNarrowing['paths'][number],
  leaf: JsonSchema,
  unlessItemSets: string | undefined,
): JsonSchema {
  const firstList = path.indexOf('*');
  return path.reduceRight<JsonSchema>((inner, segment, index) => {
    if (segment !== '*') {
      return { properties: { [segment]: inner } };
    }
    return index === firstList && unlessItemSets !== undefined
      ? { items: { if: { required: [unlessItemSets] }, else: inner } }
      : { items: inner };
  }, leaf);
}

/** The definitions reachable from a definition, itself included. */
export function reachableDefinitions(catalog: Catalog, rootId: string): string[] {
  const seen = new Set<string>();
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) {
      continue;
    }
    seen.add(id);
    const definition = catalog.getDefinition(id);
    const types = Object.values(definition?.properties ?? {}).map((field) => field.type);
    for (const expression of [...types, definition?.type ?? 'any']) {
      for (const match of expression.matchAll(/#([^|\]]+)/g)) {
        queue.push(match[1]!);
      }
    }
  }
  return [...seen].sort();
}

/** A self-contained JSON Schema for one kind: its definition and everything it refers to. */
export function kindJsonSchema(catalog: Catalog, definitionId: string): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const id of reachableDefinitions(catalog, definitionId)) {
    const definition = catalog.getDefinition(id);
    if (definition) {
      definitions[id] = definitionSchema(catalog, id, definition);
    }
  }
  return { $ref: `#/definitions/${definitionId}`, definitions };
}
