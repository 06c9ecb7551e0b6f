/**
 * The workspace's objects and the references between them: one entry per file, from the text
 * the editor has for an open file and from the disk for the others (the host keeps it current).
 * Plain data only, no parse trees: a 2,000-file workspace costs its names and ranges.
 */
import type { CustomResourceSchemas, CustomResourceType } from '../common/customResources';
import { isJsonObject } from '../common/guards';
import { deepEqual } from '../util/deepEqual';
import type { Declaration, FileResources, Reference, ReferencedKind } from './fileResources';
import { ChartStore } from './helm/chartStore';

/** An entry of a file, with the file's URI. */
export interface Located<T> {
  readonly uri: string;
  readonly item: T;
}

/** What a reference or a declaration names: the target of navigation and rename. */
export interface ResourceTarget {
  readonly kind: ReferencedKind;
  readonly name: string;
  readonly namespace: string | undefined;
  /** Other names of the object (the names Kustomize builds it with), for its references. */
  readonly builtNames?: readonly string[];
  /** The object the target is part of (a claim template's StatefulSet), which must match too. */
  readonly owner?: string;
}

/**
 * Whether two objects may be in one namespace. An object without `metadata.namespace` goes to
 * whichever namespace it is applied to (`kubectl apply -n`, a kustomization's `namespace`), so
 * it is taken to be in the other's; two written namespaces must be equal.
 */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, FileResources>();
  /** `kind/name` → the declarations of that name (and built name), so a lookup reads no other file. */
  private readonly declarationsByName = new Map<string, Located<Declaration>[]>();
  /** `kind` → its declarations. */
  private readonly declarationsByKind = new Map<string, Located<Declaration>[]>();
  /** `kind/name` → the references that name it. */
  private readonly referencesByName = new Map<string, Located<Reference>[]>();
  /** A folder (of the URI) → the declarations of its files. */
  private readonly declarationsByFolder = new Map<string, Located<Declaration>[]>();
  /**
   * Every file of the workspace has been read once: until then, that the index lacks an object
   * says nothing.
   */
  complete = false;
  /** The Helm charts' files (Chart.yaml, values, schemas, templates), by their texts (helm/chartStore.ts). */
  readonly charts = new ChartStore();
  /** The files that define custom resource types → their types, in the file's order. */
  private readonly customResourcesByFile = new Map<string, readonly CustomResourceType[]>();
  /** `apiVersion/kind` → the type, rebuilt on the next lookup after a file's CRDs changed. */
  private customResourceMap: Map<string, CustomResourceType> | undefined;
  private customResourceList: CustomResourceType[] = [];
  private customResourceRevision = 0;
  private entriesRevision = 0;

  /**
   * Bumped whenever the custom resource types of the workspace change (a CRD added, removed or
   * edited): a host re-validates the documents that may use them.
   */
  get customResourcesRevision(): number {
    return this.customResourceRevision;
  }

  /**
   * Bumped whenever what a file tells the others changes: an entry added, removed or changed in
   * anything but where it is written (a line typed above a ConfigMap moves its ranges only; the
   * rules across files read names, namespaces, keys, labels and ports, never another file's
   * positions), a file's custom resource types, or a chart file. A host that keeps another
   * file's findings keeps them only while this stays.
   */
  get revision(): number {
    return this.entriesRevision + this.customResourceRevision + this.charts.revision;
  }

  /** The files with an entry, in the order they came in. */
  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  /**
   * The custom resource types the workspace's CRDs define. When two files define the same
   * apiVersion and kind, the file whose URI sorts first wins, whatever the order the files were
   * read in (the indexer's walk, the editor opening one): the answer does not depend on timing.
   */
  customResources(): CustomResourceSchemas {
    return {
      find: (apiVersion, kind) => this.customResourceTypes().get(`${apiVersion}/${kind}`),
      list: () => {
        this.customResourceTypes();
        return this.customResourceList;
      },
    };
  }

  private customResourceTypes(): Map<string, CustomResourceType> {
    if (!this.customResourceMap) {
      const map = new Map<string, CustomResourceType>();
      const uris = [...this.customResourcesByFile.keys()].sort();
      for (const uri of uris) {
        for (const type of this.customResourcesByFile.get(uri)!) {
          const key = `${type.apiVersion}/${type.kind}`;
          if (!map.has(key)) {
            map.set(key, type);
          }
        }
      }
      this.customResourceMap = map;
      this.customResourceList = [...map.values()];
    }
    return this.customResourceMap;
  }

  private setCustomResources(uri: string, types: readonly CustomResourceType[] | undefined): void {
    const old = this.customResourcesByFile.get(uri);
    if (sameTypes(old ?? [], types ?? [])) {
      // Another document of the file changed: its CRDs are as they were (same schema objects).
      if (old && types) {
        this.customResourcesByFile.set(uri, types);
      }
      return;
    }
    if (types && types.length > 0) {
      this.customResourcesByFile.set(uri, types);
    } else {
      this.customResourcesByFile.delete(uri);
    }
    this.customResourceMap = undefined;
    this.customResourceRevision++;
  }

  set(uri: string, resources: FileResources): void {
    const old = this.files.get(uri);
    if (old === resources) {
      return;
    }
    if (old && this.replaceInPlace(uri, old, resources)) {
      return;
    }
    this.entriesRevision++;
    this.removeEntries(uri);
    this.setCustomResources(uri, resources.customResources);
    this.files.set(uri, resources);
    const folder = folderOf(uri);
    for (const item of resources.declarations) {
      const located = { uri, item };
      for (const name of new Set([item.name, ...(item.builtNames ?? [])])) {
        push(this.declarationsByName, nameKey(item.kind, name), located);
      }
      push(this.declarationsByKind, item.kind, located);
      push(this.declarationsByFolder, folder, located);
    }
    for (const item of resources.references) {
      push(this.referencesByName, nameKey(item.kind, item.name), { uri, item });
    }
  }

  /**
   * A new version of a file with as many entries as before (an edit inside its documents, a name
   * typed): only the entries that changed are moved, each where its keys put it — in place when
   * its keys stayed, at the end of its new lists when a name changed (as a file set again goes to
   * the end). Returns false when entries were added or removed: the file is then set again whole.
   */
  private replaceInPlace(uri: string, old: FileResources, resources: FileResources): boolean {
    const changedDeclarations = changedEntries(old.declarations, resources.declarations);
    const changedReferences = changedEntries(old.references, resources.references);
    if (!changedDeclarations || !changedReferences) {
      return false;
    }
    if (
      [...changedDeclarations, ...changedReferences].some(
        ([before, after]) => !samePlacesAside(before, after),
      )
    ) {
      this.entriesRevision++;
    }
    this.setCustomResources(uri, resources.customResources);
    this.files.set(uri, resources);
    const move = <T>(
      map: Map<string, Located<T>[]>,
      keys: (item: T) => string[],
      before: T,
      after: T,
    ): void => {
      const [oldKeys, newKeys] = [keys(before), keys(after)];
      for (const key of oldKeys) {
        const list = map.get(key);
        const index = list?.findIndex((located) => located.item === before) ?? -1;
        if (!list || index < 0) {
          continue;
        }
        if (newKeys.includes(key)) {
          list[index] = { uri, item: after };
        } else if (list.length === 1) {
          map.delete(key);
        } else {
          list.splice(index, 1);
        }
      }
      for (const key of newKeys) {
        if (!oldKeys.includes(key)) {
          push(map, key, { uri, item: after });
        }
      }
    };
    const folder = folderOf(uri);
    const names = (item: Declaration): string[] => [
      ...new Set([item.name, ...(item.builtNames ?? [])].map((name) => nameKey(item.kind, name))),
    ];
    for (const [before, after] of changedDeclarations) {
      move(this.declarationsByName, names, before, after);
      move(this.declarationsByKind, (item) => [item.kind], before, after);
      move(this.declarationsByFolder, () => [folder], before, after);
    }
    for (const [before, after] of changedReferences) {
      move(this.referencesByName, (item) => [nameKey(item.kind, item.name)], before, after);
    }
    return true;
  }

  delete(uri: string): void {
    if (this.files.has(uri)) {
      this.entriesRevision++;
    }
    this.removeEntries(uri);
    this.setCustomResources(uri, undefined);
  }

  /** Takes a file's declarations and references out of the maps. */
  private removeEntries(uri: string): void {
    const old = this.files.get(uri);
    if (!old) {
      return;
    }
    this.files.delete(uri);
    // Each list the file is in is filtered once, however many entries the file had in it.
    const others = <T>(map: Map<string, Located<T>[]>, keys: Iterable<string>): void => {
      for (const key of new Set(keys)) {
        const kept = map.get(key)?.filter((located) => located.uri !== uri) ?? [];
        if (kept.length > 0) {
          map.set(key, kept);
        } else {
          map.delete(key);
        }
      }
    };
    others(
      this.declarationsByName,
      old.declarations.flatMap((item) =>
        [item.name, ...(item.builtNames ?? [])].map((name) => nameKey(item.kind, name)),
      ),
    );
    others(
      this.declarationsByKind,
      old.declarations.map((item) => item.kind),
    );
    others(this.declarationsByFolder, [folderOf(uri)]);
    others(
      this.referencesByName,
      old.references.map((item) => nameKey(item.kind, item.name)),
    );
  }

  get(uri: string): FileResources | undefined {
    return this.files.get(uri);
  }

  get size(): number {
    return this.files.size;
  }

  /** Every declaration, file by file in the order the files came in. */
  *declarations(): Iterable<Located<Declaration>> {
    for (const [uri, resources] of this.files) {
      for (const item of resources.declarations) {
        yield { uri, item };
      }
    }
  }

  /** The declarations of the files in one folder (the folder of `uri`), in the order of the files. */
  declarationsBeside(uri: string): readonly Located<Declaration>[] {
    return this.declarationsByFolder.get(folderOf(uri)) ?? [];
  }

  /** The objects a target names. */
  declarationsOf(target: ResourceTarget): Located<Declaration>[] {
    return inFileOrder(
      (this.declarationsByName.get(nameKey(target.kind, target.name)) ?? []).filter(
        ({ item }) => sameNamespace(item.namespace, target.namespace) && item.owner === target.owner,
      ),
    );
  }

  /** The objects of a kind in a namespace a reference from `namespace` can reach. */
  declarationsOfKind(kind: string, namespace: string | undefined): Located<Declaration>[] {
    // In no particular order: callers ask whether there are any, and for their names.
    return (this.declarationsByKind.get(kind) ?? []).filter(({ item }) =>
      sameNamespace(item.namespace, namespace),
    );
  }

  /** The fields that name a target. */
  referencesTo(target: ResourceTarget): Located<Reference>[] {
    const found: Located<Reference>[] = [];
    for (const name of new Set([target.name, ...(target.builtNames ?? [])])) {
      for (const located of this.referencesByName.get(nameKey(target.kind, name)) ?? []) {
        if (sameNamespace(located.item.namespace, target.namespace) && located.item.owner === target.owner) {
          found.push(located);
        }
      }
    }
    return inFileOrder(found);
  }
}

/**
 * Whether two lists of a file's types are the same: same types, same schema objects (a CRD
 * document's model is kept while its text is unchanged), same lines.
 */
function sameTypes(a: readonly CustomResourceType[], b: readonly CustomResourceType[]): boolean {
  return (
    a.length === b.length &&
    a.every((type, index) => {
      const other = b[index]!;
      return (
        type.apiVersion === other.apiVersion &&
        type.kind === other.kind &&
        type.plural === other.plural &&
        type.scope === other.scope &&
        type.singular === other.singular &&
        type.shortNames.join() === other.shortNames.join() &&
        type.deprecated === other.deprecated &&
        type.schema() === other.schema() &&
        type.source.kind === other.source.kind &&
        (type.source.kind !== 'workspace' ||
          (other.source.kind === 'workspace' && type.source.line === other.source.line))
      );
    })
  );
}

/** Whether two entries are equal but for their ranges (any `{ start, end }` of lines and characters). */
function samePlacesAside(a: unknown, b: unknown): boolean {
  return deepEqual(a, b, (left, right) => isRange(left) && isRange(right));
}

function isRange(value: unknown): boolean {
  const isPosition = (position: unknown): boolean =>
    isJsonObject(position) && typeof position.line === 'number' && typeof position.character === 'number';
  return isJsonObject(value) && isPosition(value.start) && isPosition(value.end);
}

/** Results in a stable order: by URI, then by position in the file. */
function inFileOrder<
  T extends { readonly nameRange: { readonly start: { line: number; character: number } } },
>(located: Located<T>[]): Located<T>[] {
  return located.sort(
    (a, b) =>
      (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
      a.item.nameRange.start.line - b.item.nameRange.start.line ||
      a.item.nameRange.start.character - b.item.nameRange.start.character,
  );
}

function nameKey(kind: string, name: string): string {
  return `${kind}/${name}`;
}

/** The folder part of a URI (everything before its last slash), where an application's files sit together. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

/**
 * The entries that changed between two versions of a file's list, as pairs, when both have as
 * many entries; undefined when entries were added or removed.
 */
function changedEntries<T>(before: readonly T[], after: readonly T[]): [T, T][] | undefined {
  if (before.length !== after.length) {
    return undefined;
  }
  const changed: [T, T][] = [];
  for (let index = 0; index < after.length; index++) {
    if (before[index] !== after[index]) {
      changed.push([before[index]!, after[index]!]);
    }
  }
  return changed;
}
