import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitSegments } from '../../server/src/yaml/segments';
import { sharedRoot } from './paths';

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

/**
 * The text of every document segment of the Kubernetes website examples (as the parser cuts a
 * file), in a stable order; undefined without ../shared.
 */
export function websiteExampleSegments(): string[] | undefined {
  const root = path.join(sharedRoot, 'corpus/k8s-website-examples');
  if (!fs.existsSync(root)) {
    return undefined;
  }
  return corpusYamlFiles(root).flatMap((file) =>
    splitSegments(fs.readFileSync(file, 'utf8')).map((segment) => segment.text),
  );
}
