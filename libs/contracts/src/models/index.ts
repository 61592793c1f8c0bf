export * from './model-stage';
export * from './model-card';
export * from './model-index';
export * from './ab-plan';
export * from './model-name';
