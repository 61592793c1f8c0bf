export * from './registry-errors';
export * from './model-index-store';
export * from './in-memory-model-index-store';
export * from './kv-model-index-store';
export * from './model-index-rules';
export * from './model-registry';
