/**
 * Merges the per-minor sources of the catalog into one catalog with spans (catalogData.ts):
 * each kind, definition, field, enum value, required field and description knows the minors it
 * is in. Pure: the readers (catalogSources.ts, generateCatalog.ts) do the input.
 *
 * Sources differ in strength (docs/notes/kubernetes-versions.md §3 "Pitfall"): a field absent
 * from a weak source (cdk8s has no status types, client-node no `$ref` descriptions) is no
 * evidence that the minor lacks it, and kubernetes-models merges older specs into each release,
 * so its definitions of removed APIs are no evidence that the minor serves them. Presence is
 * therefore three-valued (present, absent, unknown) and a span runs from the first minor with
 * the entry to the last, widened over unknown minors up to a minor known to lack it: spans are
 * contiguous and lean to "exists" where the sources are silent (a false error costs more than a
 * missed one).
 */
import type {
  CatalogData,
  DefinitionData,
  DescriptionVariant,
  FieldData,
  KindData,
  MinorSpan,
} from '../src/catalog/catalogData';
import type { FullSnapshot, WeakSnapshot } from './catalogSources';

export interface FullSource {
  readonly minor: number;
  readonly name: string;
  readonly snapshot: FullSnapshot;
  /** kubernetes-models: has enums, and keeps definitions of APIs removed before its minor. */
  readonly mergedHistory?: boolean;
}

export interface WeakSource {
  readonly minor: number;
  readonly name: string;
  readonly snapshot: WeakSnapshot;
  /**
   * Whether the source has every definition of its minor (client-node does; cdk8s has no
   * status types): then a definition it lacks is one the minor lacks.
   */
  readonly complete: boolean;
}

/** When a kind was introduced and removed (k8s.io/api prerelease-lifecycle, the deprecation guide). */
export interface KindLifecycle {
  readonly introduced?: number;
  readonly removed?: number;
}

export interface MergeInput {
  readonly oldest: number;
  readonly newest: number;
  /** The newest minor's source, whose data is kept as is (kubernetes-models@5.1.0 for 1.36). */
  readonly base: FullSource;
  readonly full: readonly FullSource[];
  readonly weak: readonly WeakSource[];
  /** Keyed `<apiVersion>/<kind>` (`policy/v1beta1/PodDisruptionBudget`). */
  readonly lifecycle: ReadonlyMap<string, KindLifecycle>;
  /** The kind entries of the base (resource names, short names) and a maker for others. */
  readonly makeKind: (entry: Pick<KindData, 'group' | 'version' | 'kind' | 'definition'>) => KindData;
  /** The minors whose description a minor without a full source takes (its nearest full neighbour). */
  readonly descriptionMinor: (minor: number) => number;
  readonly source: string;
  readonly sources: Readonly<Record<string, string>>;
}

/** What the merge did, for the generator's report. */
export interface MergeReport {
  readonly droppedRequiredGaps: string[];
  readonly definitionsWithoutMinor: string[];
}

type Presence = boolean | undefined;

const typeMetaAndStatus = new Set(['apiVersion', 'kind', 'status']);

/**
 * The span of the minors marked present, widened over unknown minors on each side up to a
 * minor known to lack the entry; undefined when no minor has it. A gap of absent minors inside
 * is filled: spans are contiguous.
 */
export function spanOf(
  presence: ReadonlyMap<number, Presence>,
  oldest: number,
  newest: number,
): MinorSpan | undefined {
  let first: number | undefined;
  let last: number | undefined;
  for (let minor = oldest; minor <= newest; minor++) {
    if (presence.get(minor) === true) {
      first ??= minor;
      last = minor;
    }
  }
  if (first === undefined || last === undefined) {
    return undefined;
  }
  while (first > oldest && presence.get(first - 1) === undefined) {
    first--;
  }
  while (last < newest && presence.get(last + 1) === undefined) {
    last++;
  }
  return [first, last];
}

function isWithin(span: MinorSpan, outer: MinorSpan): boolean {
  return span[0] <= outer[0] && span[1] >= outer[1];
}

function normalise(text: string | undefined): string | undefined {
  return text?.replace(/\s+/g, ' ').trim();
}

function mentions(text: string | undefined, value: string): boolean | undefined {
  if (text === undefined) {
    return undefined;
  }
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}([^A-Za-z0-9]|$)`).test(text);
}

export function mergeCatalog(input: MergeInput): { catalog: CatalogData; report: MergeReport } {
  const { oldest, newest } = input;
  const minors: number[] = [];
  for (let minor = oldest; minor <= newest; minor++) {
    minors.push(minor);
  }
  const fullAt = new Map<number, FullSource>(input.full.map((source) => [source.minor, source]));
  const weakAt = new Map<number, WeakSource>(input.weak.map((source) => [source.minor, source]));
  const report: MergeReport = { droppedRequiredGaps: [], definitionsWithoutMinor: [] };

  // 1. Which minors have each definition.
  const ids = new Set<string>();
  for (const source of input.full) {
    for (const id of source.snapshot.definitions.keys()) {
      ids.add(id);
    }
  }
  const corroborated = (id: string, minor: number): boolean =>
    input.full.some(
      (source) =>
        !source.mergedHistory && Math.abs(source.minor - minor) <= 2 && source.snapshot.definitions.has(id),
    ) || input.weak.some((source) => Math.abs(source.minor - minor) <= 2 && source.snapshot.has(id));
  const definitionPresence = (id: string, minor: number): Presence => {
    const full = fullAt.get(minor);
    if (full) {
      const has = full.snapshot.definitions.has(id);
      return has && full.mergedHistory ? corroborated(id, minor) : has;
    }
    const weak = weakAt.get(minor);
    // An incomplete source lacking a definition says nothing (cdk8s has no status types).
    return weak?.snapshot.has(id) ? true : weak?.complete ? false : undefined;
  };

  const definitions: Record<string, DefinitionData> = {};
  const definitionSpans = new Map<string, MinorSpan | undefined>();
  for (const id of [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const presence = new Map(minors.map((minor) => [minor, definitionPresence(id, minor)] as const));
    const span = spanOf(presence, oldest, newest);
    definitionSpans.set(id, span);
    const inMinor = (minor: number): boolean => span !== undefined && span[0] <= minor && minor <= span[1];
    // The entry's own data is the newest minor's: the base where it has it, else the newest full source.
    const newestFull = [...input.full]
      .sort((a, b) => b.minor - a.minor)
      .find(
        (source) => source.snapshot.definitions.has(id) && (span === undefined || source.minor <= span[1]),
      );
    const own = input.base.snapshot.definitions.get(id) ?? newestFull!.snapshot.definitions.get(id)!;
    const definition: DefinitionData = structuredClone(own);
    if (span && !(span[0] <= oldest && span[1] >= newest)) {
      definition.minors = span;
    }
    if (!span) {
      report.definitionsWithoutMinor.push(id);
    }
    if (span && definition.properties) {
      mergeFields(id, definition, span, inMinor);
    }
    if (span) {
      const variants = descriptionVariants(
        definition.description,
        (minor) => {
          const other = fullAt.get(input.descriptionMinor(minor))?.snapshot.definitions.get(id);
          return other ? (other.description ?? '') : undefined;
        },
        span,
      );
      if (variants) {
        definition.descriptions = variants;
      }
    }
    definitions[id] = definition;
  }

  function mergeFields(
    id: string,
    definition: DefinitionData,
    span: MinorSpan,
    inMinor: (minor: number) => boolean,
  ): void {
    const names = new Set(Object.keys(definition.properties!));
    for (const source of input.full) {
      if (definitionPresence(id, source.minor)) {
        for (const name of Object.keys(source.snapshot.definitions.get(id)?.properties ?? {})) {
          names.add(name);
        }
      }
    }
    const properties: Record<string, FieldData> = {};
    const requiredMinors: Record<string, MinorSpan> = {};
    for (const name of [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const fieldPresence = new Map<number, Presence>();
      const requiredPresence = new Map<number, Presence>();
      for (const minor of minors) {
        if (!inMinor(minor)) {
          fieldPresence.set(minor, false);
          requiredPresence.set(minor, false);
          continue;
        }
        const full = fullAt.get(minor)?.snapshot.definitions.get(id);
        const weak = weakAt.get(minor)?.snapshot.get(id);
        if (full && definitionPresence(id, minor)) {
          const has = Object.prototype.hasOwnProperty.call(full.properties ?? {}, name);
          fieldPresence.set(minor, has);
          requiredPresence.set(minor, has && (full.required ?? []).includes(name));
        } else if (weak?.fields.has(name)) {
          fieldPresence.set(minor, true);
          requiredPresence.set(minor, weak.required.has(name));
        } else if (weak && (weakAt.get(minor)!.complete || !typeMetaAndStatus.has(name))) {
          // The source has the definition without the field (cdk8s's kind props leave out
          // apiVersion, kind and status, and only those).
          fieldPresence.set(minor, false);
          requiredPresence.set(minor, false);
        } else {
          fieldPresence.set(minor, undefined);
          requiredPresence.set(minor, undefined);
        }
      }
      const fieldSpan = spanOf(fieldPresence, oldest, newest);
      if (!fieldSpan) {
        continue;
      }
      const newestWith = [...input.full]
        .sort((a, b) => b.minor - a.minor)
        .find(
          (source) => source.snapshot.definitions.get(id)?.properties?.[name] && source.minor <= fieldSpan[1],
        );
      const own =
        definition.properties![name] ??
        structuredClone(newestWith!.snapshot.definitions.get(id)!.properties![name]!);
      const field: FieldData = { ...own };
      if (!isWithin(fieldSpan, span)) {
        field.minors = fieldSpan;
      }
      addEnum(id, name, field, fieldSpan);
      const variants = descriptionVariants(
        field.description,
        (minor) => {
          const other = fullAt.get(input.descriptionMinor(minor))?.snapshot.definitions.get(id)?.properties?.[
            name
          ];
          return other ? (other.description ?? '') : undefined;
        },
        fieldSpan,
      );
      if (variants) {
        field.descriptions = variants;
      }
      properties[name] = field;
      // Required: in every minor the field is in (the base's list says so), or in a span of them.
      const required = spanOf(requiredPresence, oldest, newest);
      const requiredNow = (definition.required ?? []).includes(name);
      const exists: MinorSpan = [Math.max(fieldSpan[0], span[0]), Math.min(fieldSpan[1], span[1])];
      if (required === undefined) {
        if (requiredNow) {
          report.droppedRequiredGaps.push(`${id}.${name}`);
        }
      } else if (!(requiredNow && isWithin(required, exists))) {
        requiredMinors[name] = required;
      }
    }
    definition.properties = properties;
    if (Object.keys(requiredMinors).length > 0) {
      definition.requiredMinors = requiredMinors;
    }
  }

  /**
   * Enums come only from kubernetes-models (1.33 and 1.36). A value in both is in every minor the
   * field is in. A value in one only is placed by the prose of each minor's description (the
   * official documents list the values in words: the 1.35 Toleration.operator lists Gt and Lt,
   * the 1.30 one does not), so a value that only gained its enum marker later keeps every minor.
   */
  function addEnum(id: string, name: string, field: FieldData, fieldSpan: MinorSpan): void {
    const enumSources = input.full.filter((source) => source.mergedHistory);
    const withEnum = enumSources
      .map((source) => source.snapshot.definitions.get(id)?.properties?.[name])
      .filter((candidate): candidate is FieldData => candidate?.enum !== undefined);
    if (!field.enum && withEnum[0]) {
      const from = withEnum[withEnum.length - 1]!;
      field.enum = from.enum;
      if (from.enumDescriptions) {
        field.enumDescriptions = from.enumDescriptions;
      }
      if (from.enumParagraph) {
        field.enumParagraph = from.enumParagraph;
      }
    }
    if (!field.enum) {
      return;
    }
    const enumMinors: Record<string, MinorSpan> = {};
    for (const value of field.enum) {
      const inAll = enumSources.every((source) => {
        const candidate = source.snapshot.definitions.get(id)?.properties?.[name];
        return candidate === undefined || candidate.enum?.includes(value) === true;
      });
      if (inAll) {
        continue;
      }
      const presence = new Map<number, Presence>();
      for (const minor of minors) {
        if (minor < fieldSpan[0] || minor > fieldSpan[1]) {
          presence.set(minor, false);
          continue;
        }
        const full = fullAt.get(minor)?.snapshot.definitions.get(id)?.properties?.[name];
        const weak = weakAt.get(minor)?.snapshot.get(id)?.descriptions.get(name);
        presence.set(minor, full?.enum?.includes(value) ? true : mentions(full?.description ?? weak, value));
      }
      const span = spanOf(presence, oldest, newest);
      if (span && !isWithin(span, fieldSpan)) {
        enumMinors[value] = span;
      }
    }
    if (Object.keys(enumMinors).length > 0) {
      field.enumMinors = enumMinors;
    }
  }

  function descriptionVariants(
    own: string | undefined,
    textAt: (minor: number) => string | undefined,
    span: MinorSpan,
  ): DescriptionVariant[] | undefined {
    const variants: { minors: [number, number]; text: string }[] = [];
    for (let minor = span[0]; minor <= span[1]; minor++) {
      const text = textAt(minor);
      // undefined: the minor's source lacks the entry; '': it has the entry without a text.
      if (text === undefined || normalise(text) === (normalise(own) ?? '')) {
        continue;
      }
      const last = variants[variants.length - 1];
      if (last && last.minors[1] === minor - 1 && last.text === text) {
        last.minors[1] = minor;
      } else {
        variants.push({ minors: [minor, minor], text });
      }
    }
    return variants.length > 0 ? variants : undefined;
  }

  // 2. Kinds: which minors serve them, from the lifecycle table and the deprecation guide; a kind
  // without a removal is served from the first minor whose sources have it.
  const kinds = new Map<string, KindData>();
  const addKind = (
    entry: Pick<KindData, 'group' | 'version' | 'kind' | 'definition'>,
    full?: KindData,
  ): void => {
    const key = `${entry.group ? `${entry.group}/` : ''}${entry.version}/${entry.kind}`;
    if (kinds.has(key) || !(entry.definition in definitions)) {
      return;
    }
    kinds.set(key, full ? { ...full } : input.makeKind(entry));
  };
  for (const source of [input.base, ...[...input.full].sort((a, b) => b.minor - a.minor)]) {
    for (const entry of source.snapshot.kinds) {
      addKind(entry, source === input.base ? (entry as KindData) : undefined);
    }
  }
  const orphans: KindData[] = [];
  for (const [key, entry] of kinds) {
    // A list kind (DeploymentList) is served with its item kind.
    const lifecycle = input.lifecycle.get(key) ?? input.lifecycle.get(key.replace(/List$/, ''));
    const definitionSpan = definitionSpans.get(entry.definition);
    const servedBy = input.full.filter(
      (source) =>
        !source.mergedHistory &&
        source.snapshot.kinds.some(
          (kind) => kind.kind === entry.kind && kind.group === entry.group && kind.version === entry.version,
        ),
    );
    let last =
      lifecycle?.removed !== undefined && lifecycle.removed <= newest ? lifecycle.removed - 1 : newest;
    if (lifecycle?.removed === undefined && servedBy.length > 0) {
      // Not in the newest document: no longer served (removed without a lifecycle entry).
      const newestServing = Math.max(...servedBy.map((source) => source.minor));
      const newerDocument = input.full.some(
        (source) => !source.mergedHistory && source.minor > newestServing,
      );
      if (newerDocument) {
        last = Math.min(last, definitionSpan?.[1] ?? newestServing);
      }
    }
    const first =
      lifecycle?.introduced ?? definitionSpan?.[0] ?? Math.min(...servedBy.map((source) => source.minor));
    if (!Number.isFinite(first)) {
      // In no source of a covered minor and in no lifecycle: placed with its group-version below.
      orphans.push(entry);
      continue;
    }
    if (first > oldest || last < newest) {
      entry.minors = [first, last];
    } else {
      delete entry.minors;
    }
  }
  // Definitions and kinds no covered minor has (kubernetes-models' copies of APIs removed before
  // the oldest minor): the span of their group-version's kinds, so no covered minor shows them.
  // One without such kinds (core/v1 Handler, renamed LifecycleHandler in 1.23) gets the minor
  // before the oldest: it says only "not in any covered minor".
  const namespaceSpan = (id: string): MinorSpan => {
    const namespace = id.slice(0, id.lastIndexOf('.'));
    const spans = [...kinds.values()]
      .filter(
        (entry) => entry.definition.slice(0, entry.definition.lastIndexOf('.')) === namespace && entry.minors,
      )
      .map((entry) => entry.minors!);
    return spans.length > 0
      ? [Math.min(...spans.map((span) => span[0])), Math.max(...spans.map((span) => span[1]))]
      : [oldest - 1, oldest - 1];
  };
  for (const id of report.definitionsWithoutMinor) {
    definitions[id]!.minors = namespaceSpan(id);
  }
  for (const entry of orphans) {
    entry.minors = namespaceSpan(entry.definition);
  }

  const sortedKinds = [...kinds.values()].sort(
    (a, b) =>
      (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
      (a.version < b.version ? -1 : a.version > b.version ? 1 : 0),
  );
  return {
    catalog: {
      formatVersion: 1,
      source: input.source,
      minors: { oldest, newest, sources: input.sources },
      kinds: sortedKinds,
      definitions,
    },
    report,
  };
}
