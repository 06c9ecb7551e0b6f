import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where the catalog is: beside the bundle in `dist/` (and in the VSIX), or the generated file
 * when running from sources (tests, `tsx`).
 */
export function defaultCatalogPath(): string {
  const bundled = path.join(__dirname, 'catalog.json');
  if (fs.existsSync(bundled)) {
    return bundled;
  }
  return path.resolve(__dirname, '../../generated/catalog.json');
}
