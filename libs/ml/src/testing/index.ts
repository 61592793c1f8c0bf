export * from './test-candles';
