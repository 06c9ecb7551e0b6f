import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { type Catalog, type SchemaType } from '../../server/src/catalog/catalog';
import { testCatalog } from '../support/catalog';
import { describeWithShared } from '../support/paths';

interface SwaggerSchema {
  type?: string;
  description?: string;
  $ref?: string;
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
  properties?: Record<string, SwaggerSchema>;
  required?: string[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

const workloadKinds = [
  ['', 'v1', 'Pod'],
  ['apps', 'v1', 'Deployment'],
  ['apps', 'v1', 'StatefulSet'],
  ['apps', 'v1', 'DaemonSet'],
  ['apps', 'v1', 'ReplicaSet'],
  ['batch', 'v1', 'Job'],
  ['batch', 'v1', 'CronJob'],
] as const;

/** Descriptions are compared with runs of whitespace collapsed, as the issue allows. */
function normalise(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function refId(ref: string): string {
  return ref.replace('#/definitions/', '');
}

/** The swagger type written in the catalog's notation, for comparison. */
function swaggerTypeExpression(schema: SwaggerSchema): string {
  if (schema.$ref) {
    return `#${refId(schema.$ref)}`;
  }
  if (schema.type === 'array' && schema.items) {
    return `[]${swaggerTypeExpression(schema.items)}`;
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    return `map[string]${swaggerTypeExpression(schema.additionalProperties)}`;
  }
  return schema.type ?? 'any';
}

function typeExpression(type: SchemaType): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'ref':
      return `#${type.id}`;
    case 'array':
      return `[]${typeExpression(type.items)}`;
    case 'map':
      return `map[string]${typeExpression(type.values)}`;
    case 'any':
      return 'any';
    case 'union':
      return type.members.map(typeExpression).join('|');
  }
}

interface Mismatch {
  field: string;
  problem: string;
}

function compareReachable(
  catalog: Catalog,
  definitions: Record<string, SwaggerSchema>,
  rootId: string,
  seen: Set<string>,
  mismatches: Mismatch[],
): number {
  let fields = 0;
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) {
      continue;
    }
    seen.add(id);
    const swagger = definitions[id]!;
    const ours = catalog.getDefinition(id);
    for (const [name, property] of Object.entries(swagger.properties ?? {})) {
      fields++;
      const where = `${id}.${name}`;
      const field = ours?.properties?.[name];
      if (!field) {
        mismatches.push({ field: where, problem: 'missing from the catalog' });
        continue;
      }
      if (normalise(field.description) !== normalise(property.description)) {
        mismatches.push({
          field: where,
          problem: `description differs:\n  spec:    ${normalise(property.description)}\n  catalog: ${normalise(field.description)}`,
        });
      }
      const requiredInSpec = (swagger.required ?? []).includes(name);
      const requiredInCatalog = (ours.required ?? []).includes(name);
      if (requiredInSpec !== requiredInCatalog) {
        mismatches.push({
          field: where,
          problem: `required is ${requiredInCatalog}, spec says ${requiredInSpec}`,
        });
      }
      const expectedType = swaggerTypeExpression(property);
      const actualType = typeExpression(catalog.parseType(field.type));
      if (expectedType !== actualType) {
        mismatches.push({ field: where, problem: `type is ${actualType}, spec says ${expectedType}` });
      }
      for (let schema: SwaggerSchema | undefined = property; schema; ) {
        if (schema.$ref) {
          queue.push(refId(schema.$ref));
          break;
        }
        schema =
          schema.items ??
          (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      }
    }
  }
  return fields;
}

/**
 * The same checks for every minor with an official document: 1.36 on the catalog as the
 * features load it, 1.30 and 1.35 on the catalog's view of that minor (`atMinor`).
 */
function fidelitySuite(
  minor: number,
  catalogOf: () => Catalog,
  /** The fewest fields the two walks must compare (1.30 has fewer than 1.36): below, the walk broke. */
  minimum: { reachable: number; shared: number },
): void {
  describeWithShared(
    `catalog fidelity to the Kubernetes 1.${minor} OpenAPI spec`,
    `k8s-openapi/v1.${minor}/swagger.json`,
    (file) => {
      const definitions = (
        JSON.parse(fs.readFileSync(file, 'utf8')) as { definitions: Record<string, SwaggerSchema> }
      ).definitions;
      const catalog = catalogOf();

      it('matches every field reachable from the seven workload kinds: existence, description, required, type', () => {
        const seen = new Set<string>();
        const mismatches: Mismatch[] = [];
        let fields = 0;
        for (const [group, version, kind] of workloadKinds) {
          const rootId = Object.keys(definitions).find((id) =>
            (definitions[id]!['x-kubernetes-group-version-kind'] ?? []).some(
              (gvk) => gvk.group === group && gvk.version === version && gvk.kind === kind,
            ),
          );
          assert.ok(rootId, `${kind} is in the spec`);
          const entry = catalog.getKind(group ? `${group}/${version}` : version, kind);
          assert.equal(entry?.definition, rootId, `${kind} maps to ${rootId}`);
          fields += compareReachable(catalog, definitions, rootId, seen, mismatches);
        }
        assert.deepEqual(mismatches, []);
        // About 820 distinct fields are reachable in 1.36, 763 in 1.30; fewer means the walk broke.
        assert.ok(fields > minimum.reachable, `only ${fields} fields were compared`);
      });

      it('matches every field of every definition the catalog shares with the spec', () => {
        const mismatches: Mismatch[] = [];
        const seen = new Set<string>();
        let fields = 0;
        for (const id of Object.keys(definitions)) {
          if (catalog.getDefinition(id)) {
            fields += compareReachable(catalog, definitions, id, seen, mismatches);
          }
        }
        assert.deepEqual(mismatches, []);
        assert.ok(fields > minimum.shared, `only ${fields} fields were compared`);
      });

      it('has the description of every definition it shares with the spec (Quantity’s included)', () => {
        const differing = Object.keys(definitions).filter(
          (id) =>
            catalog.getDefinition(id) !== undefined &&
            catalog.getDefinition(id)?.description !== definitions[id]!.description,
        );
        assert.deepEqual(differing, []);
        assert.ok(catalog.getDefinition('io.k8s.apimachinery.pkg.api.resource.Quantity')?.description);
      });

      it('knows every kind the spec serves for the workload groups, under the plural kubectl uses', () => {
        const paths = Object.keys(
          (JSON.parse(fs.readFileSync(file, 'utf8')) as { paths: Record<string, unknown> }).paths,
        );
        for (const [group, version, kind] of workloadKinds) {
          const entry = catalog.getKind(group ? `${group}/${version}` : version, kind)!;
          const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
          assert.ok(
            paths.includes(`${prefix}/namespaces/{namespace}/${entry.resource}`),
            `${kind} is served as ${entry.resource}`,
          );
        }
      });
    },
  );
}

fidelitySuite(36, () => testCatalog(), { reachable: 800, shared: 2400 });
fidelitySuite(35, () => testCatalog().atMinor(35), { reachable: 800, shared: 2400 });
fidelitySuite(30, () => testCatalog().atMinor(30), { reachable: 750, shared: 2200 });
