/**
 * Navigation between the objects of a workspace: from a field that names a ConfigMap, Secret,
 * PersistentVolumeClaim or ServiceAccount to the object (definition), from an object or a name to
 * every field that names it (references, highlights), renaming an object with every name of it
 * across files, and finding an object by kind and name (workspace symbols).
 */
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
  type Position,
  type Range,
  SymbolKind,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { dns1123SubdomainError } from '../kubernetes/names';
import { fileResources, type ReferencedKind } from '../workspace/fileResources';
import type { ResourceTarget, WorkspaceIndex } from '../workspace/workspaceIndex';
import type { ManifestFile } from '../yaml/manifestFile';

const referencedKinds: ReadonlySet<string> = new Set<ReferencedKind>([
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'ServiceAccount',
]);

function contains(range: Range, position: Position): boolean {
  const afterStart =
    position.line > range.start.line ||
    (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line ||
    (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The object named at a position: by a reference, or by the name of a declaration. */
export function targetAt(
  file: ManifestFile,
  position: Position,
): (ResourceTarget & { range: Range }) | undefined {
  const resources = fileResources(file);
  for (const reference of resources.references) {
    if (contains(reference.nameRange, position)) {
      return {
        kind: reference.kind,
        name: reference.name,
        namespace: reference.namespace,
        range: reference.nameRange,
      };
    }
  }
  for (const declaration of resources.declarations) {
    if (referencedKinds.has(declaration.kind) && contains(declaration.nameRange, position)) {
      return {
        kind: declaration.kind as ReferencedKind,
        name: declaration.name,
        namespace: declaration.namespace,
        ...(declaration.builtNames ? { builtNames: declaration.builtNames } : {}),
        range: declaration.nameRange,
      };
    }
  }
  return undefined;
}

export function findDefinition(index: WorkspaceIndex, file: ManifestFile, position: Position): Location[] {
  const target = targetAt(file, position);
  return target ? index.declarationsOf(target).map(({ uri, item }) => ({ uri, range: item.nameRange })) : [];
}

export function findReferences(
  index: WorkspaceIndex,
  file: ManifestFile,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const target = targetAt(file, position);
  if (!target) {
    return [];
  }
  const declarations = includeDeclaration ? index.declarationsOf(target) : [];
  return [...declarations, ...index.referencesTo(target)].map(({ uri, item }) => ({
    uri,
    range: item.nameRange,
  }));
}

/** The names of the object at the position in this file: its declaration is written, the rest read. */
export function findDocumentHighlights(
  index: WorkspaceIndex,
  uri: string,
  file: ManifestFile,
  position: Position,
): DocumentHighlight[] {
  const target = targetAt(file, position);
  if (!target) {
    return [];
  }
  const here = <T>(located: { uri: string; item: T }[]): T[] =>
    located.filter((entry) => entry.uri === uri).map((entry) => entry.item);
  return [
    ...here(index.declarationsOf(target)).map((item) => ({
      range: item.nameRange,
      kind: DocumentHighlightKind.Write,
    })),
    ...here(index.referencesTo(target)).map((item) => ({
      range: item.nameRange,
      kind: DocumentHighlightKind.Read,
    })),
  ];
}

/** Where a rename at the position would apply, with the current name; undefined where none can. */
export function prepareRename(
  file: ManifestFile,
  position: Position,
): { range: Range; placeholder: string } | undefined {
  const target = targetAt(file, position);
  return target ? { range: target.range, placeholder: target.name } : undefined;
}

/**
 * Renames the object at the position: its declarations and every field that names it, across
 * the workspace. The new name must be one the API server accepts (a DNS-1123 subdomain, as
 * ConfigMap, Secret, PersistentVolumeClaim and ServiceAccount names are: ValidateObjectMeta with
 * NameIsDNSSubdomain in k8s.io/kubernetes pkg/apis/core/validation).
 */
export function doRename(
  index: WorkspaceIndex,
  file: ManifestFile,
  position: Position,
  newName: string,
): WorkspaceEdit | { error: string } | undefined {
  const target = targetAt(file, position);
  if (!target) {
    return undefined;
  }
  const problem = dns1123SubdomainError(newName);
  if (problem) {
    return { error: `"${newName}" is not a valid ${target.kind} name: ${problem}` };
  }
  const declarations = index.declarationsOf(target);
  const references = index.referencesTo(target);
  // A name Kustomize builds (namePrefix, nameSuffix) is not the name written in the object: one
  // new text for both would break the link between them.
  const built = [...declarations, ...references].find(({ item }) => item.name !== target.name);
  if (built) {
    return {
      error: `${target.kind} "${target.name}" is also named "${built.item.name}" through a kustomization's namePrefix or nameSuffix: rename them by hand.`,
    };
  }
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const { uri, item } of [...declarations, ...references]) {
    const key = `${uri}#${item.nameRange.start.line}:${item.nameRange.start.character}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    (changes[uri] ??= []).push({ range: item.nameRange, newText: newName });
  }
  return { changes };
}

const symbolKinds: Readonly<Record<string, SymbolKind>> = {
  ConfigMap: SymbolKind.Object,
  Secret: SymbolKind.Key,
  Service: SymbolKind.Interface,
  Ingress: SymbolKind.Interface,
  PersistentVolumeClaim: SymbolKind.File,
};

/**
 * The objects whose kind and name hold every word of the query (case-insensitive, in any part):
 * `deploy web` finds `Deployment web-frontend`. Named as the outline names them, `Deployment web`,
 * so the editor's own filter matches the same words.
 */
export function findWorkspaceSymbols(index: WorkspaceIndex, query: string, limit = 500): SymbolInformation[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  const symbols: SymbolInformation[] = [];
  for (const { uri, item } of index.declarations()) {
    const label = `${item.kind} ${item.name}`;
    const haystack = `${label} ${item.namespace ?? ''}`.toLowerCase();
    if (words.every((word) => haystack.includes(word))) {
      symbols.push({
        name: label,
        kind: symbolKinds[item.kind] ?? SymbolKind.Class,
        location: { uri, range: item.nameRange },
        ...(item.namespace !== undefined ? { containerName: item.namespace } : {}),
      });
      if (symbols.length >= limit) {
        break;
      }
    }
  }
  return symbols;
}
