/** Every message carries the schema version it was written with; readers reject versions they do not know. */
export const SCHEMA_VERSION = 1 as const;
