/**
 * crd-non-structural-schema: a version's openAPIV3Schema that is not structural. Every
 * apiextensions.k8s.io/v1 CRD must be (spec.preserveUnknownFields cannot be true, so pruning is
 * on and validateCustomResourceDefinitionSpec sets requireStructuralSchema). The checks follow
 * k8s.io/apiextensions-apiserver pkg/apiserver/schema/validation.go, ValidateStructural:
 * validateStructuralInvariants, validateStructuralMetadataInvariants, validateExtensions and
 * validateNestedValueValidation, and complete.go, validateStructuralCompleteness. A schema that NewStructural cannot even build (items as a list,
 * an unsupported keyword) is left to crd-invalid-schema, as the API server reports only those
 * errors then (validateCustomResourceDefinitionValidation). The defaults' validation
 * (ValidateDefaults) is not modelled.
 */
import { type JsonObject, isJsonObject, objectOf, stringOf, valueAt } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { openApiTypes } from './crdInvalidSchema';
import { type CrdProblem, crdFindings, crdSchemas } from './crdSupport';
import type { Rule } from './rule';

export const crdNonStructuralSchema: Rule = {
  id: 'crd-non-structural-schema',
  defaultSeverity: 'error',
  summary:
    'A CustomResourceDefinition schema that is not structural: a field without a type, metadata constrained beyond name, type or defaults inside allOf/anyOf/oneOf/not.',
  validate: (context) =>
    crdFindings(context, (crd) =>
      crdSchemas(crd)
        .filter(({ schema }) => buildsStructural(schema))
        .flatMap(({ schema, path }) => [
          ...structuralProblems(schema, path, 'root'),
          ...completenessProblems(schema, schema, path, path),
        ])
        .filter((problem) => !onUnsupportedType(context.document.toJS(), problem)),
    ),
};

/** A problem with a type that crd-invalid-schema already reports as unsupported. */
function onUnsupportedType(root: unknown, problem: CrdProblem): boolean {
  const type = problem.path[problem.path.length - 1] === 'type' ? valueAt(root, problem.path) : undefined;
  return typeof type === 'string' && type !== '' && !openApiTypes.includes(type);
}

type Level = 'root' | 'item' | 'field';

/** What NewStructural (convert.go) refuses: the keywords it has no place for, items as a list. */
const unbuildable = [
  'id',
  '$schema',
  '$ref',
  'patternProperties',
  'dependencies',
  'additionalItems',
  'definitions',
];

function buildsStructural(schema: JsonObject): boolean {
  if (
    Array.isArray(schema.items) ||
    unbuildable.some((keyword) => schema[keyword] !== undefined && schema[keyword] !== null)
  ) {
    return false;
  }
  for (const child of children(schema)) {
    if (!buildsStructural(child)) {
      return false;
    }
  }
  return true;
}

/** Every schema directly below one: properties, additionalProperties, items, allOf, anyOf, oneOf, not. */
function children(schema: JsonObject): JsonObject[] {
  const result: JsonObject[] = [];
  const add = (value: unknown): void => {
    if (isJsonObject(value)) {
      result.push(value);
    }
  };
  Object.values(objectOf(schema.properties) ?? {}).forEach(add);
  add(schema.additionalProperties);
  add(schema.items);
  add(schema.not);
  for (const junctor of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[junctor];
    if (Array.isArray(list)) {
      list.forEach(add);
    }
  }
  return result;
}

const typeMissing: Record<Level, string> = {
  root: 'The schema needs a type at the root.',
  item: 'The items schema needs a type (or x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields).',
  field: 'The field needs a type (or x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields).',
};

/** validateStructuralInvariants over a schema and its structural children. */
function structuralProblems(schema: JsonObject, path: readonly PathSegment[], level: Level): CrdProblem[] {
  const problems: CrdProblem[] = [];
  const type = stringOf(schema.type) ?? '';
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserveUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const items = objectOf(schema.items);
  const properties = objectOf(schema.properties) ?? {};
  const hasAdditionalProperties =
    schema.additionalProperties !== undefined && schema.additionalProperties !== null;

  if (type === 'array' && !items) {
    problems.push({
      path: [...path, 'type'],
      at: 'value',
      message: 'An array needs an items schema.',
      absence: true,
    });
  }
  if (items) {
    problems.push(...structuralProblems(items, [...path, 'items'], 'item'));
  }
  for (const [name, property] of Object.entries(properties)) {
    const propertySchema = objectOf(property);
    if (propertySchema) {
      problems.push(...structuralProblems(propertySchema, [...path, 'properties', name], 'field'));
    }
  }
  if (hasAdditionalProperties && level === 'root') {
    problems.push({
      path: [...path, 'additionalProperties'],
      at: 'key',
      message: 'additionalProperties must not be used at the root of the schema.',
    });
  }
  const additionalProperties = objectOf(schema.additionalProperties);
  if (additionalProperties) {
    problems.push(...structuralProblems(additionalProperties, [...path, 'additionalProperties'], 'field'));
  }
  // validateExtensions.
  if (intOrString && preserveUnknown) {
    problems.push({
      path: [...path, 'x-kubernetes-preserve-unknown-fields'],
      at: 'value',
      message: 'x-kubernetes-preserve-unknown-fields must be false when x-kubernetes-int-or-string is true.',
    });
  }
  if (intOrString && embedded) {
    problems.push({
      path: [...path, 'x-kubernetes-embedded-resource'],
      at: 'value',
      message: 'x-kubernetes-embedded-resource must be false when x-kubernetes-int-or-string is true.',
    });
  }
  problems.push(
    ...valueValidationProblems(schema, path, isIntOrStringAnyOf(schema), isIntOrStringAllOf(schema)),
  );

  if (embedded && type !== 'object') {
    problems.push({
      path: type === '' ? path : [...path, 'type'],
      at: type === '' ? 'key' : 'value',
      message: 'The type must be object when x-kubernetes-embedded-resource is true.',
      ...(type === '' ? { absence: true as const } : {}),
    });
  } else if (type === '' && !intOrString && !preserveUnknown) {
    problems.push({ path, at: 'key', message: typeMissing[level], absence: true });
  }
  if (embedded && hasAdditionalProperties) {
    problems.push({
      path: [...path, 'additionalProperties'],
      at: 'key',
      message: 'additionalProperties must not be used when x-kubernetes-embedded-resource is true.',
    });
  }
  if (level === 'root' && type !== '' && type !== 'object') {
    problems.push({
      path: [...path, 'type'],
      at: 'value',
      message: 'The type at the root of the schema must be object.',
    });
  }
  const checkMetadata = level === 'root' || embedded;
  if (checkMetadata) {
    for (const name of ['kind', 'apiVersion']) {
      const field = objectOf(properties[name]);
      if (field && field.type !== 'string') {
        problems.push({
          path:
            field.type === undefined ? [...path, 'properties', name] : [...path, 'properties', name, 'type'],
          at: field.type === undefined ? 'key' : 'value',
          message: `${name} must be of type string.`,
        });
      }
    }
  }
  const metadata = objectOf(properties.metadata);
  if (metadata) {
    problems.push(...metadataProblems(metadata, [...path, 'properties', 'metadata'], checkMetadata, level));
  }
  if (embedded && !preserveUnknown && Object.keys(properties).length === 0) {
    problems.push({
      path,
      at: 'key',
      message:
        'An embedded resource (x-kubernetes-embedded-resource) needs properties, or x-kubernetes-preserve-unknown-fields: true.',
      absence: true,
    });
  }
  return problems;
}

/**
 * validateStructuralMetadataInvariants: metadata is an object; at the root its schema may only
 * give its type, a default, and properties name and generateName (whatever their schemas).
 */
function metadataProblems(
  metadata: JsonObject,
  path: readonly PathSegment[],
  checkMetadata: boolean,
  level: Level,
): CrdProblem[] {
  const problems: CrdProblem[] = [];
  if (checkMetadata && metadata.type !== 'object') {
    problems.push({
      path: metadata.type === undefined ? path : [...path, 'type'],
      at: metadata.type === undefined ? 'key' : 'value',
      message: 'metadata must be of type object.',
    });
  }
  if (level === 'root') {
    const extra = Object.keys(metadata).find((key) => {
      const value = metadata[key];
      if (key === 'type' || key === 'default' || value === null || value === false || value === '') {
        return false;
      }
      if (key === 'properties' && isJsonObject(value)) {
        return Object.keys(value).some((name) => name !== 'name' && name !== 'generateName');
      }
      return true;
    });
    if (extra !== undefined) {
      problems.push({
        path: [...path, extra],
        at: 'key',
        message:
          'The schema of metadata at the root may only restrict name and generateName: the API server sets the rest of metadata.',
      });
    }
  }
  return problems;
}

/** isIntOrStringAnyOfPattern: anyOf is exactly [{type: integer}, {type: string}]. */
function isIntOrStringAnyOf(schema: JsonObject): boolean {
  const anyOf = schema.anyOf;
  return (
    Array.isArray(anyOf) &&
    anyOf.length === 2 &&
    isOnlyType(anyOf[0], 'integer') &&
    isOnlyType(anyOf[1], 'string')
  );
}

/** isIntOrStringAllOfPattern: the first entry of allOf has that anyOf. */
function isIntOrStringAllOf(schema: JsonObject): boolean {
  const allOf = schema.allOf;
  return Array.isArray(allOf) && allOf.length >= 1 && isJsonObject(allOf[0]) && isIntOrStringAnyOf(allOf[0]);
}

function isOnlyType(value: unknown, type: string): boolean {
  return isJsonObject(value) && value.type === type && Object.keys(value).every((key) => key === 'type');
}

/** validateValueValidation: the schemas under allOf, anyOf, oneOf and not (one int-or-string anyOf excepted). */
function valueValidationProblems(
  schema: JsonObject,
  path: readonly PathSegment[],
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
): CrdProblem[] {
  const problems: CrdProblem[] = [];
  const nested = (value: unknown, nestedPath: readonly PathSegment[], skip: boolean): void => {
    const nestedSchema = objectOf(value);
    if (nestedSchema) {
      problems.push(...nestedProblems(nestedSchema, nestedPath, skip));
    }
  };
  const list = (junctor: string): readonly unknown[] =>
    Array.isArray(schema[junctor]) ? (schema[junctor] as unknown[]) : [];
  if (!skipAnyOf) {
    list('anyOf').forEach((entry, index) => nested(entry, [...path, 'anyOf', index], false));
  }
  list('allOf').forEach((entry, index) =>
    nested(entry, [...path, 'allOf', index], skipFirstAllOfAnyOf && index === 0),
  );
  list('oneOf').forEach((entry, index) => nested(entry, [...path, 'oneOf', index], false));
  nested(schema.not, [...path, 'not'], false);
  return problems;
}

/** What a schema under a junctor must leave out, each reported on its key. */
const forbiddenInNested: readonly [string, (value: unknown) => boolean, string][] = [
  ['type', (value) => typeof value === 'string' && value !== '', 'must be left out'],
  ['additionalProperties', (value) => value !== undefined && value !== null, 'must be left out'],
  ['default', (value) => value !== undefined && value !== null, 'must be left out'],
  ['title', (value) => typeof value === 'string' && value !== '', 'must be left out'],
  ['description', (value) => typeof value === 'string' && value !== '', 'must be left out'],
  ['nullable', (value) => value === true, 'must be false'],
  ['x-kubernetes-preserve-unknown-fields', (value) => value === true, 'must be false'],
  ['x-kubernetes-embedded-resource', (value) => value === true, 'must be false'],
  ['x-kubernetes-int-or-string', (value) => value === true, 'must be false'],
  ['x-kubernetes-list-map-keys', (value) => Array.isArray(value) && value.length > 0, 'must be left out'],
  ['x-kubernetes-list-type', (value) => value !== undefined && value !== null, 'must be left out'],
  ['x-kubernetes-map-type', (value) => value !== undefined && value !== null, 'must be left out'],
  ['x-kubernetes-validations', (value) => Array.isArray(value) && value.length > 0, 'must be left out'],
];

/**
 * validateNestedValueValidation: a schema under allOf, anyOf, oneOf or not only validates values;
 * it cannot give types, defaults, descriptions or extensions, nor constrain metadata.
 */
function nestedProblems(schema: JsonObject, path: readonly PathSegment[], skipAnyOf: boolean): CrdProblem[] {
  const problems = valueValidationProblems(schema, path, skipAnyOf, false);
  const items = objectOf(schema.items);
  if (items) {
    problems.push(...nestedProblems(items, [...path, 'items'], false));
  }
  const properties = objectOf(schema.properties) ?? {};
  for (const [name, property] of Object.entries(properties)) {
    const propertySchema = objectOf(property);
    if (propertySchema) {
      problems.push(...nestedProblems(propertySchema, [...path, 'properties', name], false));
    }
  }
  // additionalProperties is itself forbidden here, so there is nothing below it to check.
  for (const [key, isSet, rule] of forbiddenInNested) {
    if (isSet(schema[key])) {
      problems.push({
        path: [...path, key],
        at: 'key',
        message: `${key} ${rule} inside allOf, anyOf, oneOf or not: the schema would not be structural.`,
      });
    }
  }
  if (properties.metadata !== undefined) {
    problems.push({
      path: [...path, 'properties', 'metadata'],
      at: 'key',
      message: 'metadata must not be constrained inside allOf, anyOf, oneOf or not.',
    });
  }
  return problems;
}

/**
 * validateStructuralCompleteness (complete.go): what the junctors at the root (allOf, anyOf,
 * oneOf, not, and theirs in turn) constrain must be declared in the structural schema: their
 * items where it has items, their properties among its properties (ValidateStructural does not
 * allow them under additionalProperties instead). As in the API server, only the root's junctors
 * are followed.
 */
function completenessProblems(
  valueValidation: JsonObject,
  structural: JsonObject,
  path: readonly PathSegment[],
  structuralPath: readonly PathSegment[],
): CrdProblem[] {
  const problems: CrdProblem[] = [];
  const visit = (nested: unknown, nestedPath: readonly PathSegment[]): void => {
    const nestedSchema = objectOf(nested);
    if (nestedSchema) {
      problems.push(...nestedCompletenessProblems(nestedSchema, structural, nestedPath, structuralPath));
    }
  };
  visit(valueValidation.not, [...path, 'not']);
  for (const junctor of ['allOf', 'anyOf', 'oneOf']) {
    const list = valueValidation[junctor];
    if (Array.isArray(list)) {
      list.forEach((entry: unknown, index) => visit(entry, [...path, junctor, index]));
    }
  }
  return problems;
}

/** validateNestedValueValidationCompleteness: one schema under a junctor against its structural counterpart. */
function nestedCompletenessProblems(
  nested: JsonObject,
  structural: JsonObject,
  path: readonly PathSegment[],
  structuralPath: readonly PathSegment[],
): CrdProblem[] {
  const problems = completenessProblems(nested, structural, path, structuralPath);
  const items = objectOf(nested.items);
  if (items) {
    const structuralItems = objectOf(structural.items);
    if (structuralItems) {
      problems.push(
        ...nestedCompletenessProblems(
          items,
          structuralItems,
          [...path, 'items'],
          [...structuralPath, 'items'],
        ),
      );
    } else {
      problems.push({
        path: [...path, 'items'],
        at: 'key',
        message:
          'These items are constrained here but not declared: the schema beside allOf, anyOf, oneOf or not needs items.',
      });
    }
  }
  const structuralProperties = objectOf(structural.properties) ?? {};
  for (const [name, property] of Object.entries(objectOf(nested.properties) ?? {})) {
    const propertySchema = objectOf(property);
    const structuralProperty = objectOf(structuralProperties[name]);
    if (!propertySchema) {
      continue;
    }
    if (structuralProperty) {
      problems.push(
        ...nestedCompletenessProblems(
          propertySchema,
          structuralProperty,
          [...path, 'properties', name],
          [...structuralPath, 'properties', name],
        ),
      );
    } else {
      problems.push({
        path: [...path, 'properties', name],
        at: 'key',
        message: `Property "${name}" is constrained here but not declared in the properties beside allOf, anyOf, oneOf or not.`,
      });
    }
  }
  return problems;
}
