// class-transformer keeps its @Type metadata here; its package exports no typed path to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: unknown };
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import '@ares/contracts';

/** Where OpenAPI keeps reusable schemas; nested contracts refer to each other there. */
export const SCHEMA_REF_PREFIX = '#/components/schemas/';

/**
 * JSON schemas of every validated contract class (StartRunCommand, RunSpec, each stage's override and params class,
 * ...), derived from the same class-validator metadata that validates requests, so the OpenAPI document cannot
 * drift from what `POST /runs` accepts.
 */
export function contractSchemas(): Record<string, object> {
  return validationMetadatasToSchemas({
    refPointerPrefix: SCHEMA_REF_PREFIX,
    classTransformerMetadataStorage: defaultMetadataStorage as never,
  }) as Record<string, object>;
}
