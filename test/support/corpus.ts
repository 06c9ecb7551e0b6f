import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every YAML file under a corpus folder, in a stable order (each folder's entries by name). */
export function corpusYamlFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/.test(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(root);
  return files;
}
