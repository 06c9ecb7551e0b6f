/**
 * Host policy in one place, for the language server and `podscope lint` alike: the settings of a
 * document (the defaults, then the project's `.podscope.yaml`, then the user's own settings),
 * whether the document is excluded, and what the kustomizations around it do to it.
 * Documents are named by URI; only plain local `file:` URIs read files beside them.
 */
import * as path from 'node:path';
import { layerSettings, type PartialSettings, type PodscopeSettings } from '../common/settings';
import { matchesAny } from '../util/glob';
import { displayPath, localPath } from '../util/uri';
import {
  type ConfigFile,
  type CoveredMinors,
  configLayer,
  configSearchFolders,
  configFileIn,
  readConfigFile,
} from './configFile';
import type { KustomizeContext } from '../common/kustomizeContext';
import { isKustomizationPath } from '../kubernetes/kustomization';
import { KustomizeIndex } from './kustomize';

export interface SettingsResolverOptions {
  /** A problem in a config file (once per file until `clear`), as `path: problem`. */
  onConfigProblem?: (message: string) => void;
  /** The folders searched for a document's config file, nearest first (for file watchers). */
  onFoldersSearched?: (folders: readonly string[]) => void;
  /** The Kubernetes minors the catalog covers: a config file's `kubernetesVersion` outside them is a problem. */
  coveredMinors?: () => CoveredMinors | undefined;
}

export class SettingsResolver {
  /** Folder → the config file that applies there, read once per folder until `clear`. */
  private readonly configs = new Map<string, ConfigFile | undefined>();
  private readonly reported = new Set<string>();
  private readonly kustomizations = new KustomizeIndex();

  constructor(private readonly options: SettingsResolverOptions = {}) {}

  /** The project's config file for a document: none for what is not a local file. */
  configFor(uri: string): ConfigFile | undefined {
    const file = localPath(uri);
    if (file === undefined) {
      return undefined;
    }
    const folder = path.dirname(file);
    if (!this.configs.has(folder)) {
      const folders = configSearchFolders(folder);
      this.options.onFoldersSearched?.(folders);
      const found = configFileIn(folders);
      const config = found ? readConfigFile(found, this.options.coveredMinors?.()) : undefined;
      if (config && !this.reported.has(config.path)) {
        this.reported.add(config.path);
        for (const problem of config.problems) {
          this.options.onConfigProblem?.(`${config.path}: ${problem}`);
        }
      }
      this.configs.set(folder, config);
    }
    return this.configs.get(folder);
  }

  /** The settings of a document: the defaults, then its project's config file, then the user's. */
  resolve(uri: string, user: PartialSettings = {}): PodscopeSettings {
    const config = this.configFor(uri);
    return layerSettings(config ? [configLayer(config), user] : [user]);
  }

  /** Whether the settings exclude the document (globs match its local path). */
  isExcluded(uri: string, settings: PodscopeSettings): boolean {
    return settings.exclude.length > 0 && matchesAny(displayPath(uri), settings.exclude);
  }

  /**
   * What the kustomizations around the document do to it (whether it is a patch, the labels and
   * images they set); none for what is not a local file.
   */
  kustomizeContext(uri: string): KustomizeContext | undefined {
    const file = localPath(uri);
    return file === undefined ? undefined : this.kustomizations.contextOf(file);
  }

  /**
   * The prefixes and suffixes the kustomizations around a file put around the names of the
   * objects it declares (or, for a kustomization, generates).
   */
  nameAffixes(uri: string): KustomizeContext['nameAffixes'] {
    const file = localPath(uri);
    if (file === undefined) {
      return [];
    }
    return isKustomizationPath(file)
      ? this.kustomizations.generatedNameAffixes(file)
      : (this.kustomizations.contextOf(file)?.nameAffixes ?? []);
  }

  /** Forgets every config file and kustomization read: they changed on disk. */
  clear(): void {
    this.configs.clear();
    this.reported.clear();
    this.kustomizations.clear();
  }
}
