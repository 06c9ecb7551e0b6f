import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

/** `../shared` beside the repository: reference data we test against but never copy. */
export const sharedRoot = path.resolve(repoRoot, '../shared');

/**
 * Resolves a path under `../shared`, or returns the reason it is unavailable. Tests that need it
 * register themselves as pending with that reason, so a plain clone still passes `npm test`.
 */
export function sharedFile(relative: string): { path: string } | { missing: string } {
  const full = path.join(sharedRoot, relative);
  return fs.existsSync(full)
    ? { path: full }
    : { missing: `${full} not found (../shared is not beside the repo)` };
}

/**
 * `describe` for suites that need a file or folder under `../shared`. Without it, the suite
 * shows one pending test that names what is missing.
 */
export function describeWithShared(title: string, relative: string, body: (file: string) => void): void {
  const found = sharedFile(relative);
  if ('missing' in found) {
    describe(title, () => {
      it.skip(`skipped: ${found.missing}`, () => undefined);
    });
    return;
  }
  describe(title, () => body(found.path));
}
