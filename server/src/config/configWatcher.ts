/**
 * Watches the folders where config files are looked for, for clients that cannot watch files
 * for the server (no dynamic registration of `workspace/didChangeWatchedFiles`, as Neovim before
 * 0.9). One non-recursive `fs.watch` per folder, at most `maxFolders`; a folder that cannot be
 * watched (gone, or no watches left) is skipped: config edits there then apply on the next
 * change of settings or on reopening the file, as before.
 */
import { kustomizationFileNames } from '../kubernetes/kustomization';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** File names whose change means the settings or the Kustomize layout may have changed. */
export const watchedConfigNames: readonly string[] = ['.podscope.yaml', ...kustomizationFileNames];

export class ConfigWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher | undefined>();

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly maxFolders = 256,
  ) {}

  /** Starts watching these folders (those already watched are left as they are). */
  watch(folders: readonly string[]): void {
    for (const folder of folders) {
      if (this.watchers.has(folder) || this.watchers.size >= this.maxFolders) {
        continue;
      }
      let watcher: fs.FSWatcher | undefined;
      try {
        watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
          const file = name?.toString();
          if (file !== undefined && watchedConfigNames.includes(file)) {
            this.onChange(path.join(folder, file));
          }
        });
        // A watched folder that is deleted reports an error: stop watching it, quietly.
        watcher.on('error', () => this.unwatch(folder));
      } catch {
        watcher = undefined;
      }
      this.watchers.set(folder, watcher);
    }
  }

  private unwatch(folder: string): void {
    this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
  }

  dispose(): void {
    for (const folder of [...this.watchers.keys()]) {
      this.unwatch(folder);
    }
  }
}
