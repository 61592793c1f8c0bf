export * from './trading-costs';
export * from './performance-metrics';
export * from './buy-and-hold';
export * from './backtest';
