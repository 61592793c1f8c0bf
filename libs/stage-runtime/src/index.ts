export * from './stage';
export * from './stage-cache';
export * from './stage-cache-key';
export * from './stage-runner';
export * from './checkpoints';
export * from './stage-artifact-store';
