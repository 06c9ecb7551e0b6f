/**
 * Kustomize patches are partial manifests: a patch names only the fields it changes, and the rest
 * comes from the base. A file listed as a patch in a `kustomization.yaml` (in its folder or a
 * folder above it) is validated without "missing field" findings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** How many folders above a file are searched for a kustomization that lists it. */
const searchDepth = 4;

function patchPaths(kustomization: unknown): string[] {
  if (typeof kustomization !== 'object' || kustomization === null) {
    return [];
  }
  const { patches, patchesStrategicMerge, patchesJson6902 } = kustomization as Record<string, unknown>;
  const paths: string[] = [];
  const entries = [patches, patchesStrategicMerge, patchesJson6902].flatMap((list): unknown[] =>
    Array.isArray(list) ? (list as unknown[]) : [],
  );
  for (const entry of entries) {
    if (typeof entry === 'string') {
      paths.push(entry);
    } else if (
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as { path?: unknown }).path === 'string'
    ) {
      paths.push((entry as { path: string }).path);
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
