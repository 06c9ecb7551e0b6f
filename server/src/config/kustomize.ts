/**
 * Which kustomizations use a file, and what they will do to it. Kustomize builds a folder from
 * the files its kustomization lists (resources, bases, components) and patches them with others;
 * an overlay builds a base folder the same way. A file's findings are judged on what the build
 * makes of it: a patch names only the fields it changes, `commonLabels` creates selectors, and
 * `images:` replaces tags (see kubernetes/kustomization.ts).
 *
 * The kustomizations are found by reading the folders around the file: every kustomization under
 * the folder `scanDepth` levels above it, or the project's root if that is nearer (so overlays
 * beside a base are seen), read once per folder until `clear`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { skippedFolderNames } from '../util/folders';
import { parse } from 'yaml';
import type { KustomizeContext, KustomizeImage, NamespaceFieldSpec } from '../common/kustomizeContext';
import {
  type Kustomization,
  kustomizationFileNames,
  readKustomization,
  readNamespaceFieldSpecs,
} from '../kubernetes/kustomization';

/** How many folders above a file the search for kustomizations that use it starts. */
const scanDepth = 4;
/** At most this many folders are read for one search: a huge tree is not walked on a keystroke. */
const maxFolders = 5000;

/**
 * Whether a file's name has the word "patch" (`manager_patch.yaml`, `patch-env.yaml`,
 * `delete.patch.yaml`) or it is in a folder named `patch` or `patches`.
 */
function namedAsPatch(file: string): boolean {
  const words = path
    .basename(file)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase());
  const folders = path.dirname(file).split(path.sep).slice(-3);
  return (
    words.includes('patch') ||
    words.includes('patches') ||
    folders.some((folder) => /^patch(es)?$/i.test(folder))
  );
}

interface Folder {
  readonly kustomization: Kustomization | undefined;
  /** The kustomization's file, as the folder lists it. */
  readonly kustomizationFile: string | undefined;
  readonly subfolders: readonly string[];
}

interface Usage {
  /** Kustomization folders that list the path under resources, bases or components. */
  readonly resourceOf: Map<string, string[]>;
  /** Kustomization folders that list the path as a patch. */
  readonly patchOf: Map<string, string[]>;
  readonly kustomizations: Map<string, Kustomization>;
}

export class KustomizeIndex {
  private readonly folders = new Map<string, Folder>();
  private readonly usages = new Map<string, Usage>();
  private readonly contexts = new Map<string, KustomizeContext | undefined>();

  /** What the kustomizations around a file (an absolute path) do to it; undefined when none uses it. */
  contextOf(file: string): KustomizeContext | undefined {
    if (!this.contexts.has(file)) {
      this.contexts.set(file, this.computeContext(file));
    }
    return this.contexts.get(file);
  }

  /**
   * The name affixes of the objects a kustomization file generates (`configMapGenerator`,
   * `secretGenerator`): its own `namePrefix`/`nameSuffix`, then those of the overlays that build
   * its folder.
   */
  generatedNameAffixes(kustomizationFile: string): KustomizeContext['nameAffixes'] {
    const folder = path.dirname(kustomizationFile);
    const usage = this.usageUnder(scanRoot(kustomizationFile));
    if (!usage.kustomizations.has(folder)) {
      return emptyContext('resource').nameAffixes;
    }
    return nameAffixes(buildOrder(usage, [folder]).map((each) => usage.kustomizations.get(each)!));
  }

  /**
   * The namespace the builds set (the outermost kustomization's transformer runs last and wins)
   * and the extra fields it goes into, from the `configurations:` files of the kustomizations.
   */
  private namespaceOf(
    order: readonly string[],
    usage: Usage,
  ): Pick<KustomizeContext, 'namespace' | 'namespaceFieldSpecs'> {
    let namespace: string | undefined;
    const specs: NamespaceFieldSpec[] = [];
    for (const folder of order) {
      const kustomization = usage.kustomizations.get(folder)!;
      namespace = kustomization.namespace ?? namespace;
      for (const configuration of kustomization.configurations) {
        specs.push(...this.readConfiguration(path.resolve(folder, configuration)));
      }
    }
    return namespace === undefined
      ? {}
      : { namespace, ...(specs.length > 0 ? { namespaceFieldSpecs: specs } : {}) };
  }

  private readonly configurations = new Map<string, NamespaceFieldSpec[]>();

  private readConfiguration(file: string): NamespaceFieldSpec[] {
    let specs = this.configurations.get(file);
    if (!specs) {
      try {
        specs = readNamespaceFieldSpecs(parse(fs.readFileSync(file, 'utf8')));
      } catch {
        // A configuration that cannot be read sets nothing we can know.
        specs = [];
      }
      this.configurations.set(file, specs);
    }
    return specs;
  }

  /** Forgets every kustomization read: they changed on disk. */
  clear(): void {
    this.folders.clear();
    this.configurations.clear();
    this.usages.clear();
    this.contexts.clear();
  }

  private computeContext(file: string): KustomizeContext | undefined {
    const usage = this.usageUnder(scanRoot(file));
    const patchedBy = usage.patchOf.get(file) ?? [];
    const builtBy = usage.resourceOf.get(file) ?? [];
    if (patchedBy.length === 0 && builtBy.length === 0) {
      // Only in a Kustomize project: elsewhere (a Helm chart's `job-patch/`) the name says nothing.
      return usage.kustomizations.size > 0 && namedAsPatch(file) ? emptyContext('unused-patch') : undefined;
    }
    const order = buildOrder(usage, [...patchedBy, ...builtBy]);
    // Merged over every build of the file (an overlay each): a finding is dropped when some build
    // supplies what it lacks, as a false error costs more than a missed one.
    const selectorLabels: Record<string, string> = {};
    const images: KustomizeImage[] = [];
    // The outermost kustomization runs its transformers last: its labels win.
    for (const folder of [...order].reverse()) {
      const kustomization = usage.kustomizations.get(folder)!;
      Object.assign(selectorLabels, kustomization.commonLabels, kustomization.selectorLabels);
    }
    // The nearest kustomization's images transform first; an outer entry sees what it made.
    for (const folder of order) {
      images.push(...usage.kustomizations.get(folder)!.images);
    }
    return {
      role: patchedBy.length > 0 ? 'patch' : 'resource',
      selectorLabels,
      images,
      nameAffixes: nameAffixes(order.map((folder) => usage.kustomizations.get(folder)!)),
      ...this.namespaceOf(order, usage),
      kustomizations: order.map((folder) => this.folders.get(folder)?.kustomizationFile ?? folder),
    };
  }

  /** The kustomizations under a folder, and which paths each lists. */
  private usageUnder({ root, recurse }: { root: string; recurse: boolean }): Usage {
    const key = `${recurse ? 'tree' : 'folder'}:${root}`;
    let usage = this.usages.get(key);
    if (!usage) {
      usage = { resourceOf: new Map(), patchOf: new Map(), kustomizations: new Map() };
      const add = (map: Map<string, string[]>, key: string, folder: string): void => {
        const list = map.get(key);
        if (list) {
          list.push(folder);
        } else {
          map.set(key, [folder]);
        }
      };
      // Breadth first, so that the folders nearest the root are read before the cap.
      const pending = [root];
      for (let next = 0; next < pending.length && next < maxFolders; next++) {
        const folder = pending[next]!;
        const entry = this.readFolder(folder);
        if (recurse) {
          pending.push(...entry.subfolders);
        }
        if (entry.kustomization) {
          usage.kustomizations.set(folder, entry.kustomization);
          for (const resource of entry.kustomization.resources) {
            add(usage.resourceOf, path.resolve(folder, resource), folder);
          }
          for (const patch of entry.kustomization.patches) {
            add(usage.patchOf, path.resolve(folder, patch), folder);
          }
        }
      }
      this.usages.set(key, usage);
    }
    return usage;
  }

  private readFolder(folder: string): Folder {
    let entry = this.folders.get(folder);
    if (!entry) {
      let names: fs.Dirent[] = [];
      try {
        names = fs.readdirSync(folder, { withFileTypes: true });
      } catch {
        // An unreadable folder holds nothing we can use.
      }
      const subfolders = names
        .filter((name) => name.isDirectory() && !skippedFolderNames.has(name.name))
        .map((name) => path.join(folder, name.name));
      const file = names.find((name) => name.isFile() && isKustomizationName(name.name));
      const kustomizationFile = file ? path.join(folder, file.name) : undefined;
      entry = {
        kustomization: kustomizationFile ? readKustomizationFile(kustomizationFile) : undefined,
        kustomizationFile,
        subfolders,
      };
      this.folders.set(folder, entry);
    }
    return entry;
  }
}

/**
 * Every kustomization that builds what the given ones make, nearest first: them, then whatever
 * builds their folders, breadth first (a cycle is Kustomize's error to report, not a hang).
 * Sorted, so that the order does not depend on the order the file system lists folders in.
 */
function buildOrder(usage: Usage, start: readonly string[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = [...start].sort();
  while (queue.length > 0) {
    const folder = queue.shift()!;
    if (seen.has(folder)) {
      continue;
    }
    seen.add(folder);
    order.push(folder);
    queue.push(...[...(usage.resourceOf.get(folder) ?? [])].sort());
  }
  return order;
}

/**
 * Where the search for a file's kustomizations starts: `scanDepth` folders above it, but not above
 * the project's root (a folder with `.git`), and not into a folder whose tree is no project (the
 * file system's root or a folder right under it, the home folder, the temporary folder). A file
 * right in such a folder has only that folder's own kustomization read.
 */
function scanRoot(file: string): { root: string; recurse: boolean } {
  const home = os.homedir();
  const temporary = os.tmpdir();
  const tooBroad = (folder: string): boolean => {
    const parent = path.dirname(folder);
    return parent === folder || path.dirname(parent) === parent || folder === home || folder === temporary;
  };
  let root = path.dirname(file);
  if (tooBroad(root)) {
    return { root, recurse: false };
  }
  for (let depth = 0; depth < scanDepth && !fs.existsSync(path.join(root, '.git')); depth++) {
    const parent = path.dirname(root);
    if (tooBroad(parent)) {
      break;
    }
    root = parent;
  }
  return { root, recurse: true };
}

function isKustomizationName(name: string): boolean {
  return (kustomizationFileNames as readonly string[]).includes(name);
}

function readKustomizationFile(file: string): Kustomization | undefined {
  try {
    return readKustomization(parse(fs.readFileSync(file, 'utf8')));
  } catch {
    // A kustomization that cannot be read or parsed lists nothing we can use.
    return undefined;
  }
}

function emptyContext(role: KustomizeContext['role']): KustomizeContext {
  return {
    role,
    selectorLabels: {},
    images: [],
    nameAffixes: [{ prefix: '', suffix: '' }],
    kustomizations: [],
  };
}

/** At most this many names per object: a deep tree of overlays is not multiplied out. */
const maxNameAffixes = 16;

/**
 * The name affixes of the builds, nearest kustomization first: each one's prefix goes before, and
 * its suffix after, what the kustomizations below it made (api/filters/prefix, suffix). Several
 * overlays are merged, which may list a combination no single build makes: that only lets a name
 * resolve, never makes one fail to.
 */
function nameAffixes(kustomizations: readonly Kustomization[]): KustomizeContext['nameAffixes'] {
  const affixes = [{ prefix: '', suffix: '' }];
  for (const kustomization of kustomizations) {
    if (kustomization.namePrefix === '' && kustomization.nameSuffix === '') {
      continue;
    }
    for (const affix of [...affixes]) {
      const built = {
        prefix: kustomization.namePrefix + affix.prefix,
        suffix: affix.suffix + kustomization.nameSuffix,
      };
      if (
        affixes.length < maxNameAffixes &&
        !affixes.some((known) => known.prefix === built.prefix && known.suffix === built.suffix)
      ) {
        affixes.push(built);
      }
    }
  }
  return affixes;
}
