import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PrecompiledValidators } from './schemaValidator';

/** The validators precompiled by the build, beside the bundle; absent when run from sources. */
export function loadPrecompiledValidators(directory = __dirname): PrecompiledValidators | undefined {
  const file = path.join(directory, 'validators.js');
  if (!fs.existsSync(file)) {
    return undefined;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as PrecompiledValidators;
  } catch {
    // A damaged file only costs speed: schemas are then compiled on first use.
    return undefined;
  }
}
