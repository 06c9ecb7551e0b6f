import * as fs from 'node:fs';
import type {
  CatalogData,
  CatalogMinors,
  DefinitionData,
  DescriptionVariant,
  FieldData,
  KindData,
  MinorSpan,
  TypeExpression,
} from './catalogData';

export type {
  CatalogData,
  CatalogMinors,
  DefinitionData,
  FieldData,
  FieldValidation,
  KindData,
  MinorSpan,
} from './catalogData';

/** A parsed {@link TypeExpression}. */
export type SchemaType =
  | { readonly kind: 'scalar'; readonly name: 'string' | 'integer' | 'number' | 'boolean' }
  | { readonly kind: 'any' }
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'array'; readonly items: SchemaType }
  | { readonly kind: 'map'; readonly values: SchemaType }
  | { readonly kind: 'union'; readonly members: readonly SchemaType[] };

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

/**
 * The Kubernetes field catalog: every built-in kind and every definition it leads to.
 * Loaded once; indexes are built lazily on first use.
 */
export class Catalog {
  private readonly parsedTypes = new Map<TypeExpression, SchemaType>();
  private kindIndex: Map<string, KindData[]> | undefined;

  /** For a catalog of one minor ({@link Catalog.atMinor}): the definitions projected so far. */
  private readonly projected = new Map<string, DefinitionData | undefined>();
  private minorKinds: readonly KindData[] | undefined;

  private constructor(
    private readonly data: CatalogData,
    /** Definitions laid over the data's (a custom resource's, see {@link Catalog.extend}). */
    private readonly overlay?: Readonly<Record<string, DefinitionData>>,
    /**
     * The Kubernetes minor this catalog answers for (see {@link Catalog.atMinor}); undefined for
     * the catalog of every covered minor, whose entries carry their spans.
     */
    readonly minor?: number,
  ) {}

  /**
   * The catalog as one Kubernetes minor has it (`36` for 1.36): only the kinds it serves, the
   * fields and enum values it has, its required fields and descriptions. Entries keep their
   * spans, so a feature can say "since 1.33". A minor outside the covered range is clamped to it.
   * Custom resource definitions laid over (`extend`) are the same in every minor.
   */
  atMinor(minor: number): Catalog {
    const { oldest, newest } = this.minors;
    const clamped = Math.min(Math.max(minor, oldest), newest);
    if (clamped === this.minor) {
      return this;
    }
    return new Catalog(this.data, this.overlay, clamped);
  }

  /** The minors the data covers (a single-version catalog covers 1.36 only). */
  get minors(): CatalogMinors {
    return this.data.minors ?? { oldest: defaultMinor, newest: defaultMinor, sources: {} };
  }

  /**
   * The catalog with more definitions (a custom resource type's schema as definitions): the
   * built-in ones are shared, not copied, so a custom resource costs only its own.
   */
  static extend(
    base: Catalog,
    definitions: Readonly<Record<string, DefinitionData>>,
    /** Kinds served besides the built-in ones (custom resources, for `explain`). */
    kinds: readonly KindData[] = [],
  ): Catalog {
    const data = kinds.length > 0 ? { ...base.data, kinds: [...base.data.kinds, ...kinds] } : base.data;
    return new Catalog(data, { ...base.overlay, ...definitions }, base.minor);
  }

  static fromData(data: unknown): Catalog {
    const candidate = data as Partial<CatalogData> | null;
    if (
      !candidate ||
      candidate.formatVersion !== 1 ||
      !Array.isArray(candidate.kinds) ||
      typeof candidate.definitions !== 'object' ||
      candidate.definitions === null
    ) {
      throw new CatalogError('The catalog has an unknown format; rebuild Podscope (npm run build).');
    }
    return new Catalog(candidate as CatalogData);
  }

  /** Reads and parses a catalog file. Throws {@link CatalogError} with a readable reason. */
  static load(file: string): Catalog {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new CatalogError(`Cannot read the Kubernetes catalog ${file}: ${(error as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CatalogError(`The Kubernetes catalog ${file} is corrupted: ${(error as Error).message}`);
    }
    return Catalog.fromData(data);
  }

  /** Where the data comes from, e.g. `kubernetes-models@5.1.0`. */
  get source(): string {
    return this.data.source;
  }

  get kinds(): readonly KindData[] {
    const minor = this.minor;
    if (minor === undefined) {
      return this.data.kinds;
    }
    this.minorKinds ??= this.data.kinds.filter((entry) => inMinor(entry.minors, minor));
    return this.minorKinds;
  }

  getDefinition(id: string): DefinitionData | undefined {
    if (this.overlay && Object.prototype.hasOwnProperty.call(this.overlay, id)) {
      return this.overlay[id];
    }
    if (id === customResourceDefinitionId) {
      this.customResource ??= customResourceDefinition(this);
      return this.customResource;
    }
    const definition = Object.prototype.hasOwnProperty.call(this.data.definitions, id)
      ? this.data.definitions[id]
      : undefined;
    const minor = this.minor;
    if (minor === undefined || !definition) {
      return definition;
    }
    if (!this.projected.has(id)) {
      this.projected.set(id, projectDefinition(definition, minor));
    }
    return this.projected.get(id);
  }

  private customResource: DefinitionData | undefined;

  /**
   * The kind of a document: a built-in kind, or, for any other apiVersion and kind, a custom
   * resource whose metadata is known (its spec comes from a CRD Podscope does not have).
   */
  resolveKind(apiVersion: string | undefined, kind: string | undefined): KindData | undefined {
    if (!apiVersion || !kind) {
      return undefined;
    }
    const builtin = this.getKind(apiVersion, kind);
    if (builtin) {
      return builtin;
    }
    const slash = apiVersion.indexOf('/');
    return {
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      version: apiVersion.slice(slash + 1),
      kind,
      definition: customResourceDefinitionId,
      resource: kind.toLowerCase(),
    };
  }

  /** Every API version that defines a kind of this name, preferred first. */
  findKinds(kind: string): readonly KindData[] {
    return this.getKindIndex().get(kind) ?? [];
  }

  /** The kind with exactly this apiVersion (`v1`, `apps/v1`) and kind name. */
  getKind(apiVersion: string, kind: string): KindData | undefined {
    return this.findKinds(kind).find((entry) => apiVersionOf(entry) === apiVersion);
  }

  /** Whether any kind is served under this API group (empty for the core group). */
  hasGroup(group: string): boolean {
    return this.kinds.some((entry) => entry.group === group);
  }

  parseType(expression: TypeExpression): SchemaType {
    let parsed = this.parsedTypes.get(expression);
    if (!parsed) {
      parsed = parseTypeExpression(expression);
      this.parsedTypes.set(expression, parsed);
    }
    return parsed;
  }

  /** The object definition a type leads to, looking through arrays and maps. */
  objectDefinitionOf(type: SchemaType): { id: string; definition: DefinitionData } | undefined {
    const target = elementType(type);
    if (target.kind !== 'ref') {
      return undefined;
    }
    const definition = this.getDefinition(target.id);
    return definition?.properties ? { id: target.id, definition } : undefined;
  }

  /**
   * Resolves a resource name the way kubectl does: `pods`, `pod`, `po`, `Pod`, `deploy`,
   * `deployments.apps`. Removed API versions are only chosen when nothing else matches.
   */
  resolveResource(name: string, group?: string): KindData[] {
    const lower = name.toLowerCase();
    return this.kinds
      .filter(
        (entry) =>
          (group === undefined || entry.group === group) &&
          (entry.resource === lower ||
            entry.kind.toLowerCase() === lower ||
            (entry.shortNames ?? []).includes(lower)),
      )
      .sort(compareKindPreference);
  }

  private getKindIndex(): Map<string, KindData[]> {
    if (!this.kindIndex) {
      this.kindIndex = new Map();
      for (const entry of this.kinds) {
        const list = this.kindIndex.get(entry.kind) ?? [];
        list.push(entry);
        this.kindIndex.set(entry.kind, list);
      }
      for (const list of this.kindIndex.values()) {
        list.sort(compareKindPreference);
      }
    }
    return this.kindIndex;
  }
}

/** The minor of a catalog without spans, and the default target: Kubernetes 1.36. */
export const defaultMinor = 36;

/** Whether an entry with this span (absent: every minor) exists in the minor. */
export function inMinor(span: MinorSpan | undefined, minor: number): boolean {
  return !span || (span[0] <= minor && minor <= span[1]);
}

/** `1.33`, for messages. */
export function minorName(minor: number): string {
  return `1.${minor}`;
}

function descriptionAt(
  description: string | undefined,
  variants: readonly DescriptionVariant[] | undefined,
  minor: number,
): string | undefined {
  return variants?.find((variant) => inMinor(variant.minors, minor))?.text ?? description;
}

/** A definition as one minor has it: its fields, enum values, required fields, descriptions. */
function projectDefinition(definition: DefinitionData, minor: number): DefinitionData | undefined {
  if (!inMinor(definition.minors, minor)) {
    return undefined;
  }
  const projected: DefinitionData = { ...definition };
  const description = descriptionAt(definition.description, definition.descriptions, minor);
  if (!description) {
    delete projected.description;
  } else {
    projected.description = description;
  }
  if (definition.properties) {
    const properties: Record<string, FieldData> = {};
    for (const [name, field] of Object.entries(definition.properties)) {
      if (inMinor(field.minors, minor)) {
        properties[name] = projectField(field, minor);
      }
    }
    projected.properties = properties;
  }
  const requiredMinors = definition.requiredMinors;
  if (requiredMinors) {
    const required = (definition.required ?? []).filter(
      (name) => !Object.prototype.hasOwnProperty.call(requiredMinors, name),
    );
    for (const [name, span] of Object.entries(requiredMinors)) {
      if (inMinor(span, minor)) {
        required.push(name);
      }
    }
    // As the minor's own document has it: no `required` when nothing is.
    if (required.length > 0) {
      projected.required = required.sort();
    } else {
      delete projected.required;
    }
  }
  return projected;
}

function projectField(field: FieldData, minor: number): FieldData {
  const enumMinors = field.enumMinors;
  const description = descriptionAt(field.description, field.descriptions, minor);
  if (!enumMinors && description === field.description) {
    return field;
  }
  const projected: FieldData = { ...field };
  if (!description) {
    delete projected.description;
  } else {
    projected.description = description;
  }
  if (enumMinors && field.enum) {
    const keep = field.enum.map(
      (value) =>
        !Object.prototype.hasOwnProperty.call(enumMinors, value) || inMinor(enumMinors[value], minor),
    );
    projected.enum = field.enum.filter((_, index) => keep[index]);
    if (field.enumDescriptions) {
      projected.enumDescriptions = field.enumDescriptions.filter((_, index) => keep[index]);
    }
    if (field.enumParagraph) {
      // The "Possible enum values" paragraph lists one value a line (` - `"Gt"` …`): the
      // minor's paragraph has the lines of its values only.
      projected.enumParagraph = field.enumParagraph
        .split('\n')
        .filter((line) => {
          const value = /^ - `"([^`]*)"`/.exec(line)?.[1];
          return value === undefined || projected.enum!.includes(value);
        })
        .join('\n');
    }
  }
  return projected;
}

/** The definition id of any custom resource (see Catalog.resolveKind). */
export const customResourceDefinitionId = 'podscope.CustomResource';

const objectMetaId = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function customResourceDefinition(catalog: Catalog): DefinitionData {
  // TypeMeta and ObjectMeta are the same for every object: borrow their documentation.
  const pod = catalog.getDefinition('io.k8s.api.core.v1.Pod')?.properties ?? {};
  const properties: Record<string, FieldData> = {};
  for (const name of ['apiVersion', 'kind', 'metadata']) {
    properties[name] = pod[name] ?? { type: name === 'metadata' ? `#${objectMetaId}` : 'string' };
  }
  return {
    description:
      'A custom resource. Its fields beyond apiVersion, kind and metadata are defined by its CustomResourceDefinition.',
    properties,
  };
}

export function apiVersionOf(kind: Pick<KindData, 'group' | 'version'>): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** Looks through arrays and maps to the type of their elements. */
export function elementType(type: SchemaType): SchemaType {
  let current = type;
  while (current.kind === 'array' || current.kind === 'map') {
    current = current.kind === 'array' ? current.items : current.values;
  }
  return current;
}

/** The last segment of a definition id: `io.k8s.api.core.v1.PodSpec` → `PodSpec`. */
export function shortDefinitionName(id: string): string {
  return id.slice(id.lastIndexOf('.') + 1);
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
export function compareVersionPriority(a: string, b: string): number {
  const rank = (version: string): [number, number, number] => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) {
      return [3, 0, 0];
    }
    const stability = match[2] === 'alpha' ? 2 : match[2] === 'beta' ? 1 : 0;
    return [stability, -Number(match[1]), -Number(match[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (a < b ? -1 : a > b ? 1 : 0);
}

function compareKindPreference(a: KindData, b: KindData): number {
  return (
    Number(a.deprecated === true) - Number(b.deprecated === true) ||
    // The core group first, as in discovery; then groups in name order.
    (a.group === b.group ? 0 : a.group === '' ? -1 : b.group === '' ? 1 : a.group < b.group ? -1 : 1) ||
    compareVersionPriority(a.version, b.version)
  );
}

function parseTypeExpression(expression: TypeExpression): SchemaType {
  if (expression.startsWith('[]')) {
    return { kind: 'array', items: parseTypeExpression(expression.slice(2)) };
  }
  if (expression.startsWith('map[string]')) {
    return { kind: 'map', values: parseTypeExpression(expression.slice('map[string]'.length)) };
  }
  if (expression.startsWith('#')) {
    return { kind: 'ref', id: expression.slice(1) };
  }
  if (expression.includes('|')) {
    return { kind: 'union', members: expression.split('|').map(parseTypeExpression) };
  }
  switch (expression) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: 'scalar', name: expression };
    case 'any':
      return { kind: 'any' };
  }
  throw new CatalogError(`Unknown type expression ${expression}`);
}

/** A field together with where it was found, as the services need it. */
export interface FieldInfo {
  readonly name: string;
  readonly field: FieldData;
  readonly type: SchemaType;
  /** The definition that declares the field. */
  readonly ownerId: string;
  readonly required: boolean;
}

/** The fields of an object definition, with their parsed types. */
export function fieldsOf(catalog: Catalog, definitionId: string): FieldInfo[] {
  const definition = catalog.getDefinition(definitionId);
  if (!definition?.properties) {
    return [];
  }
  const required = new Set(definition.required ?? []);
  return Object.entries(definition.properties).map(([name, field]) => ({
    name,
    field,
    type: catalog.parseType(field.type),
    ownerId: definitionId,
    required: required.has(name),
  }));
}

/** One field of an object definition, if it exists. */
export function fieldOf(catalog: Catalog, definitionId: string, name: string): FieldInfo | undefined {
  const definition = catalog.getDefinition(definitionId);
  const properties = definition?.properties;
  if (!properties || !Object.prototype.hasOwnProperty.call(properties, name)) {
    return undefined;
  }
  const field = properties[name]!;
  return {
    name,
    field,
    type: catalog.parseType(field.type),
    ownerId: definitionId,
    required: (definition.required ?? []).includes(name),
  };
}
