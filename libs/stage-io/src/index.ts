export * from './stage-artifacts';
export * from './labelled-model-inputs';
export * from './tuned-model';
export * from './deployable-setup';
export * from './run-inputs-cache';
