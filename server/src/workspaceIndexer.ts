/**
 * Keeps the workspace index current for the language server: every YAML file of the workspace
 * folders read in the background at start (without holding up the open files' diagnostics: it
 * yields to the event loop between files), then each file again when the client says it changed
 * on disk. An open file's entry comes from the editor's text, which wins over the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { skippedFolderNames } from './util/folders';
import { localPath } from './util/uri';
import { parse } from 'yaml';
import { isKustomizationPath, kustomizationFileNames, readKustomization } from './kubernetes/kustomization';
import { type FileResources, type NameAffixes, resourcesOf } from './workspace/fileResources';
import { chartFileRole } from './workspace/helm/chartStore';
import type { WorkspaceIndex } from './workspace/workspaceIndex';
import { looksLikeKubernetes, ManifestParser } from './yaml/manifestFile';

/** Files larger than this are not indexed (a generated bundle is not an application's source). */
export const maxIndexedFileSize = 1024 * 1024;
/**
 * A CustomResourceDefinition may be larger, up to the size the editor checks: the schemas of
 * Argo CD's ApplicationSet, Kyverno's policies or prometheus-operator's full AlertmanagerConfig
 * take 1.4 to 1.6 MB. They are read after every other file (parsing one holds the event loop for
 * about a second).
 */
export const maxIndexedDefinitionFileSize = 4 * 1024 * 1024;
/** At most this many files are indexed per workspace. */
export const maxIndexedFiles = 20000;

export interface IndexerOptions {
  /** Whether the user's settings or the project's config file exclude a file. */
  isExcluded(uri: string): boolean;
  /** Whether the editor has the file open (its text wins). */
  isOpen(uri: string): boolean;
  /** The names Kustomize builds a file's objects with (SettingsResolver.nameAffixes). */
  nameAffixes(uri: string): NameAffixes;
}

export class WorkspaceIndexer {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly options: IndexerOptions,
  ) {}

  /** The entry of an open file, from the editor's text. */
  setOpen(uri: string, resources: FileResources | undefined): void {
    if (resources) {
      this.index.set(uri, resources);
    } else {
      this.index.delete(uri);
    }
  }

  /** A file's entry from the disk again (it changed, or the editor closed it). */
  async refresh(uri: string): Promise<void> {
    if (this.options.isOpen(uri)) {
      return;
    }
    const file = localPath(uri);
    const resources =
      file === undefined ? undefined : await readResources(file, uri, this.options.nameAffixes(uri));
    const chartText = file === undefined ? undefined : await readChartFile(file, uri);
    if (this.options.isOpen(uri)) {
      return;
    }
    if (chartText !== undefined && !this.options.isExcluded(uri)) {
      this.index.charts.set(uri, chartText);
    } else {
      this.index.charts.delete(uri);
    }
    if (resources && !this.options.isExcluded(uri)) {
      this.index.set(uri, resources);
    } else {
      this.index.delete(uri);
    }
  }

  /** Reads every YAML file under the folders; resolves with the number of files indexed. */
  async indexFolders(
    folders: readonly string[],
    isCancelled: () => boolean = () => false,
    /** Files done of files found, every 50 files and at the end. */
    progress?: (done: number, total: number) => void,
  ): Promise<number> {
    const files: string[] = [];
    for (const folder of folders) {
      await collectYamlFiles(folder, files);
    }
    // What the kustomizations build but the walk did not find (a CRD file outside the folders).
    files.push(...(await kustomizationResourceFiles(files)));
    // The large files (which only a CRD may be) last, after the application's manifests.
    const sizes = new Map<string, number>();
    for (const file of files) {
      sizes.set(file, (await fs.promises.stat(file).catch(() => undefined))?.size ?? 0);
    }
    const ordered = [
      ...files.filter((file) => sizes.get(file)! <= maxIndexedFileSize),
      ...files.filter((file) => sizes.get(file)! > maxIndexedFileSize),
    ];
    let done = 0;
    for (const file of ordered) {
      if (isCancelled()) {
        break;
      }
      const uri = pathToFileURL(file).toString();
      if (!this.options.isOpen(uri) && !this.options.isExcluded(uri)) {
        const resources = /\.ya?ml$|^Kustomization$/.test(path.basename(file))
          ? await readResources(file, uri, this.options.nameAffixes(uri))
          : undefined;
        const chartText = await readChartFile(file, uri);
        // The editor may have opened it meanwhile: its text wins.
        if (resources && !this.options.isOpen(uri)) {
          this.index.set(uri, resources);
        }
        if (chartText !== undefined && !this.options.isOpen(uri)) {
          this.index.charts.set(uri, chartText);
        }
      }
      done++;
      if (done % 50 === 0 || done === files.length) {
        progress?.(done, files.length);
      }
      // One file per turn of the event loop: requests and edits are answered in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return done;
  }
}

/** The YAML files under a folder (not in node_modules or version control folders), sorted. */
async function collectYamlFiles(root: string, into: string[]): Promise<void> {
  const pending = [root];
  while (pending.length > 0 && into.length < maxIndexedFiles) {
    const folder = pending.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolderNames.has(entry.name)) {
          pending.push(full);
        }
      } else if (
        entry.isFile() &&
        // A Helm chart's schema and named-template files are read for the chart model.
        (/(\.ya?ml|^Kustomization)$/.test(entry.name) ||
          entry.name === 'values.schema.json' ||
          (entry.name.endsWith('.tpl') && path.basename(folder) === 'templates')) &&
        into.length < maxIndexedFiles
      ) {
        into.push(full);
      }
    }
  }
}

/** At most this many files are added because a kustomization names them. */
export const maxKustomizationResourceFiles = 500;

/**
 * The YAML files that the kustomizations among `files` build (`resources`, `bases`,
 * `components`: a file, or a folder with its own kustomization, followed as `kustomize build`
 * follows them, sigs.k8s.io/kustomize api/internal/target/kusttarget.go accumulateResources) and
 * that are not among `files`: a CRD the application's build includes from outside the workspace
 * folders, or from a folder the walk leaves out. Remote resources (URLs) are not followed.
 */
async function kustomizationResourceFiles(files: readonly string[]): Promise<string[]> {
  const known = new Set(files);
  const added: string[] = [];
  const visitedFolders = new Set<string>();
  const pending = files.filter((file) => isKustomizationPath(file));
  while (pending.length > 0 && added.length < maxKustomizationResourceFiles) {
    const kustomizationFile = pending.shift()!;
    const folder = path.dirname(kustomizationFile);
    if (visitedFolders.has(folder)) {
      continue;
    }
    visitedFolders.add(folder);
    let resources: readonly string[];
    try {
      resources = readKustomization(parse(await fs.promises.readFile(kustomizationFile, 'utf8'))).resources;
    } catch {
      continue;
    }
    for (const resource of resources) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(resource) || resource.startsWith('git@')) {
        continue;
      }
      const target = path.resolve(folder, resource);
      const stat = await fs.promises.stat(target).catch(() => undefined);
      if (stat?.isFile() && /\.ya?ml$/i.test(target) && !known.has(target)) {
        known.add(target);
        added.push(target);
      } else if (stat?.isDirectory()) {
        for (const name of kustomizationFileNames) {
          const nested = path.join(target, name);
          if (
            await fs.promises.stat(nested).then(
              (found) => found.isFile(),
              () => false,
            )
          ) {
            pending.push(nested);
            if (!known.has(nested)) {
              known.add(nested);
              added.push(nested);
            }
            break;
          }
        }
      }
    }
  }
  return added.slice(0, maxKustomizationResourceFiles);
}

/** The text of a file a Helm chart may hold (workspace/helm/chartStore.ts); undefined for any other. */
async function readChartFile(file: string, uri: string): Promise<string | undefined> {
  if (!chartFileRole(uri)) {
    return undefined;
  }
  try {
    const stat = await fs.promises.stat(file);
    return stat.isFile() && stat.size <= maxIndexedFileSize
      ? await fs.promises.readFile(file, 'utf8')
      : undefined;
  } catch {
    return undefined;
  }
}

/** A file's declarations and references; undefined for what is too large, unreadable or not Kubernetes. */
async function readResources(
  file: string,
  uri: string,
  affixes: NameAffixes,
): Promise<FileResources | undefined> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile() || stat.size > maxIndexedDefinitionFileSize) {
      return undefined;
    }
    const text = await fs.promises.readFile(file, 'utf8');
    if (stat.size > maxIndexedFileSize && !/^kind:\s*["']?CustomResourceDefinition\b/m.test(text)) {
      return undefined;
    }
    return looksLikeKubernetes(text) || isKustomizationPath(file)
      ? resourcesOf(uri, new ManifestParser().parse(text), affixes)
      : undefined;
  } catch {
    return undefined;
  }
}
