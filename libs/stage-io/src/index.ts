export * from './stage-artifacts';
export * from './labelled-model-inputs';
