/**
 * Following a YAML path through the catalog: what is expected at `spec.containers.0.ports`.
 */
import {
  type Catalog,
  type DefinitionData,
  type FieldInfo,
  type KindData,
  type SchemaType,
  fieldOf,
} from '../catalog/catalog';
import type { PathSegment } from '../common/paths';

/** A type with references to non-object definitions (IntOrString, Quantity, …) looked through. */
export type ResolvedType =
  | { kind: 'object'; id: string; definition: DefinitionData }
  | { kind: 'scalar'; name: 'string' | 'integer' | 'number' | 'boolean' }
  | { kind: 'array'; items: SchemaType }
  | { kind: 'map'; values: SchemaType }
  | { kind: 'union'; members: readonly SchemaType[]; id?: string }
  | { kind: 'any' };

export function resolveType(catalog: Catalog, type: SchemaType): ResolvedType {
  if (type.kind !== 'ref') {
    return type;
  }
  const definition = catalog.getDefinition(type.id);
  if (!definition) {
    return { kind: 'any' };
  }
  if (definition.properties) {
    return { kind: 'object', id: type.id, definition };
  }
  const aliased = resolveType(catalog, catalog.parseType(definition.type ?? 'any'));
  return aliased.kind === 'union' ? { ...aliased, id: type.id } : aliased;
}

/** What the schema says about one place in a document. */
export interface SchemaLocation {
  type: SchemaType;
  /** The field whose value this is (the last field on the path; array items inherit it). */
  field?: FieldInfo;
  /** The field names on the path, without list indexes (for `pod.spec.containers` style paths). */
  fieldPath: string[];
}

/**
 * Follows a path from a kind's root. Returns undefined where the schema does not know the
 * path (an unknown field, or an index into something that is not a list). Inside free-form
 * values (`any`) every path is allowed and stays `any`.
 */
export function resolveSchemaPath(
  catalog: Catalog,
  kind: KindData,
  path: readonly PathSegment[],
): SchemaLocation | undefined {
  let location: SchemaLocation = { type: { kind: 'ref', id: kind.definition }, fieldPath: [] };
  for (const segment of path) {
    const resolved = resolveType(catalog, location.type);
    if (resolved.kind === 'any') {
      return { type: { kind: 'any' }, fieldPath: location.fieldPath };
    }
    if (typeof segment === 'number') {
      if (resolved.kind !== 'array') {
        return undefined;
      }
      location = { ...location, type: resolved.items };
    } else if (resolved.kind === 'object') {
      const field = fieldOf(catalog, resolved.id, segment);
      if (!field) {
        return undefined;
      }
      location = { type: field.type, field, fieldPath: [...location.fieldPath, segment] };
    } else if (resolved.kind === 'map') {
      location = { type: resolved.values, fieldPath: location.fieldPath };
    } else {
      return undefined;
    }
  }
  return location;
}
