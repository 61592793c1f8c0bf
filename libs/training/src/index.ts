export * from './model-inputs';
export * from './labels-codec';
export * from './walk-forward-plan';
export * from './baseline-model';
export * from './choose-barriers';
export * from './portable-model';
export * from './walk-forward-evaluation';
export * from './barrier-scale';
