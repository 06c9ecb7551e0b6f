/**
 * What a file contributes to the workspace: the objects it declares (kind, namespace, name,
 * labels) and the names of other objects it refers to, each with its place in the file. Read once
 * per document parse (a DocumentModel), so re-indexing an edited file re-reads only the document
 * that changed.
 *
 * The references are the fields of a pod spec that name another object of the same namespace,
 * as the API reference documents them (core/v1 PodSpec, Container, Volume, EnvVarSource,
 * EnvFromSource, ProjectedVolumeSource).
 */
import type { Range } from 'vscode-languageserver-types';
import { listOf, objectOf, stringOf } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { isKustomizationPath } from '../kubernetes/kustomization';
import { podViewOf } from '../kubernetes/podView';
import { nodeAtPath, rangeOf } from '../yaml/astPath';
import type { DocumentModel, ManifestDocument, ManifestFile } from '../yaml/manifestFile';

/** The kinds a pod refers to by name. */
export type ReferencedKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

/** An object a file declares. */
export interface Declaration {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** `metadata.namespace`, when written: else the namespace it is applied to decides. */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * A ConfigMap's or Secret's keys (`data`, `binaryData`, `stringData`); undefined where they
   * cannot be known (another kind, or a generator that reads an env file).
   */
  readonly keys?: readonly string[];
  /**
   * Other names Kustomize builds the object with (`namePrefix`, `nameSuffix` of the
   * kustomizations that use the file): a field may name it by those.
   */
  readonly builtNames?: readonly string[];
  /** The value of `metadata.name`. */
  readonly nameRange: Range;
  /** The whole document, for outline-like uses. */
  readonly range: Range;
}

/** A field that names another object. */
export interface Reference {
  readonly kind: ReferencedKind;
  readonly name: string;
  /** The namespace of the object that refers (a pod refers within its own namespace). */
  readonly namespace: string | undefined;
  /** The value naming the object. */
  readonly nameRange: Range;
  /** A key of the ConfigMap or Secret that the field names too (`configMapKeyRef.key`). */
  readonly key?: { readonly name: string; readonly range: Range };
  /** The field says `optional: true`: the pod starts without the object (or the key). */
  readonly optional: boolean;
  /** What the field is, for hovers and messages: `envFrom.configMapRef`. */
  readonly field: string;
  /** The referring object: `Deployment web`. */
  readonly from: string;
}

export interface FileResources {
  readonly declarations: readonly Declaration[];
  readonly references: readonly Reference[];
}

interface SegmentOffsets {
  readonly declaration?: Omit<Declaration, 'nameRange' | 'range'> & {
    nameRange: [number, number];
    range: [number, number];
  };
  readonly references: readonly (Omit<Reference, 'nameRange' | 'key'> & {
    nameRange: [number, number];
    key?: { name: string; range: [number, number] };
  })[];
}

/** The declarations and references of every document of a file, in the file's coordinates. */
export function fileResources(file: ManifestFile): FileResources {
  const declarations: Declaration[] = [];
  const references: Reference[] = [];
  for (const document of file.documents) {
    const found = document.model(documentResources);
    const range = ([start, end]: [number, number]): Range => document.rangeOf(start, end);
    if (found.declaration) {
      declarations.push({
        ...found.declaration,
        nameRange: range(found.declaration.nameRange),
        range: range(found.declaration.range),
      });
    }
    for (const reference of found.references) {
      const { key, nameRange, ...rest } = reference;
      references.push({
        ...rest,
        nameRange: range(nameRange),
        ...(key ? { key: { name: key.name, range: range(key.range) } } : {}),
      });
    }
  }
  return { declarations, references };
}

/** Read with the document at the top of its segment: offsets are segment-relative. */
const documentResources: DocumentModel<SegmentOffsets> = {
  read(document) {
    const { apiVersion, kind } = document.identity;
    const data = objectOf(document.toJS());
    if (apiVersion === undefined || kind === undefined || !data) {
      return { references: [] };
    }
    const metadata = objectOf(data.metadata);
    const name = stringOf(metadata?.name);
    const namespace = stringOf(metadata?.namespace);
    const nameRange = name === undefined ? undefined : rangeAt(document, ['metadata', 'name']);
    const declaration =
      name !== undefined && nameRange
        ? {
            kind,
            apiVersion,
            name,
            namespace,
            labels: stringRecord(metadata?.labels),
            ...(kind === 'ConfigMap' || kind === 'Secret' ? { keys: dataKeys(data) } : {}),
            nameRange,
            range: document.span,
          }
        : undefined;
    const from = `${kind} ${name ?? '(unnamed)'}`;
    return { ...(declaration ? { declaration } : {}), references: podReferences(document, namespace, from) };
  },
};

/** The keys a ConfigMap or Secret holds: `data`, `binaryData` and a Secret's `stringData`. */
function dataKeys(data: Record<string, unknown>): string[] {
  return [data.data, data.binaryData, data.stringData].flatMap((map) => Object.keys(objectOf(map) ?? {}));
}

function stringRecord(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(objectOf(value) ?? {})) {
    if (typeof entry === 'string') {
      result[key] = entry;
    }
  }
  return result;
}

function rangeAt(document: ManifestDocument, path: readonly PathSegment[]): [number, number] | undefined {
  return rangeOf(nodeAtPath(document.yaml, path));
}

/** The names a pod spec gives of other objects. */
function podReferences(
  document: ManifestDocument,
  namespace: string | undefined,
  from: string,
): SegmentOffsets['references'] {
  const pod = podViewOf(document);
  if (!pod) {
    return [];
  }
  const references: SegmentOffsets['references'][number][] = [];
  /**
   * A reference written as an object (`source`) at `path`: its name under `nameField`, whether it
   * is `optional`, and for a key reference its `key`.
   */
  const add = (
    kind: ReferencedKind,
    field: string,
    path: readonly PathSegment[],
    source: unknown,
    nameField = 'name',
  ): void => {
    const fields = objectOf(source);
    const name = stringOf(fields?.[nameField]);
    const nameRange = name === undefined || name === '' ? undefined : rangeAt(document, [...path, nameField]);
    if (!fields || !nameRange || name === undefined) {
      return;
    }
    const key = stringOf(fields.key);
    const keyRange = key === undefined ? undefined : rangeAt(document, [...path, 'key']);
    references.push({
      kind,
      name,
      namespace,
      nameRange,
      optional: fields.optional === true,
      field,
      from,
      ...(key !== undefined && keyRange ? { key: { name: key, range: keyRange } } : {}),
    });
  };
  const spec = pod.spec;
  add('ServiceAccount', 'serviceAccountName', pod.path, spec, 'serviceAccountName');
  listOf(spec.imagePullSecrets).forEach((entry, index) =>
    add('Secret', 'imagePullSecrets', [...pod.path, 'imagePullSecrets', index], entry),
  );
  for (const container of pod.containers) {
    listOf(container.data.envFrom).forEach((entry, index) => {
      const source = objectOf(entry);
      const at = [...container.path, 'envFrom', index];
      add('ConfigMap', 'envFrom.configMapRef', [...at, 'configMapRef'], source?.configMapRef);
      add('Secret', 'envFrom.secretRef', [...at, 'secretRef'], source?.secretRef);
    });
    listOf(container.data.env).forEach((entry, index) => {
      const valueFrom = objectOf(objectOf(entry)?.valueFrom);
      const at = [...container.path, 'env', index, 'valueFrom'];
      add(
        'ConfigMap',
        'env.valueFrom.configMapKeyRef',
        [...at, 'configMapKeyRef'],
        valueFrom?.configMapKeyRef,
      );
      add('Secret', 'env.valueFrom.secretKeyRef', [...at, 'secretKeyRef'], valueFrom?.secretKeyRef);
    });
  }
  for (const volume of pod.volumes) {
    const at = volume.path;
    add('ConfigMap', 'volumes.configMap', [...at, 'configMap'], volume.data.configMap);
    add('Secret', 'volumes.secret', [...at, 'secret'], volume.data.secret, 'secretName');
    add(
      'PersistentVolumeClaim',
      'volumes.persistentVolumeClaim',
      [...at, 'persistentVolumeClaim'],
      volume.data.persistentVolumeClaim,
      'claimName',
    );
    listOf(objectOf(volume.data.projected)?.sources).forEach((source, index) => {
      const sourceAt = [...at, 'projected', 'sources', index];
      add(
        'ConfigMap',
        'volumes.projected.configMap',
        [...sourceAt, 'configMap'],
        objectOf(source)?.configMap,
      );
      add('Secret', 'volumes.projected.secret', [...sourceAt, 'secret'], objectOf(source)?.secret);
    });
  }
  return references;
}

/**
 * What a kustomization file declares: the ConfigMaps and Secrets of its `configMapGenerator` and
 * `secretGenerator` (sigs.k8s.io/kustomize api/types/generatorargs.go). Fields that name a
 * generated object are written with the generator's name (the build adds the hash suffix and
 * rewrites them), so they resolve to the generator's entry.
 */
export function kustomizationResources(file: ManifestFile): FileResources {
  const declarations: Declaration[] = [];
  for (const document of file.documents) {
    const data = objectOf(document.toJS());
    if (!data) {
      continue;
    }
    const namespace = stringOf(data.namespace);
    for (const [field, kind] of [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ] as const) {
      listOf(data[field]).forEach((entry, index) => {
        const generator = objectOf(entry);
        const name = stringOf(generator?.name);
        const nameRange =
          name === undefined ? undefined : rangeOf(nodeAtPath(document.yaml, [field, index, 'name']));
        const itemRange = rangeOf(nodeAtPath(document.yaml, [field, index]));
        if (!generator || name === undefined || !nameRange || !itemRange) {
          return;
        }
        const keys = generatedKeys(generator);
        declarations.push({
          kind,
          apiVersion: 'v1',
          name,
          namespace: stringOf(generator.namespace) ?? namespace,
          labels: {},
          ...(keys ? { keys } : {}),
          nameRange: document.rangeOf(nameRange[0], nameRange[1]),
          range: document.rangeOf(itemRange[0], itemRange[1]),
        });
      });
    }
  }
  return { declarations, references: [] };
}

/**
 * The keys a generator makes: a literal's text before `=`, a file's key (`key=path`) or file
 * name (api/kv/kv.go); unknown when it reads an env file, whose keys are in the file.
 */
function generatedKeys(generator: Record<string, unknown>): string[] | undefined {
  if (generator.envs !== undefined || generator.env !== undefined) {
    return undefined;
  }
  const literals = listOf(generator.literals).flatMap((literal) => {
    const text = stringOf(literal);
    const equals = text?.indexOf('=') ?? -1;
    return text !== undefined && equals > 0 ? [text.slice(0, equals).trim()] : [];
  });
  const files = listOf(generator.files).flatMap((entry) => {
    const text = stringOf(entry);
    if (text === undefined) {
      return [];
    }
    const equals = text.indexOf('=');
    return [equals > 0 ? text.slice(0, equals).trim() : (text.split('/').pop() ?? text)];
  });
  return [...literals, ...files];
}

/** The prefixes and suffixes Kustomize puts around names (KustomizeContext.nameAffixes). */
export type NameAffixes = readonly { readonly prefix: string; readonly suffix: string }[];

/**
 * What a file contributes to the workspace, by what it is (a kustomization, or manifests), its
 * objects also known by the names the builds give them.
 */
export function resourcesOf(uriOrPath: string, file: ManifestFile, affixes: NameAffixes = []): FileResources {
  const resources = isKustomizationPath(uriOrPath) ? kustomizationResources(file) : fileResources(file);
  const renamed = affixes.filter(({ prefix, suffix }) => prefix !== '' || suffix !== '');
  if (renamed.length === 0) {
    return resources;
  }
  return {
    references: resources.references,
    declarations: resources.declarations.map((declaration) => ({
      ...declaration,
      builtNames: renamed.map(({ prefix, suffix }) => `${prefix}${declaration.name}${suffix}`),
    })),
  };
}
