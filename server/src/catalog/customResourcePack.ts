/**
 * The bundled pack of popular projects' custom resource schemas (see `customResourcePackData.ts`),
 * as `CustomResourceSchemas` for the projects a setting selects.
 *
 * Pure over the host's `read(file)`: the server and the CLI read `dist/customResources/`, tests
 * give the files they like. The index is read on first use; a project's schema file only when a
 * type of that project is asked for its schema; each type's schema is put together once.
 */
import { gunzipSync } from 'node:zlib';
import type { CustomResourceSchemas, CustomResourceType } from '../common/customResources';
import { isJsonObject, type JsonObject } from '../common/guards';

type JsonValue = unknown;
import { noCustomResources } from '../common/customResources';
import type { BundledCustomResources } from '../common/settings';
import {
  customResourcePackIndexFile,
  type CustomResourcePackIndex,
  type CustomResourcePackProject,
} from './customResourcePackData';

/** Reads a file of the pack by its name; throws (or returns undefined) when it cannot. */
export type PackFileReader = (file: string) => Uint8Array | undefined;

interface SchemaFile {
  kinds: JsonObject;
  definitions: JsonObject;
  /** Definitions with their `$ref`s put in place, by id. */
  expanded: Map<string, JsonObject>;
}

export class CustomResourcePack {
  private index: CustomResourcePackIndex | null | undefined;
  private readonly files = new Map<string, SchemaFile | null>();
  private readonly selections = new Map<string, CustomResourceSchemas>();
  private allTypes: Map<string, CustomResourceType[]> | undefined;

  constructor(private readonly read: PackFileReader) {}

  /** The projects of the pack, in the index's order (empty when the pack cannot be read). */
  projects(): readonly CustomResourcePackProject[] {
    return this.loadIndex()?.projects ?? [];
  }

  /** The types of the projects a setting selects: all (`true`), none (`false`), or those named. */
  schemasFor(selection: BundledCustomResources): CustomResourceSchemas {
    const key = selection === true ? '*' : selection === false ? '' : [...selection].sort().join('\n');
    let schemas = this.selections.get(key);
    if (!schemas) {
      schemas = this.select(selection);
      this.selections.set(key, schemas);
    }
    return schemas;
  }

  private select(selection: BundledCustomResources): CustomResourceSchemas {
    if (selection === false) {
      return noCustomResources;
    }
    const types = this.types();
    const chosen = selection === true ? [...types.keys()] : selection.filter((project) => types.has(project));
    const list = chosen.flatMap((project) => types.get(project) ?? []);
    if (list.length === 0) {
      return noCustomResources;
    }
    const byKey = new Map<string, CustomResourceType>();
    for (const type of list) {
      byKey.set(`${type.apiVersion}/${type.kind}`, type);
    }
    return {
      find: (apiVersion, kind) => byKey.get(`${apiVersion}/${kind}`),
      list: () => list,
    };
  }

  /** Every type of every project, by project, made once. */
  private types(): Map<string, CustomResourceType[]> {
    if (!this.allTypes) {
      this.allTypes = new Map();
      for (const project of this.projects()) {
        this.allTypes.set(
          project.project,
          project.types.map((entry): CustomResourceType => {
            const apiVersion = `${entry.group}/${entry.version}`;
            const key = `${apiVersion}/${entry.kind}`;
            let schema: JsonObject | null | undefined;
            return {
              group: entry.group,
              version: entry.version,
              apiVersion,
              kind: entry.kind,
              plural: entry.plural,
              singular: entry.singular,
              shortNames: entry.shortNames,
              scope: entry.scope,
              deprecated: entry.deprecated,
              deprecationWarning: undefined,
              source: {
                kind: 'bundled',
                project: project.project,
                projectVersion: project.projectVersion,
                package: project.package,
              },
              schema: () => {
                if (schema === undefined) {
                  schema = this.kindSchema(project.file, key) ?? null;
                }
                return schema ?? undefined;
              },
            };
          }),
        );
      }
    }
    return this.allTypes;
  }

  private loadIndex(): CustomResourcePackIndex | undefined {
    if (this.index === undefined) {
      const value = this.readJson(customResourcePackIndexFile);
      this.index =
        isJsonObject(value) && value.formatVersion === 1 && Array.isArray(value.projects)
          ? (value as unknown as CustomResourcePackIndex)
          : null;
    }
    return this.index ?? undefined;
  }

  private readJson(file: string): JsonValue {
    try {
      const bytes = this.read(file);
      if (!bytes) {
        return undefined;
      }
      const text = Buffer.from(file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      return JSON.parse(text) as JsonValue;
    } catch {
      // A missing or damaged file of the pack leaves its types without schemas; nothing fails.
      return undefined;
    }
  }

  private schemaFile(file: string): SchemaFile | undefined {
    if (!this.files.has(file)) {
      const value = this.readJson(file);
      this.files.set(
        file,
        isJsonObject(value) && isJsonObject(value.kinds) && isJsonObject(value.definitions)
          ? { kinds: value.kinds, definitions: value.definitions, expanded: new Map() }
          : null,
      );
    }
    return this.files.get(file) ?? undefined;
  }

  private kindSchema(file: string, key: string): JsonObject | undefined {
    const own = this.schemaFile(file);
    const root = own?.kinds[key];
    if (!own || !isJsonObject(root)) {
      return undefined;
    }
    const sharedFile = this.loadIndex()?.sharedFile;
    const files = [own];
    const shared = sharedFile ? this.schemaFile(sharedFile) : undefined;
    if (shared) {
      files.push(shared);
    }
    const expanded = this.expand(root, files, []);
    return isJsonObject(expanded) ? expanded : undefined;
  }

  /**
   * A schema with every `{"$ref": id}` replaced by the definition (the reference's own keywords,
   * its description above all, win over the definition's). A reference the files do not hold,
   * or one that would recur, becomes an open object, so a damaged pack never loops or throws.
   */
  private expand(node: JsonValue, files: readonly SchemaFile[], stack: readonly string[]): JsonValue {
    if (Array.isArray(node)) {
      return node.map((item) => this.expand(item, files, stack));
    }
    if (!isJsonObject(node)) {
      return node;
    }
    const result: JsonObject = {};
    const ref = node.$ref;
    if (typeof ref === 'string') {
      Object.assign(result, this.definition(ref, files, stack));
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$ref') {
        result[key] = this.expand(value, files, stack);
      }
    }
    return result;
  }

  private definition(id: string, files: readonly SchemaFile[], stack: readonly string[]): JsonObject {
    const holder = files.find((file) => id in file.definitions);
    const known = holder?.expanded.get(id);
    if (known) {
      return known;
    }
    const raw = holder?.definitions[id];
    if (!holder || !isJsonObject(raw) || stack.includes(id)) {
      return { 'x-kubernetes-preserve-unknown-fields': true };
    }
    const expanded = this.expand(raw, files, [...stack, id]) as JsonObject;
    holder.expanded.set(id, expanded);
    return expanded;
  }
}
