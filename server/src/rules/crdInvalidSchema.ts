/**
 * crd-invalid-schema: what the API server rejects in a version's openAPIV3Schema beyond its
 * shape (which the catalog's schema checks): types outside OpenAPI v3's, the unsupported
 * JSON-Schema keywords, the x-kubernetes-* extensions' values and combinations, defaults in
 * metadata, and the restrictions at the root. Each check follows k8s.io/apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go: ValidateCustomResourceDefinitionOpenAPISchema,
 * specStandardValidatorV3.validate, validateMapListKeysMapSet and
 * validateCustomResourceDefinitionValidation (named beside each check).
 *
 * Unknown `format` values are not reported: the API server drops them with a warning
 * (pkg/apiserver/validation/formats.go, StripUnsupportedFormatsPostProcessorForVersion and
 * GetUnrecognizedFormats), it does not reject them. CEL rules are not compiled.
 */
import { type JsonObject, isJsonObject, objectOf, stringOf } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { type CrdProblem, crdFindings, crdSchemas, quotedChoices } from './crdSupport';
import type { Rule } from './rule';

export const crdInvalidSchema: Rule = {
  id: 'crd-invalid-schema',
  defaultSeverity: 'error',
  summary:
    'A CustomResourceDefinition schema that the API server rejects: an unknown type, an unsupported keyword, a wrong value or combination of the x-kubernetes extensions.',
  validate: (context) =>
    crdFindings(context, (crd) =>
      crdSchemas(crd).flatMap(({ schema, path, statusEnabled }) => [
        ...rootProblems(schema, path, statusEnabled),
        ...schemaProblems(schema, path, { isRoot: true, insideResourceMeta: false }),
      ]),
    ),
};

/** openapiV3Types in validation.go. */
export const openApiTypes = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** metaFields in validation.go: the fields of an object's type and object meta. */
const metaFields = ['apiVersion', 'kind', 'metadata'];

/** allowedFieldsAtRootSchema in validation.go, by their JSON names. */
const allowedAtRootWithStatus = new Set([
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'externalDocs',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);

/** The keywords specStandardValidatorV3.validate (and NewStructural, for $schema) refuse. */
const unsupportedKeywords = [
  'id',
  '$schema',
  '$ref',
  'additionalItems',
  'patternProperties',
  'definitions',
  'dependencies',
];

/** supportedValidationReason in validation.go. */
const validationReasons = [
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueInvalid',
  'FieldValueRequired',
];

interface Walk {
  readonly isRoot: boolean;
  /** Inside the schema of apiVersion, kind or metadata (at the root or of an embedded resource). */
  readonly insideResourceMeta: boolean;
  /** Why a default is not allowed here, when it is not (withForbiddenDefaults). */
  readonly defaultForbidden?: string;
}

/**
 * validateCustomResourceDefinitionValidation: the root is never nullable; with the status
 * subresource, the root is an object and holds only the fields of allowedFieldsAtRootSchema (a
 * field at its zero value counts as absent; the first other field is reported).
 */
function rootProblems(
  schema: JsonObject,
  path: readonly PathSegment[],
  statusEnabled: boolean,
): CrdProblem[] {
  const problems: CrdProblem[] = [];
  if (statusEnabled) {
    const type = stringOf(schema.type);
    if (type !== undefined && type !== '' && type !== 'object') {
      problems.push({
        path: [...path, 'type'],
        at: 'value',
        message: 'With the status subresource, the type at the root of the schema must be "object".',
      });
    } else {
      const extra = Object.keys(schema).find(
        // additionalProperties is forbidden at the root with or without the status subresource
        // (validateStructuralInvariants): crd-non-structural-schema reports it.
        (key) =>
          !allowedAtRootWithStatus.has(key) && key !== 'additionalProperties' && !isZeroValue(schema[key]),
      );
      if (extra !== undefined) {
        problems.push({
          path: [...path, extra],
          at: 'key',
          message: `With the status subresource, ${extra} is not allowed at the root of the schema (only ${[...allowedAtRootWithStatus].join(', ')}).`,
        });
      }
    }
  }
  if (schema.nullable === true) {
    problems.push({
      path: [...path, 'nullable'],
      at: 'value',
      message: 'nullable cannot be true at the root of the schema.',
    });
  }
  return problems;
}

/** A field the Go type leaves at its zero value: reflect.DeepEqual with the zero value. */
function isZeroValue(value: unknown): boolean {
  // Numbers are pointers in JSONSchemaProps (maxProperties: 0 is set); booleans and strings are
  // mostly plain values (nullable: false is not).
  return value === null || value === false || value === '';
}

/** ValidateCustomResourceDefinitionOpenAPISchema over one schema and everything below it. */
function schemaProblems(schema: JsonObject, path: readonly PathSegment[], walk: Walk): CrdProblem[] {
  const problems = [
    ...standardProblems(schema, path, walk),
    ...extensionProblems(schema, path),
    ...listMapProblems(schema, path),
    ...validationRuleProblems(schema, path),
  ];
  const below = (child: unknown, childPath: readonly PathSegment[], childWalk: Walk): void => {
    const childSchema = objectOf(child);
    if (childSchema) {
      problems.push(...schemaProblems(childSchema, childPath, childWalk));
    }
  };
  const nested: Walk = { ...walk, isRoot: false };
  const additionalProperties = schema.additionalProperties;
  if (isJsonObject(additionalProperties)) {
    below(additionalProperties, [...path, 'additionalProperties'], {
      ...nested,
      ...(walk.insideResourceMeta
        ? { defaultForbidden: 'inside additionalProperties applying to object metadata' }
        : {}),
    });
  }
  const properties = objectOf(schema.properties);
  if (properties) {
    const embedded = schema['x-kubernetes-embedded-resource'] === true;
    for (const [name, property] of Object.entries(properties)) {
      const meta = (walk.isRoot || embedded) && metaFields.includes(name);
      below(property, [...path, 'properties', name], {
        isRoot: false,
        insideResourceMeta: walk.insideResourceMeta || meta,
        defaultForbidden: meta && walk.isRoot ? `in top-level ${name}` : walk.defaultForbidden,
      });
    }
  }
  below(schema.not, [...path, 'not'], nested);
  for (const junctor of ['allOf', 'oneOf', 'anyOf']) {
    const list = schema[junctor];
    if (Array.isArray(list)) {
      list.forEach((entry: unknown, index) => below(entry, [...path, junctor, index], nested));
    }
  }
  const items = schema.items;
  if (Array.isArray(items)) {
    items.forEach((entry: unknown, index) => below(entry, [...path, 'items', index], nested));
  } else {
    below(items, [...path, 'items'], nested);
  }
  return problems;
}

/**
 * specStandardValidatorV3.validate, and the checks of ValidateCustomResourceDefinitionOpenAPISchema
 * that are not about extensions: uniqueItems, and additionalProperties beside properties.
 */
function standardProblems(schema: JsonObject, path: readonly PathSegment[], walk: Walk): CrdProblem[] {
  const problems: CrdProblem[] = [];
  const type = stringOf(schema.type);
  if (type === 'null') {
    problems.push({
      path: [...path, 'type'],
      at: 'value',
      message: 'Type "null" is not supported: use nullable: true instead.',
    });
  } else if (type !== undefined && type !== '' && !openApiTypes.includes(type)) {
    problems.push({
      path: [...path, 'type'],
      at: 'value',
      message: `Type "${type}" is not supported: use ${quotedChoices(openApiTypes)}.`,
    });
  }
  if (schema.default !== undefined && schema.default !== null && walk.defaultForbidden !== undefined) {
    problems.push({
      path: [...path, 'default'],
      at: 'key',
      message: `A default must not be set ${walk.defaultForbidden}.`,
    });
  }
  for (const keyword of unsupportedKeywords) {
    const value = schema[keyword];
    const present =
      keyword === 'patternProperties' || keyword === 'definitions'
        ? isJsonObject(value) && Object.keys(value).length > 0
        : keyword === 'id' || keyword === '$schema'
          ? typeof value === 'string' && value !== ''
          : value !== undefined && value !== null;
    if (present) {
      problems.push({
        path: [...path, keyword],
        at: 'key',
        message: `${keyword} is not supported in a CRD schema.`,
      });
    }
  }
  if (Array.isArray(schema.items) && schema.items.length > 0) {
    problems.push({
      path: [...path, 'items'],
      at: 'key',
      message: 'items must be a schema object, not a list of schemas.',
    });
  }
  if (walk.insideResourceMeta && schema['x-kubernetes-embedded-resource'] === true) {
    problems.push({
      path: [...path, 'x-kubernetes-embedded-resource'],
      at: 'key',
      message: 'x-kubernetes-embedded-resource must not be used inside apiVersion, kind or metadata.',
    });
  }
  if (schema.uniqueItems === true) {
    problems.push({
      path: [...path, 'uniqueItems'],
      at: 'value',
      message: 'uniqueItems cannot be true (its cost is quadratic): use x-kubernetes-list-type: set instead.',
    });
  }
  // Properties are for structs, additionalProperties for maps: both contradict the convention of
  // ignoring unknown fields. additionalProperties: true is allowed beside properties.
  const additionalProperties = schema.additionalProperties;
  const properties = objectOf(schema.properties);
  if (
    properties &&
    Object.keys(properties).length > 0 &&
    (additionalProperties === false || isJsonObject(additionalProperties))
  ) {
    problems.push({
      path: [...path, 'additionalProperties'],
      at: 'key',
      message: 'additionalProperties and properties are mutually exclusive.',
    });
  }
  return problems;
}

const listTypes = ['atomic', 'set', 'map'];
const mapTypes = ['atomic', 'granular'];

/**
 * ValidateCustomResourceDefinitionOpenAPISchema on x-kubernetes-preserve-unknown-fields,
 * x-kubernetes-map-type and x-kubernetes-list-type: their values, the type they need, and a
 * set's items being atomic (requireAtomicSetType).
 */
function extensionProblems(schema: JsonObject, path: readonly PathSegment[]): CrdProblem[] {
  const problems: CrdProblem[] = [];
  const type = stringOf(schema.type) ?? '';
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) {
    problems.push({
      path: [...path, 'x-kubernetes-preserve-unknown-fields'],
      at: 'value',
      message: 'x-kubernetes-preserve-unknown-fields must be true or left out.',
    });
  }
  const needsType = (extension: string, needed: string): void => {
    if (type !== '' && !openApiTypes.includes(type)) {
      return; // An unsupported type is reported as such (standardProblems).
    }
    problems.push({
      path: type === '' ? [...path, extension] : [...path, 'type'],
      at: type === '' ? 'key' : 'value',
      message: `The type must be ${needed} when ${extension} is set.`,
    });
  };
  const mapType = stringOf(schema['x-kubernetes-map-type']);
  if (mapType !== undefined) {
    if (type !== 'object') {
      needsType('x-kubernetes-map-type', 'object');
    }
    if (!mapTypes.includes(mapType)) {
      problems.push({
        path: [...path, 'x-kubernetes-map-type'],
        at: 'value',
        message: `x-kubernetes-map-type "${mapType}" is not supported: use ${quotedChoices(mapTypes)}.`,
      });
    }
  }
  const listType = stringOf(schema['x-kubernetes-list-type']);
  if (listType !== undefined) {
    const items = objectOf(schema.items);
    if (type !== 'array') {
      needsType('x-kubernetes-list-type', 'array');
    } else if (listType === 'set' && items) {
      const itemsType = stringOf(items.type);
      const itemsListType = stringOf(items['x-kubernetes-list-type']);
      if (itemsType === 'array' && itemsListType !== undefined && itemsListType !== 'atomic') {
        problems.push({
          path: [...path, 'items', 'x-kubernetes-list-type'],
          at: 'value',
          message: 'The items of a list with x-kubernetes-list-type: set must be atomic.',
        });
      } else if (itemsType === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
        problems.push({
          path:
            items['x-kubernetes-map-type'] === undefined
              ? [...path, 'items']
              : [...path, 'items', 'x-kubernetes-map-type'],
          at: items['x-kubernetes-map-type'] === undefined ? 'key' : 'value',
          message:
            'The object items of a list with x-kubernetes-list-type: set must have x-kubernetes-map-type: atomic.',
        });
      }
    }
    if (!listTypes.includes(listType)) {
      problems.push({
        path: [...path, 'x-kubernetes-list-type'],
        at: 'value',
        message: `x-kubernetes-list-type "${listType}" is not supported: use ${quotedChoices(listTypes)}.`,
      });
    }
  }
  return problems;
}

/**
 * ValidateCustomResourceDefinitionOpenAPISchema on x-kubernetes-list-map-keys and a map list's
 * items, and validateMapListKeysMapSet (requireMapListKeysMapSetValidation): the items of a set
 * or map list are not nullable; a map list's keys are scalar properties of its object items,
 * unique, required or defaulted, and not nullable.
 */
function listMapProblems(schema: JsonObject, path: readonly PathSegment[]): CrdProblem[] {
  const problems: CrdProblem[] = [];
  const listType = stringOf(schema['x-kubernetes-list-type']);
  const keys = Array.isArray(schema['x-kubernetes-list-map-keys'])
    ? schema['x-kubernetes-list-map-keys']
    : [];
  const keysPath = [...path, 'x-kubernetes-list-map-keys'];
  // An unsupported list type is reported as such (extensionProblems).
  if (keys.length > 0 && listType !== 'map' && (listType === undefined || listTypes.includes(listType))) {
    problems.push(
      listType === undefined
        ? {
            path: keysPath,
            at: 'key',
            message: 'x-kubernetes-list-map-keys needs x-kubernetes-list-type: map.',
          }
        : {
            path: [...path, 'x-kubernetes-list-type'],
            at: 'value',
            message: 'x-kubernetes-list-type must be map when x-kubernetes-list-map-keys is set.',
          },
    );
  }
  const items = objectOf(schema.items);
  if ((listType === 'set' || listType === 'map') && items?.nullable === true) {
    problems.push({
      path: [...path, 'items', 'nullable'],
      at: 'value',
      message: `The items of a list with x-kubernetes-list-type: ${listType} cannot be nullable.`,
    });
  }
  if (listType !== 'map') {
    return problems;
  }
  const listTypePath = [...path, 'x-kubernetes-list-type'];
  if (keys.length === 0) {
    problems.push({
      path: listTypePath,
      at: 'value',
      message: 'x-kubernetes-list-type: map needs x-kubernetes-list-map-keys.',
      absence: true,
    });
  }
  if (schema.items === undefined || schema.items === null) {
    problems.push({
      path: listTypePath,
      at: 'value',
      message: 'x-kubernetes-list-type: map needs an items schema.',
      absence: true,
    });
  }
  if (!items) {
    return problems;
  }
  const itemsType = stringOf(items.type) ?? '';
  if (itemsType !== 'object') {
    problems.push({
      path: itemsType === '' ? [...path, 'items'] : [...path, 'items', 'type'],
      at: itemsType === '' ? 'key' : 'value',
      message: 'The items of a list with x-kubernetes-list-type: map must be of type object.',
    });
    return problems;
  }
  const properties = objectOf(items.properties) ?? {};
  const required = new Set(Array.isArray(items.required) ? items.required : []);
  const seen = new Set<unknown>();
  keys.forEach((key: unknown, index) => {
    if (typeof key !== 'string') {
      return;
    }
    if (seen.has(key)) {
      // Its other problems were reported at its first mention.
      problems.push({
        path: [...keysPath, index],
        at: 'value',
        message: `Map key "${key}" is listed twice.`,
      });
      return;
    }
    seen.add(key);
    const property = objectOf(properties[key]);
    const propertyPath = [...path, 'items', 'properties', key];
    if (!property) {
      problems.push({
        path: [...keysPath, index],
        at: 'value',
        message: `Map key "${key}" is not a property of the list's items.`,
      });
    } else {
      const keyType = stringOf(property.type);
      if (keyType === 'array' || keyType === 'object') {
        problems.push({
          path: [...propertyPath, 'type'],
          at: 'value',
          message: `Map key "${key}" must be of a scalar type, not ${keyType}.`,
        });
      }
      if (!required.has(key) && (property.default === undefined || property.default === null)) {
        problems.push({
          path: propertyPath,
          at: 'key',
          message: `Map key "${key}" must be required in the items or have a default.`,
        });
      }
      if (property.nullable === true) {
        problems.push({
          path: [...propertyPath, 'nullable'],
          at: 'value',
          message: `Map key "${key}" cannot be nullable.`,
        });
      }
    }
  });
  return problems;
}

/**
 * ValidateCustomResourceDefinitionOpenAPISchema on x-kubernetes-validations: a rule is not blank,
 * a message not blank and on one line, a multi-line rule has a message, a messageExpression not
 * blank, the reason one of supportedValidationReason, a fieldPath not blank and on one line.
 */
function validationRuleProblems(schema: JsonObject, path: readonly PathSegment[]): CrdProblem[] {
  const rules = schema['x-kubernetes-validations'];
  if (!Array.isArray(rules)) {
    return [];
  }
  return rules.flatMap((entry: unknown, index): CrdProblem[] => {
    const rule = objectOf(entry);
    if (!rule) {
      return [];
    }
    const rulePath = [...path, 'x-kubernetes-validations', index];
    const problems: CrdProblem[] = [];
    const text = stringOf(rule.rule);
    const message = stringOf(rule.message);
    const trimmedMessage = message?.trim() ?? '';
    if (text !== undefined && text.trim() === '') {
      problems.push({
        path: [...rulePath, 'rule'],
        at: 'value',
        message: 'A validation rule must not be blank.',
      });
    } else if (message !== undefined && message !== '' && trimmedMessage === '') {
      problems.push({
        path: [...rulePath, 'message'],
        at: 'value',
        message: 'A validation message must not be blank.',
      });
    } else if (/[\n\r]/.test(trimmedMessage)) {
      problems.push({
        path: [...rulePath, 'message'],
        at: 'value',
        message: 'A validation message must be on one line.',
      });
    } else if (text !== undefined && /[\n\r]/.test(text.trim()) && trimmedMessage === '') {
      problems.push({
        path: rulePath,
        at: 'key',
        message: 'A validation rule on several lines needs a message.',
        absence: true,
      });
    }
    const messageExpression = stringOf(rule.messageExpression);
    if (messageExpression !== undefined && messageExpression !== '' && messageExpression.trim() === '') {
      problems.push({
        path: [...rulePath, 'messageExpression'],
        at: 'value',
        message: 'A validation messageExpression must not be blank.',
      });
    }
    const reason = stringOf(rule.reason);
    if (reason !== undefined && !validationReasons.includes(reason)) {
      problems.push({
        path: [...rulePath, 'reason'],
        at: 'value',
        message: `Validation reason "${reason}" is not supported: use ${quotedChoices(validationReasons)}.`,
      });
    }
    const fieldPath = stringOf(rule.fieldPath);
    if (fieldPath !== undefined && fieldPath !== '' && fieldPath.trim() === '') {
      problems.push({
        path: [...rulePath, 'fieldPath'],
        at: 'value',
        message: 'A validation fieldPath must not be blank.',
      });
    } else if (fieldPath !== undefined && /[\n\r]/.test(fieldPath)) {
      problems.push({
        path: [...rulePath, 'fieldPath'],
        at: 'value',
        message: 'A validation fieldPath must be on one line.',
      });
    }
    return problems;
  });
}
