/**
 * Kustomize patches are partial manifests: a patch names only the fields it changes, and the rest
 * comes from the base. A file listed as a patch in a `kustomization.yaml` (in its folder or a
 * folder above it) is validated without "missing field" findings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { listOf, objectOf, stringOf } from '../common/guards';

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** How many folders above a file are searched for a kustomization that lists it. */
const searchDepth = 4;

function patchPaths(kustomization: unknown): string[] {
  const fields = objectOf(kustomization);
  const entries = [fields?.patches, fields?.patchesStrategicMerge, fields?.patchesJson6902].flatMap((list) =>
    listOf(list),
  );
  const paths: string[] = [];
  for (const entry of entries) {
    // A patch is a path, or an object with a `path` (or an inline `patch`, which is no file).
    const patchPath = typeof entry === 'string' ? entry : stringOf(objectOf(entry)?.path);
    if (patchPath !== undefined) {
      paths.push(patchPath);
    }
  }
  return paths;
}

export class KustomizePatches {
  /** Folder → the absolute paths of the patches its kustomization lists. */
  private readonly folders = new Map<string, ReadonlySet<string>>();

  private patchesOf(folder: string): ReadonlySet<string> {
    let patches = this.folders.get(folder);
    if (!patches) {
      const set = new Set<string>();
      for (const name of kustomizationNames) {
        const file = path.join(folder, name);
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          continue;
        }
        try {
          for (const patch of patchPaths(parse(text))) {
            set.add(path.resolve(folder, patch));
          }
        } catch {
          // A kustomization that does not parse lists nothing we can use.
        }
      }
      patches = set;
      this.folders.set(folder, patches);
    }
    return patches;
  }

  /** Whether a file (an absolute path) is a patch of some kustomization. */
  isPatch(file: string): boolean {
    let folder = path.dirname(file);
    for (let depth = 0; depth <= searchDepth; depth++) {
      if (this.patchesOf(folder).has(file)) {
        return true;
      }
      const parent = path.dirname(folder);
      if (parent === folder) {
        break;
      }
      folder = parent;
    }
    return false;
  }

  clear(): void {
    this.folders.clear();
  }
}
