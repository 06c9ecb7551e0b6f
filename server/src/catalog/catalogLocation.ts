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

/**
 * The catalog the language server loads: `--catalog <path>` (or `--catalog=<path>`) on its command
 * line, else the default. For tests and for clients that ship their own catalog.
 */
export function serverCatalogPath(argv: readonly string[] = process.argv): string {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--catalog' && argv[index + 1] !== undefined) {
      return path.resolve(argv[index + 1]!);
    }
    if (argument.startsWith('--catalog=')) {
      return path.resolve(argument.slice('--catalog='.length));
    }
  }
  return defaultCatalogPath();
}
