/**
 * Schema validation with ajv against the JSON Schemas generated from the catalog.
 *
 * The build precompiles every kind's validator into `dist/validators.js` (ajv standalone code),
 * so the server does not compile schemas at run time. Without that file (tests run from the
 * sources), a kind's schema is compiled on first use and kept.
 */
import Ajv, { type ErrorObject } from 'ajv';
import type { Catalog } from '../catalog/catalog';
import { kindJsonSchema } from './jsonSchema';

export interface SchemaValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Precompiled validators keyed by definition id (the default export of dist/validators.js). */
export type PrecompiledValidators = Readonly<Record<string, SchemaValidateFunction>>;

export const ajvOptions = { allErrors: true, strict: false } as const;

export class SchemaValidator {
  private readonly compiled = new Map<string, SchemaValidateFunction>();
  private ajv: Ajv | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly precompiled: PrecompiledValidators = {},
  ) {}

  /** Validates plain data against a definition; returns ajv's errors (empty when valid). */
  validate(definitionId: string, data: unknown): ErrorObject[] {
    const validate = this.validatorFor(definitionId);
    return validate(data) ? [] : [...(validate.errors ?? [])];
  }

  private validatorFor(definitionId: string): SchemaValidateFunction {
    const precompiled = Object.prototype.hasOwnProperty.call(this.precompiled, definitionId)
      ? this.precompiled[definitionId]
      : undefined;
    if (precompiled) {
      return precompiled;
    }
    let validate = this.compiled.get(definitionId);
    if (!validate) {
      this.ajv ??= new Ajv(ajvOptions);
      validate = this.ajv.compile(kindJsonSchema(this.catalog, definitionId));
      this.compiled.set(definitionId, validate);
    }
    return validate;
  }
}
