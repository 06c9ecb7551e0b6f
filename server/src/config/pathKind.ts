/**
 * What a URI names on the disk, for the paths a kustomization names (the language service asks;
 * the host reads the disk). Shared by the server and the CLI.
 */
import * as fs from 'node:fs';
import { localPath } from '../util/uri';

export function pathKindOnDisk(uri: string): 'file' | 'directory' | undefined {
  const file = localPath(uri);
  if (file === undefined) {
    return undefined;
  }
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat?.isDirectory() ? 'directory' : stat ? 'file' : undefined;
  } catch {
    return undefined;
  }
}
