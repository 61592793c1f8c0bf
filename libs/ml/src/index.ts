export * from './features';
export * from './data-quality';
export * from './labels';
export * from './validation';
export * from './models';
export * from './backtest';
