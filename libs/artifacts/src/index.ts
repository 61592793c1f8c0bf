export * from './artifact-store';
export * from './content-address';
export * from './object-store-artifact-store';
export * from './in-memory-artifact-store';
