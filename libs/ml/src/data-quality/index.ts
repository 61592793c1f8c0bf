export * from './quality-policy';
export * from './quality-report';
export * from './check-candles';
