export * from './run-spec';
export * from './stage-override';
export * from './timeframes';
export * from './costs';
export * from './stage-params';
export * from './stage-params-of';
