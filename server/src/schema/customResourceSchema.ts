/**
 * A custom resource against its CRD version's `openAPIV3Schema`, as the API server checks it:
 * what pruning would drop is an unknown field (strict field validation, which kubectl asks for by
 * default since 1.27, turns each into `strict decoding error: unknown field "spec.x"`), and the
 * rest is the OpenAPI value validation with the Kubernetes extensions. The result is plain
 * errors with paths; validation/customResourceStage.ts turns them into diagnostics.
 *
 * A direct walk over the data, not ajv: it follows only the parts of the schema that the data
 * uses, so a 833 KB CRD (prometheus-operator's Prometheus) costs what its resource costs, and the
 * Kubernetes semantics (pruning, defaults, nullable, embedded resources, list types) are each one
 * branch here, with its source beside it. A schema is "compiled" lazily (its nodes, their
 * property maps and regular expressions) the first time data reaches it, and kept with the
 * compiled schema (see `compileCustomResourceSchema`).
 *
 * Sources (k8s.io/apiextensions-apiserver):
 * - pkg/apiserver/schema/pruning/algorithm.go, prune and skipPrune: which fields are unknown;
 * - pkg/apiserver/schema/defaulting/prunenulls.go, PruneNonNullableNullsWithoutDefaults, and
 *   defaulting/algorithm.go, Default: nulls and absent fields that never reach validation;
 * - pkg/apiserver/validation/validation.go, ConvertJSONSchemaPropsWithPostProcess and
 *   ValidateCustomResource: the value validation (kube-openapi's validate package);
 * - pkg/apiserver/validation/formats.go, StripUnsupportedFormatsPostProcessorForVersion: the
 *   formats that are checked (others are ignored);
 * - pkg/apiserver/schema/listtype/validation.go, ValidateListSetsAndMaps: list-type set and map;
 * - pkg/apiserver/schema/objectmeta/validation.go, validateEmbeddedResource: embedded objects.
 */
import { type JsonObject, isJsonObject } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { deepEqual } from '../util/deepEqual';

/** One thing the API server would reject, at a path of the resource. */
export type CustomResourceSchemaError =
  /** `field` of the object at `path` is not in the schema (pruning would drop it). */
  | { keyword: 'unknownField'; path: PathSegment[]; field: string; known: readonly string[] }
  /** `field` of the object at `path` is required, absent, and has no default. */
  | { keyword: 'required'; path: PathSegment[]; field: string; schema: JsonObject | undefined }
  /** The value at `path` is not of the schema's type (`expected`: type names joined by `,`). */
  | { keyword: 'type'; path: PathSegment[]; expected: string }
  | { keyword: 'enum'; path: PathSegment[]; allowed: readonly unknown[] }
  /**
   * Any other value validation: `message` is a clause ("must be at most 10"). `absence`: the
   * finding may go away with fields that are not written here (too few items or fields, or
   * alternatives under anyOf/oneOf/not), which a Helm template or a Kustomize base may add.
   */
  | { keyword: 'value'; path: PathSegment[]; message: string; absence?: true }
  /**
   * An ObjectMeta to check against the built-in catalog: the resource's own `metadata`, or an
   * embedded resource's. The schema's say about metadata does not count there.
   */
  | { keyword: 'objectMeta'; path: PathSegment[] };

/** The catalog's ObjectMeta: what a custom resource's `metadata` is checked against. */
export const objectMetaDefinition = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** A schema prepared for checking: nodes are read once, when data first reaches them. */
export interface CompiledCustomResourceSchema {
  readonly root: SchemaNode;
}

export function compileCustomResourceSchema(schema: JsonObject): CompiledCustomResourceSchema {
  return { root: new SchemaNode(schema) };
}

/** The errors of a resource (plain data, as the document's `toJS()`) against a compiled schema. */
export function checkCustomResource(
  compiled: CompiledCustomResourceSchema,
  resource: unknown,
): CustomResourceSchemaError[] {
  const errors: CustomResourceSchemaError[] = [];
  if (!isJsonObject(resource)) {
    return errors;
  }
  const walker = new Walker(errors);
  if (resource.metadata !== undefined) {
    errors.push({ keyword: 'objectMeta', path: ['metadata'] });
    // The schema may restrict metadata's name and generateName, and only those
    // (pkg/apiserver/schema/validation.go, validateStructuralMetadataInvariants); kube-openapi
    // validates them with the rest of the object.
    const metadata = compiled.root.properties.get('metadata');
    if (metadata && isJsonObject(resource.metadata)) {
      for (const field of ['name', 'generateName']) {
        const restriction = metadata.properties.get(field);
        const value = resource.metadata[field];
        if (restriction && typeof value === 'string') {
          walker.check(value, restriction, ['metadata', field], { mode: 'value', skeleton: restriction });
        }
      }
    }
  }
  // The root is an embedded resource for pruning and metadata (PruneWithOptions and
  // objectmeta.Validate with isResourceRoot), but its apiVersion and kind are the type's, checked
  // by the identity step. Validation sees the resource with its defaults in.
  walker.check(withDefaults(resource, compiled.root), compiled.root, [], {
    mode: 'strict',
    skeleton: compiled.root,
    root: true,
  });
  return errors;
}

/**
 * The value with the schema's defaults in, as the API server decodes it before validation
 * (defaulting/algorithm.go, Default): an absent property with a default, or a non-nullable null
 * one, takes the default; so does a null list item whose item schema has one. A copy: the
 * document's data is not changed.
 */
function withDefaults(value: unknown, schema: SchemaNode | undefined): unknown {
  if (!schema) {
    return value;
  }
  if (Array.isArray(value)) {
    const items = schema.items;
    return items
      ? value.map((item: unknown) =>
          withDefaults(
            item === null && !items.nullable && items.hasDefault ? copyOf(items.raw.default) : item,
            items,
          ),
        )
      : value;
  }
  if (!isJsonObject(value)) {
    return value;
  }
  const result: JsonObject = { ...value };
  for (const [key, property] of schema.properties) {
    const written = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
    if (property.hasDefault && (written === undefined || (written === null && !property.nullable))) {
      result[key] = copyOf(property.raw.default);
    }
  }
  const additional = schema.additional instanceof SchemaNode ? schema.additional : undefined;
  for (const key of Object.keys(result)) {
    const child = schema.properties.get(key) ?? additional;
    if (child && key !== '__proto__') {
      const written = result[key];
      result[key] = withDefaults(
        written === null && !child.nullable && child.hasDefault ? copyOf(child.raw.default) : written,
        child,
      );
    }
  }
  return result;
}

function copyOf(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** One node of a JSONSchemaProps, with what the walk needs computed on first use. */
export class SchemaNode {
  private propertyNodes: Map<string, SchemaNode> | undefined;
  private itemsNode: SchemaNode | null | undefined;
  private additionalNode: SchemaNode | boolean | undefined | null;
  private compiledPattern: RegExp | null | undefined;
  private junctorNodes: Partial<Record<'allOf' | 'anyOf' | 'oneOf', SchemaNode[]>> = {};
  private notNode: SchemaNode | null | undefined;

  constructor(readonly raw: JsonObject) {}

  get type(): string | undefined {
    return typeof this.raw.type === 'string' ? this.raw.type : undefined;
  }
  get intOrString(): boolean {
    return this.raw['x-kubernetes-int-or-string'] === true;
  }
  get nullable(): boolean {
    return this.raw.nullable === true;
  }
  get preservesUnknownFields(): boolean {
    return this.raw['x-kubernetes-preserve-unknown-fields'] === true;
  }
  get embeddedResource(): boolean {
    return this.raw['x-kubernetes-embedded-resource'] === true;
  }
  get hasDefault(): boolean {
    return this.raw.default !== undefined;
  }

  get properties(): Map<string, SchemaNode> {
    if (!this.propertyNodes) {
      this.propertyNodes = new Map();
      const properties = this.raw.properties;
      if (isJsonObject(properties)) {
        for (const [name, schema] of Object.entries(properties)) {
          if (isJsonObject(schema)) {
            this.propertyNodes.set(name, new SchemaNode(schema));
          }
        }
      }
    }
    return this.propertyNodes;
  }

  /** `items` (a schema; the tuple form is not structural, so not read). */
  get items(): SchemaNode | undefined {
    if (this.itemsNode === undefined) {
      this.itemsNode = isJsonObject(this.raw.items) ? new SchemaNode(this.raw.items) : null;
    }
    return this.itemsNode ?? undefined;
  }

  /** `additionalProperties`: a schema, `true` (any key, no schema), `false`, or absent. */
  get additional(): SchemaNode | boolean | undefined {
    if (this.additionalNode === undefined) {
      const value = this.raw.additionalProperties;
      this.additionalNode = isJsonObject(value)
        ? new SchemaNode(value)
        : typeof value === 'boolean'
          ? value
          : null;
    }
    return this.additionalNode ?? undefined;
  }

  junctor(name: 'allOf' | 'anyOf' | 'oneOf'): SchemaNode[] {
    let nodes = this.junctorNodes[name];
    if (!nodes) {
      const list = this.raw[name];
      nodes = Array.isArray(list) ? list.filter(isJsonObject).map((schema) => new SchemaNode(schema)) : [];
      this.junctorNodes[name] = nodes;
    }
    return nodes;
  }

  get not(): SchemaNode | undefined {
    if (this.notNode === undefined) {
      this.notNode = isJsonObject(this.raw.not) ? new SchemaNode(this.raw.not) : null;
    }
    return this.notNode ?? undefined;
  }

  /** The pattern as a JavaScript RegExp; undefined when there is none or it cannot be read as RE2 would. */
  get pattern(): RegExp | undefined {
    if (this.compiledPattern === undefined) {
      this.compiledPattern =
        typeof this.raw.pattern === 'string' ? (goRegExp(this.raw.pattern) ?? null) : null;
    }
    return this.compiledPattern ?? undefined;
  }
}

/**
 * A Go (RE2) pattern as a JavaScript RegExp. kube-openapi matches with Go's regexp
 * MatchString, unanchored, like RegExp.test. RE2's `\pL` is written `\p{L}` in JavaScript, and a
 * leading `(?i)` is a flag. A pattern JavaScript cannot read is not checked: quiet rather than
 * wrong.
 */
function goRegExp(pattern: string): RegExp | undefined {
  if (mayBacktrackExponentially(pattern)) {
    return undefined;
  }
  let source = pattern.replace(/\\p([A-Z])/g, '\\p{$1}').replace(/\\P([A-Z])/g, '\\P{$1}');
  let flags = '';
  const inlineFlags = /^\(\?([imsU]+)\)/.exec(source);
  if (inlineFlags) {
    if (/[mU]/.test(inlineFlags[1]!)) {
      return undefined;
    }
    flags = inlineFlags[1]!;
    source = source.slice(inlineFlags[0].length);
  }
  try {
    return new RegExp(source, `${flags}u`);
  } catch {
    try {
      // Without /u, `\p{L}` would be a literal: only patterns without property escapes.
      return /\\[pP]/.test(source) ? undefined : new RegExp(source, flags);
    } catch {
      return undefined;
    }
  }
}

/**
 * Go's RE2 matches in linear time; JavaScript's engine backtracks, and a pattern with a repeated
 * group that can match the same text in several ways (`(a+)+$`, `(a.*)*b`, `(\s*,)*`) can take
 * exponential time on a near-miss. A workspace CRD is the project's own text, so such a pattern
 * must not hang the server: it is not checked (quiet rather than stuck). A repeated group that
 * starts with a literal nothing else in the group can match (`(\.[a-z0-9]+)*`, the form of DNS
 * names and most patterns in CRDs) splits its input one way only, and is checked.
 */
export function mayBacktrackExponentially(pattern: string): boolean {
  const starts: number[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      index++;
    } else if (char === '[') {
      index = classEnd(pattern, index);
    } else if (char === '(') {
      starts.push(index);
    } else if (char === ')') {
      const start = starts.pop();
      if (start === undefined || !unboundedQuantifierAt(pattern, index + 1)) {
        continue;
      }
      const body = pattern
        .slice(start + 1, index)
        .replace(/^\?(?:[:=!]|<[=!]|P?<[A-Za-z_][A-Za-z0-9_]*>)/, '');
      if (hasUnboundedQuantifier(body) && !splitsOneWay(body)) {
        return true;
      }
    }
  }
  return false;
}

/** The index of the `]` that closes the class opened at `open` (a `]` first in the class is a literal). */
function classEnd(pattern: string, open: number): number {
  let index = open + 1;
  if (pattern[index] === '^') {
    index++;
  }
  if (pattern[index] === ']') {
    index++;
  }
  while (index < pattern.length && pattern[index] !== ']') {
    index += pattern[index] === '\\' ? 2 : 1;
  }
  return index;
}

/** `*`, `+`, `{n,}` or `{n,m}` with m above 10 at an index. */
function unboundedQuantifierAt(pattern: string, index: number): boolean {
  const char = pattern[index];
  if (char === '*' || char === '+') {
    return true;
  }
  const counted = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  return counted !== null && counted[2] !== undefined && (counted[3] === '' || Number(counted[3]) > 10);
}

function hasUnboundedQuantifier(body: string): boolean {
  for (let index = 0; index < body.length; index++) {
    if (body[index] === '\\') {
      index++;
    } else if (body[index] === '[') {
      index = classEnd(body, index);
    } else if (unboundedQuantifierAt(body, index)) {
      return true;
    }
  }
  return false;
}

/**
 * The group's body starts with a required literal (a plain character or an escaped
 * punctuation, not optional) that no other part of the body can match, and has no alternation:
 * each repetition then starts at the next occurrence of that literal.
 */
function splitsOneWay(body: string): boolean {
  const literal = /^(?:\\([^A-Za-z0-9])|([^\\[\]().|*+?{}^$]))/.exec(body);
  if (!literal || body.includes('|')) {
    return false;
  }
  const next = body[literal[0].length];
  if (next === '?' || next === '*' || next === '{' || next === '+') {
    return false;
  }
  return !canMatch(body.slice(literal[0].length), (literal[1] ?? literal[2])!);
}

/** Whether some part of a pattern could match the character `c` (erring towards yes). */
function canMatch(pattern: string, c: string): boolean {
  const escapeMatches = (letter: string): boolean => {
    switch (letter) {
      case 'S':
      case 'W':
      case 'D':
      case 'P':
      case 'p':
        return true;
      case 'w':
        return /\w/.test(c);
      case 'd':
        return /\d/.test(c);
      case 's':
        return /\s/.test(c);
      default:
        // An escaped punctuation is itself; any other escape (\x60, \n, \b…) may match it.
        return /[A-Za-z0-9]/.test(letter) || letter === c;
    }
  };
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\') {
      if (escapeMatches(pattern[index + 1] ?? '')) {
        return true;
      }
      index++;
    } else if (char === '[') {
      const end = classEnd(pattern, index);
      const members = pattern.slice(index + 1, end);
      if (members.startsWith('^')) {
        return true;
      }
      for (let at = 0; at < members.length; at++) {
        let member = members[at]!;
        if (member === '\\') {
          at++;
          member = members[at] ?? '';
          if (/[A-Za-z]/.test(member)) {
            if (escapeMatches(member)) {
              return true;
            }
            continue;
          }
        }
        if (members[at + 1] === '-' && at + 2 < members.length) {
          const to = members[at + 2] === '\\' ? (members[at + 3] ?? '') : members[at + 2]!;
          if (member <= c && c <= to) {
            return true;
          }
          at += members[at + 2] === '\\' ? 3 : 2;
        } else if (member === c) {
          return true;
        }
      }
      index = end;
    } else if (char === '.' || char === c) {
      return true;
    }
  }
  return false;
}

interface WalkState {
  /**
   * `strict`: unknown fields are reported (the structural skeleton, which pruning follows);
   * `value`: inside allOf/anyOf/oneOf/not, which only validate values (a structural schema
   * declares no fields there that the skeleton does not).
   */
  readonly mode: 'strict' | 'value';
  /** The skeleton's node at this path: its defaults fill absent fields before validation. */
  readonly skeleton: SchemaNode | undefined;
  /** The resource's root: apiVersion, kind and metadata are not the schema's. */
  readonly root?: boolean;
  /**
   * The list above has `x-kubernetes-preserve-unknown-fields`: its items keep fields the item
   * schema does not name (pruning.skipPrune recurses into items with skipPrune).
   */
  readonly preservedByParent?: boolean;
}

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

class Walker {
  constructor(private readonly errors: CustomResourceSchemaError[]) {}

  check(value: unknown, schema: SchemaNode, path: PathSegment[], state: WalkState): void {
    if (value === null) {
      // A null that reaches validation: a list item (a field's null is handled by its object).
      // kube-openapi's type validator accepts it only for a nullable schema.
      if (!schema.nullable && state.mode === 'strict' && (schema.type || schema.intOrString)) {
        this.errors.push({ keyword: 'type', path, expected: expectedType(schema) });
      }
      return;
    }
    if (!this.checkType(value, schema, path)) {
      return;
    }
    if (Array.isArray(schema.raw.enum) && !schema.raw.enum.some((allowed) => deepEqual(allowed, value))) {
      this.errors.push({ keyword: 'enum', path, allowed: schema.raw.enum });
      return;
    }
    if (typeof value === 'string' || value instanceof Date) {
      this.checkString(value instanceof Date ? value.toISOString() : value, schema, path);
    } else if (typeof value === 'number') {
      this.checkNumber(value, schema, path);
    } else if (Array.isArray(value)) {
      this.checkArray(value, schema, path, state);
    } else if (isJsonObject(value)) {
      this.checkObject(value, schema, path, state);
    }
    this.checkJunctors(value, schema, path, state);
  }

  /** kube-openapi's type validator; int-or-string is `[integer, string]` (ConvertJSONSchemaProps). */
  private checkType(value: unknown, schema: SchemaNode, path: PathSegment[]): boolean {
    const type = schema.type;
    if (!type && !schema.intOrString) {
      return true;
    }
    const valid = schema.intOrString
      ? isInteger(value) || typeof value === 'string' || value instanceof Date
      : matchesType(value, type!);
    if (!valid) {
      this.errors.push({ keyword: 'type', path, expected: expectedType(schema) });
    }
    return valid;
  }

  private checkString(value: string, schema: SchemaNode, path: PathSegment[]): void {
    const { raw } = schema;
    // Lengths count runes (kube-openapi's MaxLength uses utf8.RuneCountInString).
    const length = [...value].length;
    if (typeof raw.maxLength === 'number' && length > raw.maxLength) {
      this.value(path, `must be at most ${raw.maxLength} characters`);
    }
    if (typeof raw.minLength === 'number' && length < raw.minLength) {
      this.value(path, `must be at least ${raw.minLength} character${raw.minLength === 1 ? '' : 's'}`);
    }
    const pattern = schema.pattern;
    if (pattern && !pattern.test(value)) {
      this.value(path, `must match the pattern ${String(raw.pattern)}`);
    }
    if (typeof raw.format === 'string' && (schema.type === undefined || schema.type === 'string')) {
      const valid = formatCheck(raw.format);
      if (valid && !valid(value)) {
        this.value(path, `must be a valid ${raw.format}`);
      }
    }
  }

  private checkNumber(value: number, schema: SchemaNode, path: PathSegment[]): void {
    const { raw } = schema;
    if (typeof raw.maximum === 'number') {
      if (raw.exclusiveMaximum === true ? value >= raw.maximum : value > raw.maximum) {
        this.value(path, `must be ${raw.exclusiveMaximum === true ? 'less than' : 'at most'} ${raw.maximum}`);
      }
    }
    if (typeof raw.minimum === 'number') {
      if (raw.exclusiveMinimum === true ? value <= raw.minimum : value < raw.minimum) {
        this.value(
          path,
          `must be ${raw.exclusiveMinimum === true ? 'greater than' : 'at least'} ${raw.minimum}`,
        );
      }
    }
    if (typeof raw.multipleOf === 'number' && raw.multipleOf > 0) {
      const quotient = value / raw.multipleOf;
      if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
        this.value(path, `must be a multiple of ${raw.multipleOf}`);
      }
    }
  }

  private checkArray(value: unknown[], schema: SchemaNode, path: PathSegment[], state: WalkState): void {
    const { raw } = schema;
    if (typeof raw.maxItems === 'number' && value.length > raw.maxItems) {
      this.value(path, `must have at most ${raw.maxItems} item${raw.maxItems === 1 ? '' : 's'}`);
    }
    if (typeof raw.minItems === 'number' && value.length < raw.minItems) {
      this.value(path, `must have at least ${raw.minItems} item${raw.minItems === 1 ? '' : 's'}`, true);
    }
    const listType = raw['x-kubernetes-list-type'];
    if (raw.uniqueItems === true || listType === 'set') {
      for (const index of duplicateIndexes(value.map((item) => JSON.stringify(item)))) {
        this.value(
          [...path, index],
          `duplicate entry ${JSON.stringify(value[index])}: ${path.length > 0 ? 'the list' : 'it'} holds each value once`,
        );
      }
    } else if (listType === 'map' && state.mode === 'strict') {
      this.checkListMap(value, schema, path);
    }
    const items = schema.items;
    const itemSkeleton = state.skeleton?.items;
    value.forEach((item, index) => {
      const itemPath = [...path, index];
      // A null item with a default is defaulted (defaulting.Default on arrays).
      if (item === null && itemSkeleton?.hasDefault) {
        return;
      }
      if (items) {
        this.check(item, items, itemPath, {
          mode: state.mode,
          skeleton: itemSkeleton,
          preservedByParent: schema.preservesUnknownFields || state.preservedByParent === true,
        });
      } else if (state.mode === 'strict' && !schema.preservesUnknownFields && !state.preservedByParent) {
        // No item schema: pruning drops every field of an object item (prune with a nil schema).
        this.allUnknown(item, itemPath);
      }
    });
  }

  /**
   * x-kubernetes-list-type: map: each item is an object, and no two have the same values of the
   * list-map keys (listtype/validation.go, validateListMap; a missing key counts as unspecified,
   * and defaulting has filled the keys that have defaults). The second of two is reported.
   */
  private checkListMap(value: unknown[], schema: SchemaNode, path: PathSegment[]): void {
    const keys = Array.isArray(schema.raw['x-kubernetes-list-map-keys'])
      ? schema.raw['x-kubernetes-list-map-keys'].filter((key): key is string => typeof key === 'string')
      : [];
    const notObject = value.findIndex((item) => item !== null && !isJsonObject(item));
    if (notObject >= 0) {
      this.value([...path, notObject], 'must be an object for an array of list-type map');
      return;
    }
    if (keys.length === 0) {
      return;
    }
    const itemProperties = schema.items?.properties;
    const identities = value.map((item) => {
      const object = isJsonObject(item) ? item : {};
      const identity: Record<string, unknown> = {};
      for (const key of keys) {
        const written = object[key];
        const fallback = itemProperties?.get(key)?.raw.default;
        if (written !== undefined) {
          identity[key] = written;
        } else if (fallback !== undefined) {
          identity[key] = fallback;
        }
      }
      return identity;
    });
    for (const index of duplicateIndexes(identities.map((identity) => JSON.stringify(identity)))) {
      const described = Object.entries(identities[index]!)
        .map(([key, keyValue]) => `${key}=${JSON.stringify(keyValue)}`)
        .join(', ');
      this.value(
        [...path, index],
        `duplicate entry ${described === '' ? 'without ' + keys.join(', ') : 'with ' + described}: the list is a map keyed by ${keys.join(', ')}`,
      );
    }
  }

  private checkObject(value: JsonObject, schema: SchemaNode, path: PathSegment[], state: WalkState): void {
    const { raw } = schema;
    const count = Object.keys(value).length;
    if (typeof raw.maxProperties === 'number' && count > raw.maxProperties) {
      this.value(path, `must have at most ${raw.maxProperties} field${raw.maxProperties === 1 ? '' : 's'}`);
    }
    if (typeof raw.minProperties === 'number' && count < raw.minProperties) {
      this.value(
        path,
        `must have at least ${raw.minProperties} field${raw.minProperties === 1 ? '' : 's'}`,
        true,
      );
    }
    const embedded = state.mode === 'strict' && !state.root && schema.embeddedResource;
    if (embedded) {
      this.checkEmbeddedResource(value, path);
    }
    const skeleton = state.skeleton;
    if (Array.isArray(raw.required)) {
      for (const field of raw.required) {
        if (typeof field !== 'string' || (state.root && field !== 'metadata' && metaFields.has(field))) {
          continue;
        }
        const present = value[field];
        const fieldSchema = skeleton?.properties.get(field);
        // Defaulting fills an absent field (and a non-nullable null) before validation.
        const defaulted = fieldSchema?.hasDefault === true;
        const pruned = present === null && fieldSchema !== undefined && !fieldSchema.nullable;
        if ((present === undefined || pruned) && !defaulted) {
          this.errors.push({ keyword: 'required', path, field, schema: fieldSchema?.raw });
        }
      }
    }
    const preserves = schema.preservesUnknownFields || state.preservedByParent === true;
    const skipsMeta = state.root === true || schema.embeddedResource;
    const additional = schema.additional;
    for (const [key, child] of Object.entries(value)) {
      if (skipsMeta && metaFields.has(key)) {
        continue;
      }
      const property = schema.properties.get(key);
      const childSchema = property ?? (additional instanceof SchemaNode ? additional : undefined);
      const childSkeleton =
        skeleton?.properties.get(key) ??
        (skeleton?.additional instanceof SchemaNode ? skeleton.additional : undefined);
      const childPath = [...path, key];
      if (childSchema) {
        // A non-nullable null is pruned or defaulted (prunenulls.go, defaulting Default): never checked.
        if (child === null && !childSchema.nullable) {
          continue;
        }
        this.check(child, childSchema, childPath, { mode: state.mode, skeleton: childSkeleton });
      } else if (state.mode === 'value' || preserves) {
        continue;
      } else if (additional === true) {
        // additionalProperties: true without a schema: any key, but pruning follows it with a
        // nil schema, which drops the fields of an object value.
        this.allUnknown(child, childPath);
      } else {
        this.errors.push({ keyword: 'unknownField', path, field: key, known: [...schema.properties.keys()] });
      }
    }
  }

  /** objectmeta/validation.go, validateEmbeddedResource: apiVersion and kind, and metadata as ObjectMeta. */
  private checkEmbeddedResource(value: JsonObject, path: PathSegment[]): void {
    for (const field of ['apiVersion', 'kind']) {
      const written = value[field];
      if (written === undefined) {
        this.errors.push({ keyword: 'required', path, field, schema: { type: 'string' } });
      } else if (typeof written !== 'string') {
        this.errors.push({ keyword: 'type', path: [...path, field], expected: 'string' });
      } else if (written === '') {
        this.value([...path, field], 'must not be empty');
      }
    }
    if (value.metadata !== undefined) {
      this.errors.push({ keyword: 'objectMeta', path: [...path, 'metadata'] });
    }
  }

  /** allOf, anyOf, oneOf and not: value validations only (kube-openapi's schema validator). */
  private checkJunctors(value: unknown, schema: SchemaNode, path: PathSegment[], state: WalkState): void {
    const branchState: WalkState = { mode: 'value', skeleton: state.skeleton ?? schema };
    for (const branch of schema.junctor('allOf')) {
      this.check(value, branch, path, branchState);
    }
    const passes = (branch: SchemaNode): boolean => {
      const scratch: CustomResourceSchemaError[] = [];
      new Walker(scratch).check(value, branch, path, branchState);
      return scratch.length === 0;
    };
    const anyOf = schema.junctor('anyOf');
    if (anyOf.length > 0 && !anyOf.some(passes)) {
      this.value(path, alternativesMessage(anyOf, 'at least one of'), true);
    }
    const oneOf = schema.junctor('oneOf');
    if (oneOf.length > 0 && oneOf.filter(passes).length !== 1) {
      this.value(path, alternativesMessage(oneOf, 'exactly one of'), true);
    }
    const not = schema.not;
    if (not && passes(not)) {
      this.value(path, 'must not match the schema under "not"', true);
    }
  }

  /** Every field of an object (and of the objects in a list) below a path: none is in the schema. */
  private allUnknown(value: unknown, path: PathSegment[]): void {
    if (isJsonObject(value)) {
      for (const key of Object.keys(value)) {
        this.errors.push({ keyword: 'unknownField', path, field: key, known: [] });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => this.allUnknown(item, [...path, index]));
    }
  }

  private value(path: PathSegment[], message: string, absence?: true): void {
    this.errors.push(
      absence ? { keyword: 'value', path, message, absence } : { keyword: 'value', path, message },
    );
  }
}

/**
 * What anyOf/oneOf asks in words: "must set exactly one of a, b" where each alternative only
 * requires fields (the usual form), otherwise the alternatives counted.
 */
function alternativesMessage(branches: readonly SchemaNode[], quantity: string): string {
  const requiredOnly = branches.map((branch) => {
    const keys = Object.keys(branch.raw);
    const required = branch.raw.required;
    return keys.length === 1 &&
      Array.isArray(required) &&
      required.every((field): field is string => typeof field === 'string')
      ? required
      : undefined;
  });
  if (requiredOnly.every((fields) => fields !== undefined && fields.length > 0)) {
    const groups = requiredOnly.map((fields) => fields!.map((field) => `"${field}"`).join(' and '));
    return `must set ${quantity} ${groups.join(', ')}`;
  }
  return `must match ${quantity} the ${branches.length} schemas under "${quantity === 'exactly one of' ? 'oneOf' : 'anyOf'}"`;
}

function expectedType(schema: SchemaNode): string {
  return schema.intOrString ? 'integer,string' : (schema.type ?? 'object');
}

function isInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

/** kube-openapi's type check: an integer is a number without a fraction (1.0 included). */
function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string' || value instanceof Date;
    case 'integer':
      return isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/** The indexes of the second occurrence of each value seen more than once (listtype validateListSet). */
function duplicateIndexes(keys: readonly string[]): number[] {
  const seen = new Map<string, number>();
  const result: number[] = [];
  keys.forEach((key, index) => {
    const times = seen.get(key) ?? 0;
    if (times === 1) {
      result.push(index);
    }
    seen.set(key, times + 1);
  });
  return result;
}

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid3Pattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid4Pattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const uuid5Pattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const ipv4Pattern =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
/** k8s.io/utils/net ParseIPSloppy also takes leading zeros in IPv4 octets. */
const ipv4SloppyPattern = /^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/;
const hostnamePattern =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const macPattern =
  /^(?:[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){7}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){3}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){9})$/;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const hexColorPattern = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const shortNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const longNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const timeOfDayPattern = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
/** Go's time.ParseDuration. */
const goDurationPattern = /^[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const durationUnits = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];

/**
 * The check of a format, for the formats the API server checks (formats.go's supported list, as
 * kube-openapi's strfmt implements them: strfmt/default.go, date.go, time.go, duration.go), with
 * the name normalized as go-openapi does (dashes dropped). Formats not listed here are not
 * checked: the API server ignores unknown ones, and `uri`, `email`, `isbn*`, `creditcard`,
 * `ssn`, `rgbcolor` follow Go libraries (net/url, net/mail, govalidator) too closely to model
 * without false findings, so they are left alone.
 */
function formatCheck(format: string): ((value: string) => boolean) | undefined {
  switch (format.replace(/-/g, '')) {
    case 'uuid':
      return (value) => uuidPattern.test(value);
    case 'uuid3':
      return (value) => uuid3Pattern.test(value);
    case 'uuid4':
      return (value) => uuid4Pattern.test(value);
    case 'uuid5':
      return (value) => uuid5Pattern.test(value);
    case 'ipv4':
      // isIPv4: ParseIPSloppy and a dot.
      return (value) =>
        ipv4SloppyPattern.test(value) && value.split('.').every((octet) => Number(octet) <= 255);
    case 'ipv6':
      return isIpv6;
    case 'cidr':
      return isCidr;
    case 'mac':
      return (value) => macPattern.test(value);
    case 'hostname':
      // strfmt.IsHostname: the pattern, at most 255 characters, labels of at most 63.
      return (value) =>
        hostnamePattern.test(value) &&
        value.length <= 255 &&
        value.split('.').every((part) => part.length <= 63);
    case 'bsonobjectid':
      return (value) => /^[0-9a-fA-F]{24}$/.test(value);
    case 'byte':
      return (value) => base64Pattern.test(value);
    case 'hexcolor':
      return (value) => hexColorPattern.test(value);
    case 'date':
      return isDate;
    case 'datetime':
      return isDateTime;
    case 'duration':
      return isDuration;
    case 'k8sshortname':
      return (value) => value.length <= 63 && shortNamePattern.test(value);
    case 'k8slongname':
      return (value) => value.length <= 253 && longNamePattern.test(value);
    default:
      return undefined;
  }
}

/** time.Parse("2006-01-02"): a real calendar date. */
function isDate(value: string): boolean {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** strfmt.IsDateTime: a date, "t", and a time of day with a zone. */
function isDateTime(value: string): boolean {
  if (value.length < 4) {
    return false;
  }
  const parts = value.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0]!)) {
    return false;
  }
  const match = timeOfDayPattern.exec(parts[1]!);
  return match !== null && match[1]! <= '23' && match[2]! <= '59' && match[3]! <= '59';
}

/** strfmt.ParseDuration: Go's time.ParseDuration, or any `<digits><unit>` in the text. */
function isDuration(value: string): boolean {
  if (goDurationPattern.test(value)) {
    return true;
  }
  for (const match of value.matchAll(/([0-9]+)\s*([A-Za-zµ]+)/g)) {
    const unit = match[2]!.toLowerCase().trim();
    for (const variants of durationUnits) {
      const last = variants.length - 1;
      if (
        variants.some((variant, index) => (index === last && unit.startsWith(variant)) || variant === unit)
      ) {
        return true;
      }
    }
  }
  return false;
}

function isIpv6(value: string): boolean {
  if (!value.includes(':')) {
    return false;
  }
  let text = value;
  // An embedded IPv4 tail counts as two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let groupsFromTail = 0;
  if (tail.includes('.')) {
    if (!ipv4Pattern.test(tail)) {
      return false;
    }
    text = `${text.slice(0, lastColon + 1)}0`;
    groupsFromTail = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) {
    return false;
  }
  const count = all.length + groupsFromTail;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** k8s.io/utils/net ParseCIDRSloppy: an address and a prefix length that fits it. */
function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefix)) {
    return false;
  }
  if (ipv4SloppyPattern.test(address) && address.split('.').every((octet) => Number(octet) <= 255)) {
    return Number(prefix) <= 32;
  }
  return isIpv6(address) && Number(prefix) <= 128;
}
