import * as path from 'node:path';
import { Catalog } from '../../server/src/catalog/catalog';
import { repoRoot } from './paths';

let shared: Catalog | undefined;

/** The committed catalog, loaded once for all tests. */
export function testCatalog(): Catalog {
  shared ??= Catalog.load(path.join(repoRoot, 'server/generated/catalog.json'));
  return shared;
}
