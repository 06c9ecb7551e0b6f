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
            nameRange,
            range: document.span,
          }
        : undefined;
    const from = `${kind} ${name ?? '(unnamed)'}`;
    return { ...(declaration ? { declaration } : {}), references: podReferences(document, namespace, from) };
  },
};

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
  const add = (
    kind: ReferencedKind,
    field: string,
    path: readonly PathSegment[],
    nameValue: unknown,
    keyPath?: readonly PathSegment[],
    keyValue?: unknown,
  ): void => {
    const name = stringOf(nameValue);
    const nameRange = name === undefined || name === '' ? undefined : rangeAt(document, path);
    if (!nameRange || name === undefined) {
      return;
    }
    const key = stringOf(keyValue);
    const keyRange = key !== undefined && keyPath ? rangeAt(document, keyPath) : undefined;
    references.push({
      kind,
      name,
      namespace,
      nameRange,
      field,
      from,
      ...(key !== undefined && keyRange ? { key: { name: key, range: keyRange } } : {}),
    });
  };
  const spec = pod.spec;
  add('ServiceAccount', 'serviceAccountName', [...pod.path, 'serviceAccountName'], spec.serviceAccountName);
  listOf(spec.imagePullSecrets).forEach((entry, index) =>
    add(
      'Secret',
      'imagePullSecrets',
      [...pod.path, 'imagePullSecrets', index, 'name'],
      objectOf(entry)?.name,
    ),
  );
  for (const container of pod.containers) {
    listOf(container.data.envFrom).forEach((entry, index) => {
      const source = objectOf(entry);
      const at = [...container.path, 'envFrom', index];
      add(
        'ConfigMap',
        'envFrom.configMapRef',
        [...at, 'configMapRef', 'name'],
        objectOf(source?.configMapRef)?.name,
      );
      add('Secret', 'envFrom.secretRef', [...at, 'secretRef', 'name'], objectOf(source?.secretRef)?.name);
    });
    listOf(container.data.env).forEach((entry, index) => {
      const from = objectOf(objectOf(entry)?.valueFrom);
      const at = [...container.path, 'env', index, 'valueFrom'];
      for (const [field, kind] of [
        ['configMapKeyRef', 'ConfigMap'],
        ['secretKeyRef', 'Secret'],
      ] as const) {
        const ref = objectOf(from?.[field]);
        add(
          kind,
          `env.valueFrom.${field}`,
          [...at, field, 'name'],
          ref?.name,
          [...at, field, 'key'],
          ref?.key,
        );
      }
    });
  }
  for (const volume of pod.volumes) {
    const data = volume.data;
    const at = volume.path;
    const configMap = objectOf(data.configMap);
    add('ConfigMap', 'volumes.configMap', [...at, 'configMap', 'name'], configMap?.name);
    const secret = objectOf(data.secret);
    add('Secret', 'volumes.secret', [...at, 'secret', 'secretName'], secret?.secretName);
    add(
      'PersistentVolumeClaim',
      'volumes.persistentVolumeClaim',
      [...at, 'persistentVolumeClaim', 'claimName'],
      objectOf(data.persistentVolumeClaim)?.claimName,
    );
    listOf(objectOf(data.projected)?.sources).forEach((source, index) => {
      const sourceAt = [...at, 'projected', 'sources', index];
      const entry = objectOf(source);
      for (const [field, kind] of [
        ['configMap', 'ConfigMap'],
        ['secret', 'Secret'],
      ] as const) {
        const projected = objectOf(entry?.[field]);
        add(kind, `volumes.projected.${field}`, [...sourceAt, field, 'name'], projected?.name);
      }
    });
  }
  return references;
}
