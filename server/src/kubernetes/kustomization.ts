/**
 * A kustomization file as Kustomize reads it (sigs.k8s.io/kustomize/api/types/kustomization.go,
 * `Kustomization`), and the transformations of it that decide whether a finding on a file it
 * uses would still hold after `kustomize build`.
 */
import { isJsonObject, listOf, objectOf, stringOf } from '../common/guards';
import type { KustomizeImage, NamespaceFieldSpec } from '../common/kustomizeContext';

/** The file names Kustomize looks for in a folder (api/konfig/general.go RecognizedKustomizationFileNames). */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** Whether a path (or URI) names a kustomization file. */
export function isKustomizationPath(uriOrPath: string): boolean {
  return /(^|[/\\])(kustomization\.ya?ml|Kustomization)$/.test(uriOrPath);
}

export interface Kustomization {
  /** Files and folders built into this kustomization: `resources`, the deprecated `bases`, `components`. */
  readonly resources: readonly string[];
  /** Files used as patches: `patches[].path`, `patchesStrategicMerge` paths, `patchesJson6902[].path`. */
  readonly patches: readonly string[];
  readonly commonLabels: Readonly<Record<string, string>>;
  /** `labels` entries that also go into selectors (`includeSelectors: true`). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly images: readonly KustomizeImage[];
  /** `namespace`: the build puts every object it makes there. */
  readonly namespace?: string;
  /** `configurations`: files of transformer configurations (field specs), relative to the folder. */
  readonly configurations: readonly string[];
  /** `namePrefix` and `nameSuffix`: the build renames every object it makes. */
  readonly namePrefix: string;
  readonly nameSuffix: string;
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  const fields = objectOf(value);
  for (const [key, entry] of Object.entries(fields ?? {})) {
    // Kustomize reads label values as strings; YAML may have typed them (`version: 1`).
    if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean') {
      result[key] = String(entry);
    }
  }
  return result;
}

/**
 * A patch entry that names a file: `patchesStrategicMerge` entries are paths or inline patches
 * (a string of several lines is no path); `patches` and `patchesJson6902` entries carry a `path`
 * or an inline `patch`.
 */
function patchPath(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    return entry.includes('\n') ? undefined : entry.trim();
  }
  return stringOf(objectOf(entry)?.path);
}

/** Reads a kustomization's plain data; whatever is not the expected shape is left out. */
export function readKustomization(data: unknown): Kustomization {
  const fields = objectOf(data) ?? {};
  const paths = (value: unknown): string[] =>
    listOf(value).flatMap((entry) =>
      typeof entry === 'string' && entry.trim() !== '' ? [entry.trim()] : [],
    );
  const patches = [fields.patches, fields.patchesStrategicMerge, fields.patchesJson6902]
    .flatMap((list) => listOf(list))
    .flatMap((entry) => {
      const found = patchPath(entry);
      return found === undefined || found === '' ? [] : [found];
    });
  const selectorLabels: Record<string, string> = {};
  for (const label of listOf(fields.labels)) {
    const entry = objectOf(label);
    if (entry?.includeSelectors === true) {
      Object.assign(selectorLabels, stringMap(entry.pairs));
    }
  }
  const images: KustomizeImage[] = [];
  for (const image of listOf(fields.images)) {
    const entry = objectOf(image);
    const name = stringOf(entry?.name);
    if (entry && name) {
      const optional = (key: string): string | undefined => {
        const value = entry[key];
        // `newTag: 1.2` is a number in YAML; Kustomize reads it as the tag "1.2".
        return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
      };
      images.push({
        name,
        ...definedFields({
          newName: optional('newName'),
          newTag: optional('newTag'),
          digest: optional('digest'),
          tagSuffix: optional('tagSuffix'),
        }),
      });
    }
  }
  return {
    resources: [...paths(fields.resources), ...paths(fields.bases), ...paths(fields.components)],
    patches,
    commonLabels: stringMap(fields.commonLabels),
    selectorLabels,
    images,
    ...(stringOf(fields.namespace) ? { namespace: stringOf(fields.namespace)! } : {}),
    configurations: paths(fields.configurations),
    namePrefix: stringOf(fields.namePrefix) ?? '',
    nameSuffix: stringOf(fields.nameSuffix) ?? '',
  };
}

function definedFields<T extends Record<string, string | undefined>>(
  fields: T,
): Partial<Record<keyof T, string>> {
  const result: Partial<Record<keyof T, string>> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      result[key as keyof T] = value;
    }
  }
  return result;
}

/**
 * The image a container runs after Kustomize's image transformer, or the image itself when no
 * entry matches: api/filters/imagetag/updater.go `SetImageValue`, which matches with
 * api/internal/image/image.go `IsImageMatched` (the entry's name, then an optional tag and an
 * optional digest) and sets the tag and digest as below. The first matching entry wins, as the
 * transformer applies the entries in order and a later one matches the new name only.
 */
export function kustomizedImage(image: string, entries: readonly KustomizeImage[]): string {
  for (const entry of entries) {
    if (!imageMatches(image, entry.name)) {
      continue;
    }
    let { name, tag, digest } = splitImage(image);
    if (entry.newName !== undefined && entry.newName !== '') {
      name = entry.newName;
    }
    if (entry.newTag && entry.digest) {
      tag = entry.newTag;
      digest = entry.digest;
    } else if (entry.newTag) {
      tag = entry.newTag;
      digest = '';
    } else if (entry.digest) {
      tag = '';
      digest = entry.digest;
    } else if (entry.tagSuffix) {
      tag += entry.tagSuffix;
      digest = '';
    }
    return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  }
  return image;
}

/** api/internal/image/image.go `IsImageMatched`, with the entry's name taken literally. */
function imageMatches(image: string, name: string): boolean {
  if (!image.startsWith(name)) {
    return false;
  }
  return /^(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$/.test(
    image.slice(name.length),
  );
}

/** api/internal/image/image.go `Split`: a colon before the first slash is a registry port. */
function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) {
    return { name: image, tag: '', digest: '' };
  }
  if (at >= 0 && (at < colon || colon < 0)) {
    return { name: image.slice(0, offset + at), tag: '', digest: image.slice(offset + at + 1) };
  }
  const name = image.slice(0, offset + colon);
  const rest = image.slice(offset + colon + 1);
  const digestAt = rest.indexOf('@');
  return digestAt < 0
    ? { name, tag: rest, digest: '' }
    : { name, tag: rest.slice(0, digestAt), digest: rest.slice(digestAt + 1) };
}

/**
 * The kinds whose selector Kustomize creates from the labels it adds to selectors, and where
 * (api/internal/konfig/builtinpluginconsts/commonlabels.go: the fieldspecs with `create: true`).
 * Template labels get the same labels (metadatalabels.go), so the created selector matches.
 */
const createdSelectors: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'selector', 'matchLabels'],
  ReplicaSet: ['spec', 'selector', 'matchLabels'],
  DaemonSet: ['spec', 'selector', 'matchLabels'],
  StatefulSet: ['spec', 'selector', 'matchLabels'],
  ReplicationController: ['spec', 'selector'],
  Service: ['spec', 'selector'],
};

/**
 * A document's plain data with the selector Kustomize would create (from `commonLabels` or
 * `labels` with `includeSelectors`), so that the schema judges what the build produces. Only
 * absent selectors are filled: a present one keeps its own labels (and gets the added ones, which
 * cannot make it invalid). The input is not changed.
 */
export function withKustomizeSelectors(data: unknown, labels: Readonly<Record<string, string>>): unknown {
  const kind = stringOf(objectOf(data)?.kind);
  const path = kind === undefined ? undefined : createdSelectors[kind];
  if (!path || Object.keys(labels).length === 0 || !isJsonObject(data)) {
    return data;
  }
  const copy = structuredClone(data);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null) {
      node[key] = {};
    } else if (!isJsonObject(next)) {
      // A wrong type is the schema's to report, on the text as written.
      return data;
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (node[last] === undefined || node[last] === null) {
    node[last] = { ...labels };
  }
  return copy;
}

/** The `namespace:` field specs of a transformer configuration file's plain data. */
export function readNamespaceFieldSpecs(data: unknown): NamespaceFieldSpec[] {
  return listOf(objectOf(data)?.namespace).flatMap((entry) => {
    const spec = objectOf(entry);
    const specPath = stringOf(spec?.path);
    if (!spec || !specPath) {
      return [];
    }
    const kind = stringOf(spec.kind);
    const group = stringOf(spec.group);
    return [
      {
        ...(kind ? { kind } : {}),
        ...(group ? { group } : {}),
        path: specPath.split('/').filter((segment) => segment !== ''),
        create: spec.create === true,
      },
    ];
  });
}

/**
 * A document's plain data with the namespace that the build's namespace transformer writes into
 * the extra fields a kustomization's `configurations:` name (api/filters/namespace: the field
 * specs, walking into every item of a list; `create: true` makes a missing field). Only absent
 * fields are filled. The input is not changed.
 */
export function withKustomizeNamespace(
  data: unknown,
  namespace: string | undefined,
  specs: readonly NamespaceFieldSpec[] = [],
): unknown {
  const fields = objectOf(data);
  const kind = stringOf(fields?.kind);
  const group = (stringOf(fields?.apiVersion) ?? '').split('/').slice(0, -1).join('/');
  const matching = specs.filter(
    (spec) =>
      spec.create && (!spec.kind || spec.kind === kind) && (spec.group === undefined || spec.group === group),
  );
  if (namespace === undefined || matching.length === 0 || !isJsonObject(data)) {
    return data;
  }
  const copy = structuredClone(data);
  const fill = (node: unknown, path: readonly string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item) => fill(item, path));
      return;
    }
    if (!isJsonObject(node) || path.length === 0) {
      return;
    }
    const [key, ...rest] = path as [string, ...string[]];
    if (rest.length === 0) {
      if (node[key] === undefined || node[key] === null) {
        node[key] = namespace;
      }
      return;
    }
    if (node[key] === undefined || node[key] === null) {
      // Filled only under fields that are there: enough to know the build sets it.
      return;
    }
    fill(node[key], rest);
  };
  for (const spec of matching) {
    fill(copy, spec.path);
  }
  return copy;
}

/**
 * The keys of strategic-merge-patch directives (k8s.io/apimachinery/pkg/util/strategicpatch
 * patch.go: `directiveMarker` "$patch", `retainKeysDirective` "$retainKeys",
 * `deleteFromPrimitiveListDirectivePrefix` "$deleteFromPrimitiveList",
 * `setElementOrderDirectivePrefix` "$setElementOrder"). They are instructions to the merge, not
 * fields of the object.
 */
export function isPatchDirective(key: string): boolean {
  return (
    key === '$patch' ||
    key === '$retainKeys' ||
    key.startsWith('$deleteFromPrimitiveList/') ||
    key.startsWith('$setElementOrder/')
  );
}

/** A patch's plain data without its directives, for the schema. The input is not changed. */
export function withoutPatchDirectives(data: unknown): unknown {
  if (Array.isArray(data)) {
    return data.map(withoutPatchDirectives);
  }
  if (!isJsonObject(data)) {
    return data;
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!isPatchDirective(key)) {
      result[key] = withoutPatchDirectives(value);
    }
  }
  return result;
}
