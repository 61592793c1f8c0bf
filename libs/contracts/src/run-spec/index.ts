export * from './run-spec';
export * from './timeframes';
export * from './costs';
