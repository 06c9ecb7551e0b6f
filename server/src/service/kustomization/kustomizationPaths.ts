/**
 * The files and folders a kustomization names (`resources`, `components`, `bases`, `crds`,
 * `configurations`, `patches[].path`, `patchesStrategicMerge`, `patchesJson6902[].path`, the
 * generators' `files`, `envs` and `env`, `replacements[].path`): document links, go to
 * definition, and an error for a local path that does not exist.
 *
 * Kustomize resolves them against the kustomization's folder (its root: api/internal/loader/
 * fileloader.go `FileLoader.Load`, `New`); a folder in `resources`, `components` or `bases` must
 * hold a kustomization file (api/konfig/general.go `RecognizedKustomizationFileNames`;
 * api/internal/target/errmissingkustomization.go: "unable to find one of 'kustomization.yaml',
 * 'kustomization.yml' or 'Kustomization' in directory"). A remote resource — an http(s) URL
 * (`IsRemoteFile`) or a git repository (api/internal/git/repospec.go `NewRepoSpecFromURL`:
 * `github.com/org/repo//path?ref=v1`, `git@…`, `ssh://…`) — is not checked, nor is a path
 * with a glob or a variable. The service never reads the disk: the host says what a URI is.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { DocumentLink, Location, Position, Range } from 'vscode-languageserver-types';
import { kustomizationFileNames } from '../../kubernetes/kustomization';
import { keyText, rangeOf } from '../../yaml/astPath';
import type { ManifestDocument, ManifestFile } from '../../yaml/manifestFile';
import { isKustomizationDocument, type KustomizationFinding } from './kustomizationFields';
import { fieldOf, type KustomizationField, type KustomizationType, schemaAt } from './kustomizationSchema';
import { rangeContains } from '../../util/ranges';

/** What a URI names on the host's file system, if anything. */
export type PathKind = (uri: string) => 'file' | 'directory' | undefined;

/** One local path a kustomization names. */
export interface KustomizationPath {
  /** The path as written (for `files`, without its `key=`). */
  readonly path: string;
  /** The range of the path in the file. */
  readonly range: Range;
  readonly expects: NonNullable<KustomizationField['path']>;
}

/** A path Kustomize fetches rather than reads from the kustomization's folder. */
export function isRemotePath(path: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('git@') || path.includes('?')) {
    return true;
  }
  // github.com/org/repo, gitlab.com/…: a host name as the first segment.
  const [first, ...rest] = path.split('/');
  return rest.length > 0 && first !== undefined && first !== '.' && first !== '..' && first.includes('.');
}

/** Every path a kustomization document names, walking the schema's path fields. */
export function kustomizationPaths(document: ManifestDocument): KustomizationPath[] {
  const found: KustomizationPath[] = [];
  const add = (node: Node | null, expects: KustomizationPath['expects']): void => {
    if (!isScalar(node) || typeof node.value !== 'string') {
      return;
    }
    const value = node.value;
    // An inline patch in patchesStrategicMerge is a string of several lines, not a path.
    if (value.includes('\n')) {
      return;
    }
    const path = (expects === 'keyedFile' ? value.slice(value.indexOf('=') + 1) : value).trim();
    const offsets = rangeOf(node);
    if (path === '' || !offsets) {
      return;
    }
    const source = document.segment.text.slice(offsets[0], offsets[1]);
    const at = source.lastIndexOf(path);
    const start = at < 0 ? offsets[0] : offsets[0] + at;
    const end = at < 0 ? offsets[1] : start + path.length;
    found.push({ path, range: document.rangeOf(start, end), expects });
  };
  const visit = (schema: KustomizationType | undefined, node: Node | null): void => {
    if (schema?.type === 'list' && isSeq(node)) {
      node.items.forEach((item) => visit(schema.items, item as Node | null));
    } else if (schema?.type === 'object' && isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair);
        const field = key === undefined ? undefined : fieldOf(schema, key)?.field;
        if (!field) {
          continue;
        }
        const value = pair.value as Node | null;
        // A path of the wrong shape (a string for a list) is kustomization-wrong-type's.
        if (field.path && field.schema.type === 'list' && isSeq(value)) {
          value.items.forEach((item) => add(item as Node | null, field.path!));
        } else if (field.path && field.schema.type === 'string') {
          add(value, field.path);
        } else if (!field.path) {
          visit(field.schema, value);
        }
      }
    }
  };
  visit(schemaAt([]), document.yaml.contents);
  return found.filter(({ path }) => !isRemotePath(path) && !/[*?[\]$]/.test(path));
}

/** The URI a path names, relative to a kustomization's folder (local `file:` documents only). */
export function resolvePath(kustomizationUri: string, path: string): string | undefined {
  if (!kustomizationUri.startsWith('file:')) {
    return undefined;
  }
  try {
    const encoded = path
      .split('/')
      .map((part) => encodeURIComponent(part))
      .join('/');
    const resolved = new URL(encoded, kustomizationUri).href;
    return resolved.length > 'file:///'.length ? resolved.replace(/\/+$/, '') : resolved;
  } catch {
    return undefined;
  }
}

/** The kustomization file of a folder, when the host knows it. */
function kustomizationIn(folderUri: string, pathKind: PathKind): string | undefined {
  return kustomizationFileNames
    .map((name) => `${folderUri}/${name}`)
    .find((candidate) => pathKind(candidate) === 'file');
}

/** Where a path leads: the file, or a folder's kustomization file. */
function targetOf(uri: string, entry: KustomizationPath, pathKind: PathKind | undefined): string | undefined {
  const resolved = resolvePath(uri, entry.path);
  if (!resolved || !pathKind) {
    return resolved;
  }
  const kind = pathKind(resolved);
  return kind === 'file' ? resolved : kind === 'directory' ? kustomizationIn(resolved, pathKind) : undefined;
}

function kustomizationDocuments(uri: string, file: ManifestFile): ManifestDocument[] {
  return uri.startsWith('file:') ? file.documents.filter(isKustomizationDocument) : [];
}

export function findKustomizationLinks(
  uri: string,
  file: ManifestFile,
  pathKind: PathKind | undefined,
): DocumentLink[] {
  return kustomizationDocuments(uri, file).flatMap((document) =>
    kustomizationPaths(document).flatMap((entry) => {
      const target = targetOf(uri, entry, pathKind);
      return target ? [{ range: entry.range, target }] : [];
    }),
  );
}

export function findKustomizationDefinition(
  uri: string,
  file: ManifestFile,
  position: Position,
  pathKind: PathKind | undefined,
): Location[] {
  const document = file.documentAtLine(position.line);
  if (!document || !kustomizationDocuments(uri, file).includes(document)) {
    return [];
  }
  const entry = kustomizationPaths(document).find(({ range }) => rangeContains(range, position));
  const target = entry ? targetOf(uri, entry, pathKind) : undefined;
  const start = { line: 0, character: 0 };
  return target ? [{ uri: target, range: { start, end: start } }] : [];
}

/** A local path that does not exist, or a folder without a kustomization file. */
export function checkKustomizationPaths(
  uri: string,
  file: ManifestFile,
  pathKind: PathKind,
): KustomizationFinding[] {
  const findings: KustomizationFinding[] = [];
  for (const document of kustomizationDocuments(uri, file)) {
    for (const entry of kustomizationPaths(document)) {
      const resolved = resolvePath(uri, entry.path);
      if (!resolved) {
        continue;
      }
      const kind = pathKind(resolved);
      if (kind === undefined) {
        findings.push({
          code: 'kustomization-path-not-found',
          range: entry.range,
          message: `"${entry.path}" does not exist (paths are relative to the kustomization's folder): kustomize build fails.`,
        });
      } else if (
        kind === 'directory' &&
        entry.expects === 'fileOrFolder' &&
        !kustomizationIn(resolved, pathKind)
      ) {
        findings.push({
          code: 'kustomization-path-not-found',
          range: entry.range,
          message: `The folder "${entry.path}" holds no ${kustomizationFileNames.map((name) => `'${name}'`).join(', ')}: kustomize build fails.`,
        });
      }
    }
  }
  return findings;
}
