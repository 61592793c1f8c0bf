export * from './run-command';
export * from './run-plan';
export * from './run-state';
export * from './run.decider';
