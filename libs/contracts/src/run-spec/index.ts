export * from './run-spec';
export * from './stage-override';
export * from './timeframes';
