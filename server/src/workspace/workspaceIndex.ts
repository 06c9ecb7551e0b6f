/**
 * The workspace's objects and the references between them: one entry per file, from the text
 * the editor has for an open file and from the disk for the others (the host keeps it current).
 * Plain data only, no parse trees: a 2,000-file workspace costs its names and ranges.
 */
import type { Declaration, FileResources, Reference, ReferencedKind } from './fileResources';

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
  /**
   * Every file of the workspace has been read once: until then, that the index lacks an object
   * says nothing.
   */
  complete = false;

  set(uri: string, resources: FileResources): void {
    this.files.set(uri, resources);
  }

  delete(uri: string): void {
    this.files.delete(uri);
  }

  get(uri: string): FileResources | undefined {
    return this.files.get(uri);
  }

  get size(): number {
    return this.files.size;
  }

  *declarations(): Iterable<Located<Declaration>> {
    for (const [uri, resources] of this.files) {
      for (const item of resources.declarations) {
        yield { uri, item };
      }
    }
  }

  /** The objects a target names, in file order. */
  declarationsOf(target: ResourceTarget): Located<Declaration>[] {
    const found: Located<Declaration>[] = [];
    for (const located of this.declarations()) {
      const { kind, name, namespace } = located.item;
      const named = name === target.name || located.item.builtNames?.includes(target.name) === true;
      if (
        kind === target.kind &&
        named &&
        sameNamespace(namespace, target.namespace) &&
        located.item.owner === target.owner
      ) {
        found.push(located);
      }
    }
    return found;
  }

  /** The objects of a kind in a namespace a reference from `namespace` can reach. */
  declarationsOfKind(kind: string, namespace: string | undefined): Located<Declaration>[] {
    return [...this.declarations()].filter(
      ({ item }) => item.kind === kind && sameNamespace(item.namespace, namespace),
    );
  }

  /** The fields that name a target. */
  referencesTo(target: ResourceTarget): Located<Reference>[] {
    const found: Located<Reference>[] = [];
    for (const [uri, resources] of this.files) {
      for (const item of resources.references) {
        const named = item.name === target.name || target.builtNames?.includes(item.name) === true;
        if (
          item.kind === target.kind &&
          named &&
          sameNamespace(item.namespace, target.namespace) &&
          item.owner === target.owner
        ) {
          found.push({ uri, item });
        }
      }
    }
    return found;
  }
}
