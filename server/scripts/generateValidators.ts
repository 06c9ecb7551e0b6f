/**
 * Precompiles the schema validator of every kind with ajv's standalone code, so that the server
 * does not compile schemas at run time. Written to out/validators.js and bundled by esbuild into
 * dist/validators.js. The JSON Schemas are the ones the server would otherwise compile itself
 * (server/src/schema/jsonSchema.ts), from the committed catalog.
 *
 *   npx tsx server/scripts/generateValidators.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { Catalog } from '../src/catalog/catalog';
import { kindJsonSchema } from '../src/schema/jsonSchema';
import { objectMetaDefinition } from '../src/schema/customResourceSchema';
import { ajvOptions } from '../src/schema/schemaValidator';

const repoRoot = path.resolve(__dirname, '../..');
export const validatorsPath = path.join(repoRoot, 'out/validators.js');

export function generateValidators(catalog: Catalog): string {
  const definitions: Record<string, unknown> = {};
  for (const kind of catalog.kinds) {
    Object.assign(
      definitions,
      (kindJsonSchema(catalog, kind.definition) as { definitions: object }).definitions,
    );
  }
  // One schema holds every definition; each is compiled once, as its own function.
  const ajv = new Ajv({ ...ajvOptions, inlineRefs: false, code: { source: true } });
  ajv.addSchema({ $id: 'k8s', definitions });
  const exports: Record<string, string> = {};
  for (const kind of catalog.kinds) {
    exports[kind.definition] = `k8s#/definitions/${kind.definition}`;
  }
  // A custom resource's metadata is checked as ObjectMeta on its own (customResourceStage.ts).
  exports[objectMetaDefinition] = `k8s#/definitions/${objectMetaDefinition}`;
  return standaloneCode(ajv, exports);
}

if (require.main === module) {
  const started = performance.now();
  const catalog = Catalog.load(path.join(repoRoot, 'server/generated/catalog.json'));
  const code = generateValidators(catalog);
  fs.mkdirSync(path.dirname(validatorsPath), { recursive: true });
  fs.writeFileSync(validatorsPath, code);
  console.log(
    `Wrote ${path.relative(repoRoot, validatorsPath)} (${(code.length / 1024).toFixed(0)} KiB) in ${(performance.now() - started).toFixed(0)} ms`,
  );
}
